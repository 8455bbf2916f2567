// The console's file chooser: a calm modal popup that finds an image on this computer for a
// path field (the floor plan's own plan, an image choice's own images). It lists the folder
// (file_list.hpp): "Up", folders, then PNG and JPEG files with their size; a double click on
// a folder enters it, on an image (or select and "Choose", or Enter) puts its path in the
// field. Files larger than the server takes are greyed with the reason. The arrow keys move
// the selection over the others; Escape and "Cancel" close it.
#pragma once

#include "ui/file_list.hpp"
#include "ui/i18n.hpp"
#include "ui/widgets.hpp"

#include <cstdint>
#include <string>

namespace kring::client {

class file_chooser {
public:
    /**
     * Opens the popup (in the ImGui ID scope where draw() is called) in the folder of the
     * path `typed`, else the Pictures folder, else the home folder (start_folder).
     */
    void open(const std::string& typed, std::uintmax_t max_bytes);
    /**
     * Draws the popup while it is open. True once an image was chosen: its path is then in
     * `path`.
     */
    bool draw(lang l, const font_set& fonts, std::string& path);

private:
    void enter(const std::filesystem::path& folder);

    files::listing list_;
    std::uintmax_t max_bytes_ = 0;
    int selected_ = -1;
    bool open_request_ = false;
};

} // namespace kring::client
