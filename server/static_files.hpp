// The files kring-server serves over HTTP, listed once at start-up: the web page's folder
// (read into memory) and the images of the decks (docs/security.md, "Static files").
//
// A request's path is looked up by exact string in the table made at start-up: it is never
// decoded, joined to a folder or resolved at request time, so no spelling of a path
// (//etc/passwd, /%2e%2e/, a backslash, NUL) can name a file that was not listed. What is
// listed: regular files with a known type whose real path (symbolic links resolved) lies
// inside their folder, no hidden file or folder, nothing explicitly excluded (the data file
// and its journal files, should they lie inside the web folder).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kring::server {

/** One servable file: its bytes (web folder) or the real path to read (images). */
struct served_file {
    std::shared_ptr<const std::string> data; // null: read `path`
    std::string path;                        // the file's real path, resolved at start-up
    std::string content_type;
};

/** The Content-Type for a file name by its extension; "" when Kring serves no such type. */
std::string_view content_type_of(std::string_view name);

/** The path of a request target: up to the first '?' or '#'. */
std::string_view target_path(std::string_view target);

/**
 * The real path of `file` when it is a regular file inside the real folder `root` (both
 * resolved with every symbolic link followed); "" otherwise (missing, a folder, a link that
 * leaves the folder, unreadable).
 */
std::string real_file_inside(const std::filesystem::path& root, const std::filesystem::path& file);

/** Represents the table of servable files. Filled at start-up, then only read (thread-safe). */
class static_files {
public:
    /** At most this much of a web folder is read into memory; a larger one is refused. */
    static constexpr std::size_t max_web_bytes = 64u << 20;

    /**
     * Lists the web folder `dir` recursively and reads its files into memory: URL "/a/b.js"
     * for the file a/b.js, "/" and "/a/" for index.html files. Names outside
     * [A-Za-z0-9._-] are skipped (a URL would need encoding). Files whose real path is in
     * `exclude` are never listed. Throws std::runtime_error when `dir` is not a folder or
     * holds more than max_web_bytes.
     */
    void add_web_folder(const std::filesystem::path& dir,
                        const std::vector<std::filesystem::path>& exclude = {});

    /**
     * Lists one file under `url`, served from disk, when it is a regular file inside `root`
     * (see real_file_inside); returns whether it was listed.
     */
    bool add_file(std::string url, const std::filesystem::path& root,
                  const std::filesystem::path& file);

    /**
     * Fills `<meta name="NAME" content="">` in every HTML file of the web folder with
     * `content`, HTML-escaped (the phone page reads the server's rules there before it
     * connects). Returns how many files had the tag.
     */
    std::size_t fill_meta(std::string_view name, std::string_view content);

    /** The file for a URL path (already without query), or nullptr: exact lookup only. */
    const served_file* find(std::string_view path) const;

    /** Every listed URL, sorted (for tests and the start-up check). */
    std::vector<std::string> urls() const;
    std::size_t size() const { return by_url_.size(); }

private:
    std::unordered_map<std::string, served_file> by_url_;
};

} // namespace kring::server
