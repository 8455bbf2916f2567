#include "record/export_file.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace kring::client {

namespace fs = std::filesystem;

std::string default_export_dir() {
    const char* home = std::getenv("HOME");
    return (fs::path(home && *home ? home : ".") / "Documents" / "Kring").string();
}

std::string safe_filename(const std::string& name) {
    // The server names the file; it is still text from the network, so it never picks the
    // folder: separators and control characters become '-', a leading dot is dropped.
    std::string out;
    for (char c : name) {
        const unsigned char u = static_cast<unsigned char>(c);
        out += (c == '/' || c == '\\' || u < 0x20 || u == 0x7f) ? '-' : c;
    }
    while (!out.empty() && out.front() == '.')
        out.erase(out.begin());
    if (out.empty())
        out = "kring-export";
    return out;
}

std::string write_export(const std::string& dir, const std::string& filename,
                         const std::string& content, std::string& error) {
    std::error_code ec;
    const fs::path folder = dir.empty() ? fs::path(default_export_dir()) : fs::path(dir);
    fs::create_directories(folder, ec);
    if (ec) {
        error = "cannot create " + folder.string() + ": " + ec.message();
        return {};
    }
    const fs::path target = folder / safe_filename(filename);
    const fs::path tmp = target.string() + ".part";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) {
            error = "cannot write " + tmp.string();
            return {};
        }
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        if (!out.flush()) {
            error = "cannot write " + tmp.string();
            return {};
        }
    }
    fs::rename(tmp, target, ec);
    if (ec) {
        error = "cannot write " + target.string() + ": " + ec.message();
        return {};
    }
    return target.string();
}

} // namespace kring::client
