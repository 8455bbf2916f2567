#include "images.hpp"

#include "kring/content.hpp"

#include <algorithm>
#include <stdexcept>

namespace fs = std::filesystem;

namespace kring::server {

namespace {

/** The PNG/JPEG regular files directly in `dir`, sorted; hidden files are skipped. */
std::vector<std::string> list_images(const fs::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        std::error_code fec;
        if (name.empty() || name[0] == '.' || !it->is_regular_file(fec) || !is_image_file(name))
            continue;
        out.push_back(name);
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

image_catalog image_catalog::scan(const fs::path& content_images, const std::string& own_dir) {
    image_catalog c;
    c.content_files_ = list_images(content_images);
    for (const auto& name : c.content_files_)
        c.by_url_[image_url(name)] = (content_images / name).string();
    if (!own_dir.empty()) {
        std::error_code ec;
        if (!fs::is_directory(own_dir, ec))
            throw std::runtime_error("--images " + own_dir + ": folder not found");
        c.own_files_ = list_images(own_dir);
        if (c.own_files_.empty())
            throw std::runtime_error("--images " + own_dir + ": no PNG or JPEG files in it");
        for (const auto& name : c.own_files_)
            c.by_url_[own_image_url(name)] = (fs::path(own_dir) / name).string();
    }
    return c;
}

std::string image_catalog::resolve(std::string_view url_path) const {
    auto it = by_url_.find(std::string(url_path));
    return it == by_url_.end() ? std::string() : it->second;
}

} // namespace kring::server
