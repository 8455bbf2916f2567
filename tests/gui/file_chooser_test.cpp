// The console's file chooser ("Kies bestand…", client/src/ui/file_chooser.hpp): its pure part
// (client/src/ui/file_list.hpp: a folder's listing, the folder it starts in, sizes in words)
// tested directly, and the real console under Xvfb finding an own image for a "dromen met
// beelden" step in a home folder of the test's own, driven by its input script (click and
// double-click by label, Escape), read back from its --trace and the server's view.
#include "gui_support.hpp"

#include "ui/file_list.hpp"

#include <stb_image_write.h>
#include <unistd.h>

#include <fstream>
#include <set>
#include <string>
#include <vector>

// Each test file has a namespace of its own: the tests compile as unity batches.
namespace kring_test_gui_file_chooser_test {

using namespace kring::gui_test;
namespace files = kring::client::files;

namespace {

/** A file of `bytes` bytes (its content does not matter to the listing). */
void file_of(const fs::path& p, std::size_t bytes) {
    std::ofstream(p, std::ios::binary) << std::string(bytes, 'x');
}

/** A PNG file of w x h pixels, all of colour c. */
void solid_png(const fs::path& file, int w, int h, rgb c) {
    std::vector<unsigned char> px(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
    for (std::size_t i = 0; i < px.size(); i += 3) {
        px[i] = static_cast<unsigned char>(c.r);
        px[i + 1] = static_cast<unsigned char>(c.g);
        px[i + 2] = static_cast<unsigned char>(c.b);
    }
    REQUIRE(stbi_write_png(file.c_str(), w, h, 3, px.data(), w * 3) != 0);
}

std::vector<std::string> names(const files::listing& l) {
    std::vector<std::string> out;
    for (const files::entry& e : l.entries)
        out.push_back(e.name);
    return out;
}

/** The texts of the trace's frames written by the script's `trace` command, in order. */
std::vector<std::set<std::string>> traced_frames(const fs::path& trace) {
    std::vector<std::set<std::string>> out;
    for (const json& f : read_trace(trace))
        if (f.value("what", "") == "trace") {
            std::set<std::string> texts;
            for (const json& t : f["texts"])
                texts.insert(t.value("text", ""));
            out.push_back(std::move(texts));
        }
    return out;
}

} // namespace

TEST_CASE("file chooser: a folder's listing, its start folder and its sizes in words") {
    const fs::path dir = shots_dir() / "file-list";
    fs::remove_all(dir);
    fs::create_directories(dir / "b-map");
    fs::create_directories(dir / "A-map");
    fs::create_directories(dir / ".verborgen");
    file_of(dir / "zeta.PNG", 10);
    file_of(dir / "alpha.jpg", 20);
    file_of(dir / "Beta.jpeg", 30);
    file_of(dir / "groot.png", 101);
    file_of(dir / "notities.txt", 5);
    file_of(dir / ".geheim.png", 5);
    file_of(dir / "png", 5);
    file_of(dir / "foto.png.txt", 5);

    // Folders first, then images; each alphabetical without regard to case; hidden entries,
    // other files and names without the extension left out.
    const files::listing l = files::list_folder(dir / "" / ".", 100);
    CHECK(l.error == files::problem::none);
    CHECK(l.folder == fs::absolute(dir).lexically_normal());
    CHECK(names(l) == std::vector<std::string>{"A-map", "b-map", "alpha.jpg", "Beta.jpeg",
                                               "groot.png", "zeta.PNG"});
    REQUIRE(l.entries.size() == 6);
    CHECK(l.entries[0].folder);
    CHECK(l.entries[1].folder);
    CHECK(!l.entries[2].folder);
    CHECK(l.entries[2].bytes == 20);
    CHECK(l.entries[2].path == l.folder / "alpha.jpg");
    // Larger than the server takes: listed, marked.
    CHECK(l.entries[4].too_large);
    CHECK(!l.entries[5].too_large);
    CHECK(!l.entries[3].too_large);

    // A folder that cannot be read: no listing, the reason instead (never an exception).
    CHECK(files::list_folder(dir / "er-niet", 100).error == files::problem::missing);
    CHECK(files::list_folder(dir / "er-niet", 100).entries.empty());
    CHECK(files::list_folder(dir / "alpha.jpg", 100).error == files::problem::not_folder);
    CHECK(files::list_folder(dir / "alpha.jpg" / "x", 100).error != files::problem::none);
    if (::geteuid() != 0) {
        // Root reads every folder; anyone else is refused one without permissions.
        fs::create_directories(dir / "dicht");
        fs::permissions(dir / "dicht", fs::perms::none);
        const files::listing closed = files::list_folder(dir / "dicht", 100);
        CHECK(closed.error == files::problem::unreadable);
        CHECK(closed.entries.empty());
        fs::permissions(dir / "dicht", fs::perms::owner_all);
    }

    CHECK(files::is_image_name("a.png"));
    CHECK(files::is_image_name("A.JPEG"));
    CHECK(files::is_image_name("x.Jpg"));
    CHECK(!files::is_image_name(".png"));
    CHECK(!files::is_image_name("a.gif"));
    CHECK(!files::is_image_name("a.png.txt"));

    CHECK(files::parent_folder(dir / "b-map") == l.folder);
    CHECK(files::parent_folder("/") == fs::path("/"));

    // Where it starts: the folder of the typed path, then Pictures (or Afbeeldingen), then home.
    const std::string home = dir.string();
    CHECK(files::start_folder((dir / "alpha.jpg").string(), "", "") == l.folder);
    CHECK(files::start_folder((dir / "nog-niet.png").string(), "", "") == l.folder);
    CHECK(files::start_folder(" '" + (dir / "b-map").string() + "' ", "", "") ==
          l.folder / "b-map");
    CHECK(files::start_folder("/er/niet/hier.png", "", home) == l.folder);
    fs::create_directories(dir / "Afbeeldingen");
    CHECK(files::start_folder("", "", home) == l.folder / "Afbeeldingen");
    fs::create_directories(dir / "Pictures");
    CHECK(files::start_folder("", "", home) == l.folder / "Pictures");
    CHECK(files::start_folder("", (dir / "A-map").string(), home) == l.folder / "A-map");
    CHECK(files::start_folder("", "", "/er/niet") == fs::current_path());

    CHECK(files::size_words(0) == "1 KB");
    CHECK(files::size_words(300) == "1 KB");
    CHECK(files::size_words(340 * 1024) == "340 KB");
    CHECK(files::size_words(1536 * 1024) == "1.5 MB");
    CHECK(files::size_words(1536 * 1024, ',') == "1,5 MB");
    CHECK(files::size_words(1023 * 1024) == "1.0 MB");
    CHECK(files::size_words(12 * 1024 * 1024) == "12 MB");
    // A limit in words: whole megabytes, rounded down, at least 1.
    CHECK(files::megabytes(12 * 1024 * 1024) == "12");
    CHECK(files::megabytes(12 * 1024 * 1024 + 900 * 1024) == "12");
    CHECK(files::megabytes(300 * 1024) == "1");
}

TEST_CASE("dromen met beelden: the console's file chooser finds an own image in the home "
          "folder, and Add sends it") {
    // HOME with a folder of photos: one PNG of a colour nothing else on the screens uses, a
    // text file, a hidden folder and a folder of documents.
    constexpr rgb colour{0, 200, 200};
    const fs::path home = shots_dir() / "chooser-home";
    fs::remove_all(home);
    fs::create_directories(home / "fotos");
    fs::create_directories(home / "Documenten");
    fs::create_directories(home / ".cache");
    solid_png(home / "fotos" / "turkoois.png", 320, 240, colour);
    std::ofstream(home / "fotos" / "notities.txt") << "geen beeld\n";

    live_session s("dromen-met-beelden", 0);
    s.control("open", "beeld");

    // The first run opens the chooser in HOME, closes it with Escape, opens it again, enters
    // "fotos" with a double click and chooses the PNG (selected, then "Kiezen"), but does not
    // press "Toevoegen".
    const fs::path trace = shots_dir() / "chooser.trace";
    const fs::path opened = shots_dir() / "chooser-opened.png";
    const fs::path folder = shots_dir() / "chooser-folder.png";
    const fs::path chosen = shots_dir() / "chooser-chosen.png";
    const fs::path added = shots_dir() / "chooser-added.png";
    for (const fs::path& p : {trace, opened, folder, chosen, added})
        fs::remove(p);
    const fs::path script = shots_dir() / "chooser.script";
    std::ofstream(script) << "click Kies bestand…\nwait-ms 200\ntrace\n"
                             "key escape\nwait-ms 200\ntrace\n"
                             "click Kies bestand…\nwait-ms 200\nshot "
                          << opened.string() << "\ndouble-click fotos\nwait-ms 300\ntrace\nshot "
                          << folder.string()
                          << "\nclick turkoois.png\nwait-ms 200\nclick Kiezen\nwait-ms 300\n"
                             "trace\nshot "
                          << chosen.string() << "\nwait-ms 200\n";
    s.console("chooser-console",
              {"--open", "images", "--script", script.string(), "--trace", trace.string()}, home);
    const std::string log = slurp(shots_dir() / "chooser-console.png.log");

    const std::vector<std::set<std::string>> frames = traced_frames(trace);
    REQUIRE_MESSAGE(frames.size() == 4, log);
    // Opened in HOME (no Pictures there): its folders, the hidden one left out, no files.
    CHECK(frames[0].count("Kies een afbeelding") == 1);
    CHECK(frames[0].count(home.string()) == 1);
    CHECK(frames[0].count("Documenten") == 1);
    CHECK(frames[0].count("fotos") == 1);
    CHECK(frames[0].count(".cache") == 0);
    // Escape closed it.
    CHECK(frames[1].count("Kies een afbeelding") == 0);
    CHECK(frames[1].count("fotos") == 0);
    // In "fotos": the PNG, not the text file.
    CHECK(frames[2].count((home / "fotos").string()) == 1);
    CHECK(frames[2].count("turkoois.png") == 1);
    CHECK(frames[2].count("notities.txt") == 0);
    // Chosen: the popup is gone; nothing is sent before "Toevoegen".
    CHECK(frames[3].count("Kies een afbeelding") == 0);
    CHECK(frames[3].count("turkoois.png") == 0);
    CHECK_MESSAGE(log.find("own image set") == std::string::npos, log);
    REQUIRE(load_png(folder).w == width);
    const image field = load_png(chosen);
    REQUIRE(field.w == width);
    const json before = s.view();
    for (const json& x : before["steps"])
        if (x["id"] == "beeld")
            CHECK(x.value("own_images", json::array()).empty());

    // The second run chooses it again and presses "Toevoegen": the image is sent.
    const fs::path script2 = shots_dir() / "chooser-add.script";
    std::ofstream(script2) << "click Kies bestand…\nwait-ms 200\ndouble-click fotos\nwait-ms "
                              "300\ndouble-click turkoois.png\nwait-ms 300\nclick "
                              "Toevoegen\nwait-ms 2500\nshot "
                           << added.string() << "\nwait-ms 200\n";
    s.console("chooser-console-add", {"--open", "images", "--script", script2.string()}, home);
    const std::string log2 = slurp(shots_dir() / "chooser-console-add.png.log");
    CHECK_MESSAGE(log2.find("own image set for step beeld") != std::string::npos, log2);

    // The server's view lists one own image, of the PNG's size.
    json own = json::array();
    for (int attempt = 0; attempt < 20 && own.size() != 1; ++attempt) {
        const json v = s.view(); // older views are read first
        for (const json& x : v["steps"])
            if (x["id"] == "beeld")
                own = x.value("own_images", json::array());
    }
    REQUIRE_MESSAGE(own.size() == 1, own.dump());
    CHECK(own[0]["width"] == 320);
    CHECK(own[0]["height"] == 240);

    // The console lists it with its thumbnail, and the projector shows it.
    const image after = load_png(added);
    REQUIRE(after.w == width);
    const int console_pixels = after.count_in(colour, 0, 0, after.w, after.h, 30);
    MESSAGE("console after Add: " << console_pixels << " pixels of the image's colour");
    CHECK(console_pixels > 1000);
    const image projector = s.projector("chooser-projector");
    const int projector_patch = largest_patch(projector, colour, body_top - 40);
    MESSAGE("projector: the own image's largest patch " << projector_patch << " pixels");
    CHECK(projector_patch > 2000);
}

TEST_CASE("floor_plan: the console's file chooser in English starts in Pictures, greys a file "
          "too large, and takes the plan with the arrow keys and Enter") {
    // HOME with Pictures: a folder, a "PNG" over the server's limit and the plan itself.
    const fs::path home = shots_dir() / "chooser-plan-home";
    fs::remove_all(home);
    fs::create_directories(home / "Pictures" / "oud");
    file_of(home / "Pictures" / "a-groot.png", 13 * 1024 * 1024);
    solid_png(home / "Pictures" / "b-plan.png", 300, 150, {0, 0, 255});

    live_session s("architect-voor-een-dag", 0);
    REQUIRE(s.step("plan")["kind"] == "floor_plan");
    const fs::path trace = shots_dir() / "chooser-plan.trace";
    const fs::path keys = shots_dir() / "chooser-plan-keys.png";
    for (const fs::path& p : {trace, keys})
        fs::remove(p);
    // "Up" shows HOME with Pictures selected, Enter goes back in. Down, Down: past the folder
    // and over the file too large, onto the plan; Up and Down again; Enter chooses it;
    // "Upload plan" sends it.
    const fs::path script = shots_dir() / "chooser-plan.script";
    std::ofstream(script) << "click Choose file…\nwait-ms 200\ntrace\nclick Up\nwait-ms "
                             "100\ntrace\nkey enter\nwait-ms 100\ntrace\nkey down\nkey "
                             "down\nkey up\nkey down\nwait-ms 100\nshot "
                          << keys.string()
                          << "\nkey enter\nwait-ms 200\ntrace\nclick Upload plan\nwait-ms "
                             "2500\n";
    s.console(
        "chooser-plan-console",
        {"--open", "plan", "--lang", "en", "--script", script.string(), "--trace", trace.string()},
        home);
    const std::string log = slurp(shots_dir() / "chooser-plan-console.png.log");
    const std::vector<std::set<std::string>> frames = traced_frames(trace);
    REQUIRE_MESSAGE(frames.size() == 4, log);
    CHECK(frames[0].count("Choose an image") == 1);
    CHECK(frames[0].count((home / "Pictures").string()) == 1);
    CHECK(frames[0].count("oud") == 1);
    CHECK(frames[0].count("a-groot.png") == 1);
    CHECK(frames[0].count("13 MB, too large (over 12 MB)") == 1);
    CHECK(frames[0].count("b-plan.png") == 1);
    CHECK(frames[1].count(home.string()) == 1);
    CHECK(frames[1].count("Pictures") == 1);
    CHECK(frames[1].count("b-plan.png") == 0);
    CHECK(frames[2].count((home / "Pictures").string()) == 1);
    CHECK(frames[2].count("b-plan.png") == 1);
    CHECK(frames[3].count("Choose an image") == 0);
    CHECK_MESSAGE(log.find("plan image set for step plan") != std::string::npos, log);
    REQUIRE(load_png(keys).w == width);

    const json own = plan_image_of(s, "plan");
    REQUIRE_MESSAGE(own.is_object(), log);
    CHECK(own["width"] == 300);
    CHECK(own["height"] == 150);
}

} // namespace kring_test_gui_file_chooser_test
