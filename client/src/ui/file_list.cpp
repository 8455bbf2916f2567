// The console's file chooser, its pure part (file_list.hpp).
#include "ui/file_list.hpp"

#include <algorithm>
#include <cctype>
#include <system_error>

namespace kring::client::files {

namespace fs = std::filesystem;

namespace {

char lower(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

/** a before b without regard to case; the exact spelling breaks ties. */
bool name_less(const std::string& a, const std::string& b) {
    const auto la = std::lexicographical_compare(
        a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) { return lower(x) < lower(y); });
    const auto lb = std::lexicographical_compare(
        b.begin(), b.end(), a.begin(), a.end(), [](char x, char y) { return lower(x) < lower(y); });
    if (la != lb)
        return la;
    return a < b;
}

/** An absolute, normal path without a trailing separator. */
fs::path tidy(const fs::path& p) {
    std::error_code ec;
    fs::path out = fs::absolute(p, ec);
    if (ec)
        out = p;
    out = out.lexically_normal();
    if (!out.has_filename() && out.has_relative_path())
        out = out.parent_path();
    return out;
}

bool is_folder(const fs::path& p) {
    std::error_code ec;
    return !p.empty() && fs::is_directory(p, ec);
}

} // namespace

bool is_image_name(std::string_view name) {
    const std::size_t dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0)
        return false;
    std::string ext(name.substr(dot + 1));
    for (char& c : ext)
        c = lower(c);
    return ext == "png" || ext == "jpg" || ext == "jpeg";
}

listing list_folder(const fs::path& folder, std::uintmax_t max_bytes) {
    listing out;
    out.folder = tidy(folder);
    std::error_code ec;
    const fs::file_status st = fs::status(out.folder, ec);
    if (ec || !fs::exists(st)) {
        out.error = ec && ec != std::errc::no_such_file_or_directory ? problem::unreadable
                                                                     : problem::missing;
        return out;
    }
    if (!fs::is_directory(st)) {
        out.error = problem::not_folder;
        return out;
    }
    fs::directory_iterator it(out.folder, ec);
    if (ec) {
        out.error = problem::unreadable;
        return out;
    }
    std::vector<entry> folders, images;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec)
            break;
        const fs::directory_entry& d = *it;
        std::string name = d.path().filename().string();
        if (name.empty() || name.front() == '.')
            continue;
        std::error_code kind_ec;
        if (d.is_directory(kind_ec)) {
            folders.push_back({std::move(name), d.path(), true, 0, false});
            continue;
        }
        if (!d.is_regular_file(kind_ec) || !is_image_name(name))
            continue;
        std::error_code size_ec;
        const std::uintmax_t bytes = d.file_size(size_ec);
        entry e{std::move(name), d.path(), false, size_ec ? 0 : bytes, false};
        e.too_large = !size_ec && bytes > max_bytes;
        images.push_back(std::move(e));
    }
    if (ec) {
        // Stopped half-way: what was read is not the folder; say so instead.
        out.error = problem::unreadable;
        return out;
    }
    auto by_name = [](const entry& a, const entry& b) { return name_less(a.name, b.name); };
    std::sort(folders.begin(), folders.end(), by_name);
    std::sort(images.begin(), images.end(), by_name);
    out.entries = std::move(folders);
    out.entries.insert(out.entries.end(), std::make_move_iterator(images.begin()),
                       std::make_move_iterator(images.end()));
    return out;
}

fs::path parent_folder(const fs::path& folder) {
    const fs::path f = tidy(folder);
    const fs::path up = f.parent_path();
    return up.empty() ? f : up;
}

fs::path start_folder(std::string_view typed, std::string_view pictures, std::string_view home) {
    // The path in the field: a folder, or a file (which need not exist) in an existing folder.
    std::string t(typed);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\n'))
        t.pop_back();
    t.erase(0, std::min(t.size(), t.find_first_not_of(" \t\n")));
    if (t.size() >= 2 && (t.front() == '"' || t.front() == '\'') && t.back() == t.front())
        t = t.substr(1, t.size() - 2);
    if (!t.empty()) {
        const fs::path p(t);
        if (is_folder(p))
            return tidy(p);
        if (is_folder(p.parent_path()))
            return tidy(p.parent_path());
    }
    if (is_folder(fs::path(pictures)))
        return tidy(fs::path(pictures));
    if (!home.empty()) {
        const fs::path h(home);
        for (const char* sub : {"Pictures", "Afbeeldingen"})
            if (is_folder(h / sub))
                return tidy(h / sub);
        if (is_folder(h))
            return tidy(h);
    }
    std::error_code ec;
    const fs::path here = fs::current_path(ec);
    return ec ? fs::path("/") : tidy(here);
}

std::string size_words(std::uintmax_t bytes, char decimal_point) {
    constexpr std::uintmax_t kb = 1024, mb = 1024 * 1024;
    // Whole kilobytes below a megabyte, at least 1 (a few hundred bytes are "1 KB").
    if (const std::uintmax_t kbs = (bytes + kb / 2) / kb; kbs < 1000)
        return std::to_string(std::max<std::uintmax_t>(1, kbs)) + " KB";
    // Megabytes with one decimal below 10, whole ones above.
    const std::uintmax_t tenths = (bytes * 10 + mb / 2) / mb;
    if (tenths < 100) {
        std::string s = std::to_string(tenths / 10);
        s += decimal_point;
        s += std::to_string(tenths % 10);
        return s + " MB";
    }
    return std::to_string((tenths + 5) / 10) + " MB";
}

std::string megabytes(std::uintmax_t bytes) {
    return std::to_string(std::max<std::uintmax_t>(1, bytes / (1024 * 1024)));
}

} // namespace kring::client::files
