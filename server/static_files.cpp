#include "static_files.hpp"

#include "kring/text.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace kring::server {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

/** A path component that needs no encoding in a URL and is not hidden. */
bool plain_name(const std::string& name) {
    if (name.empty() || name[0] == '.')
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '-';
    });
}

std::string read_whole(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw std::runtime_error(file.string() + ": cannot read");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

std::string_view content_type_of(std::string_view name) {
    const auto dot = name.rfind('.');
    const std::string_view ext = dot == std::string_view::npos ? "" : name.substr(dot);
    struct entry {
        std::string_view ext, type;
    };
    static constexpr entry types[] = {
        {".html", "text/html; charset=utf-8"},
        {".htm", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".webmanifest", "application/manifest+json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".webp", "image/webp"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
    };
    for (const auto& t : types) {
        if (iequals(ext, t.ext))
            return t.type;
    }
    return {};
}

std::string_view target_path(std::string_view target) {
    return target.substr(0, target.find_first_of("?#"));
}

std::string real_file_inside(const fs::path& root, const fs::path& file) {
    std::error_code ec;
    const fs::path real_root = fs::canonical(root, ec);
    if (ec)
        return {};
    const fs::path real = fs::canonical(file, ec);
    if (ec || !fs::is_regular_file(real, ec) || ec)
        return {};
    // Inside: every component of the root is a leading component of the file, and the file
    // is not the root itself.
    auto r = real_root.begin();
    auto f = real.begin();
    for (; r != real_root.end(); ++r, ++f) {
        if (f == real.end() || *r != *f)
            return {};
    }
    if (f == real.end())
        return {};
    return real.string();
}

void static_files::add_web_folder(const fs::path& dir, const std::vector<fs::path>& exclude) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw std::runtime_error(dir.string() + ": web folder not found");
    std::vector<std::string> excluded;
    for (const auto& e : exclude) {
        const fs::path real = fs::weakly_canonical(e, ec);
        excluded.push_back(ec ? e.string() : real.string());
    }
    std::size_t total = 0;
    // Symbolic links to folders are not followed: a folder's files are listed where they are.
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
        const fs::path rel = it->path().lexically_relative(dir);
        bool plain = true;
        for (const auto& part : rel)
            plain = plain && plain_name(part.string());
        std::error_code tec;
        if (!plain) {
            if (it->is_directory(tec))
                it.disable_recursion_pending();
            continue;
        }
        if (it->is_directory(tec) || content_type_of(rel.string()).empty())
            continue;
        const std::string real = real_file_inside(dir, it->path());
        if (real.empty() || std::find(excluded.begin(), excluded.end(), real) != excluded.end())
            continue;
        auto data = std::make_shared<const std::string>(read_whole(real));
        total += data->size();
        if (total > max_web_bytes)
            throw std::runtime_error(dir.string() + ": more than " +
                                     std::to_string(max_web_bytes >> 20) +
                                     " MiB of files; the web folder is read into memory");
        std::string url = "/" + rel.generic_string();
        served_file f{std::move(data), real, std::string(content_type_of(url))};
        if (rel.filename() == "index.html") {
            std::string folder_url =
                url.substr(0, url.size() - std::string_view("index.html").size());
            by_url_[folder_url] = f;
        }
        by_url_[std::move(url)] = std::move(f);
    }
    if (ec)
        throw std::runtime_error(dir.string() + ": cannot list: " + ec.message());
}

bool static_files::add_file(std::string url, const fs::path& root, const fs::path& file) {
    std::string real = real_file_inside(root, file);
    const std::string_view type = content_type_of(file.filename().string());
    if (real.empty() || type.empty())
        return false;
    by_url_[std::move(url)] = served_file{nullptr, std::move(real), std::string(type)};
    return true;
}

std::size_t static_files::fill_meta(std::string_view name, std::string_view content) {
    const std::string tag = "<meta name=\"" + std::string(name) + "\" content=\"\">";
    const std::string filled =
        "<meta name=\"" + std::string(name) + "\" content=\"" + html_escape(content) + "\">";
    std::size_t n = 0;
    // "/" and "/index.html" share one served_file's bytes: replace each buffer once.
    std::unordered_map<const std::string*, std::shared_ptr<const std::string>> done;
    for (auto& [url, f] : by_url_) {
        if (!f.data || f.content_type.rfind("text/html", 0) != 0)
            continue;
        if (auto it = done.find(f.data.get()); it != done.end()) {
            f.data = it->second;
            continue;
        }
        const auto at = f.data->find(tag);
        if (at == std::string::npos)
            continue;
        auto html = std::make_shared<std::string>(*f.data);
        html->replace(at, tag.size(), filled);
        done.emplace(f.data.get(), html);
        f.data = std::move(html);
        ++n;
    }
    return n;
}

const served_file* static_files::find(std::string_view path) const {
    auto it = by_url_.find(std::string(path));
    return it == by_url_.end() ? nullptr : &it->second;
}

std::vector<std::string> static_files::urls() const {
    std::vector<std::string> out;
    out.reserve(by_url_.size());
    for (const auto& [url, f] : by_url_)
        out.push_back(url);
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace kring::server
