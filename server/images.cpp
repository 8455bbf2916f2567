#include "images.hpp"

#include "static_files.hpp"

#include "kring/content.hpp"

#include <algorithm>
#include <stdexcept>

namespace fs = std::filesystem;

namespace kring::server {

namespace {

/**
 * The PNG/JPEG files directly in `dir` whose real path lies inside it (a symbolic link that
 * leaves the folder is skipped), sorted; hidden files are skipped.
 */
std::vector<std::string> list_images(const fs::path& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.empty() || name[0] == '.' || !is_image_file(name) ||
            real_file_inside(dir, it->path()).empty())
            continue;
        out.push_back(name);
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

image_catalog image_catalog::scan(const fs::path& content_images, const std::string& own_dir) {
    image_catalog c;
    c.content_dir_ = content_images;
    c.content_files_ = list_images(content_images);
    if (!own_dir.empty()) {
        std::error_code ec;
        if (!fs::is_directory(own_dir, ec))
            throw std::runtime_error("--images " + own_dir + ": folder not found");
        c.own_dir_ = own_dir;
        c.own_files_ = list_images(own_dir);
        if (c.own_files_.empty())
            throw std::runtime_error("--images " + own_dir + ": no PNG or JPEG files in it");
    }
    return c;
}

void image_catalog::add_to(static_files& files) const {
    for (const auto& name : content_files_)
        files.add_file(image_url(name), content_dir_, content_dir_ / name);
    for (const auto& name : own_files_)
        files.add_file(own_image_url(name), own_dir_, own_dir_ / name);
}

} // namespace kring::server
