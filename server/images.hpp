// The image files kring-server serves under /images/: the PNG/JPEG files of the content's
// images/ folder (the decks' pictures) and, with --images DIR, the facilitator's own photos
// under /images/eigen/. Found once at start-up (regular files whose real path lies inside
// the folder: a symbolic link that leaves it is skipped) and served through static_files,
// by exact lookup, so no request can reach any other file.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace kring::server {

class static_files;

/** Represents the set of image files the server may serve. Immutable after scan(). */
class image_catalog {
public:
    /**
     * Lists the PNG/JPEG files directly in `content_images` (may be missing) and in
     * `own_dir` (if not empty; throws std::runtime_error when it is not a folder).
     */
    static image_catalog scan(const std::filesystem::path& content_images,
                              const std::string& own_dir);

    /** File names in the content's images/ folder, for the content loader. */
    const std::vector<std::string>& content_files() const { return content_files_; }
    /** File names in the own folder (deck "eigen"). */
    const std::vector<std::string>& own_files() const { return own_files_; }
    /** Lists every image under its URL (/images/..., /images/eigen/...) in `files`. */
    void add_to(static_files& files) const;

private:
    std::filesystem::path content_dir_;
    std::filesystem::path own_dir_;
    std::vector<std::string> content_files_;
    std::vector<std::string> own_files_;
};

} // namespace kring::server
