// libFuzzer target: a content file written by someone who got it wrong (or by the agenda
// editor's user), in the middle of the real content folder.
//
// The shipped content is read once. Each input's first byte picks a file (or a new
// template file), the rest is that file's text; load_content must then either return a
// content_error that names a file, or a bundle from which the template list and every
// role's welcome of the first template can be made. It must never crash or throw.

#include "kring/content.hpp"
#include "kring/protocol.hpp"
#include "kring/reducer.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#ifndef KRING_CONTENT_DIR
#error "KRING_CONTENT_DIR must name the content folder"
#endif

namespace {

using namespace kring;
namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& why) {
    std::fprintf(stderr, "fuzz_content: %s\n", why.c_str());
    std::abort();
}

/**
 * The part of the shipped content the inputs are tried in: a template of every activity
 * kind and what they refer to. All of it (240 KB of JSON) would make each run take
 * seconds under the fuzzer's instrumentation; this keeps every kind of reference.
 */
const std::set<std::string> base_files = {
    "decks/droom.json",
    "kaart/aanbod.json",
    "resources.json",
    "themes/visie.json",
    "templates/stoplicht-visie.json",
    "templates/ontmoeten-is.json",
    "templates/acties.json",
    "templates/dromen-met-beelden.json",
    "templates/inkaart.json",
    "templates/casussen.json",
    "templates/mijn-gedacht.json",
    "exercises/ontmoeten-is.json",
    "exercises/acties.json",
    "exercises/dromen-met-beelden.json",
    "exercises/inkaart.json",
    "exercises/casussen.json",
    "exercises/mijn-gedacht.json",
    "exercises/stoplichtspel.json",
    "exercises/dot-voting.json",
    // The six building blocks: every reflection theme links to some of them.
    "themes/breed-gedragen-visie.json",
    "themes/begeleiders-in-hun-kracht.json",
    "themes/begrijp-de-noden.json",
    "themes/experimenteer-met-de-ruimte.json",
    "themes/toegankelijker.json",
    "themes/reflecteer-evalueer.json",
};

/** The id a theme or exercise file defines: its name without folder and extension. */
std::string stem_of(const std::string& name) {
    return fs::path(name).stem().string();
}

/**
 * resources.json names the themes and exercises each resource serves; those outside the
 * base are left out of `serves`, so the base loads without them.
 */
std::string trim_resources(const std::string& text) {
    std::set<std::string> known;
    for (const auto& f : base_files)
        if (f.rfind("themes/", 0) == 0 || f.rfind("exercises/", 0) == 0)
            known.insert(stem_of(f));
    nlohmann::json j = nlohmann::json::parse(text);
    for (auto& r : j["resources"]) {
        if (!r.contains("serves"))
            continue;
        nlohmann::json kept = nlohmann::json::array();
        for (const auto& id : r["serves"])
            if (known.count(id.get<std::string>()))
                kept.push_back(id);
        r["serves"] = kept;
    }
    return j.dump(1);
}

/** The base files with their text, the images by name. */
std::vector<content_file> read_content(const fs::path& dir) {
    std::vector<content_file> files;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (!e.is_regular_file())
            continue;
        const std::string name = fs::relative(e.path(), dir).generic_string();
        if (e.path().extension() == ".json") {
            if (!base_files.count(name))
                continue;
            std::ifstream in(e.path(), std::ios::binary);
            std::ostringstream text;
            text << in.rdbuf();
            files.push_back(
                {name, name == "resources.json" ? trim_resources(text.str()) : text.str()});
        } else if (name.rfind("images/", 0) == 0 && is_image_file(name)) {
            files.push_back({name, {}});
        }
    }
    if (files.empty())
        fail("no content in " + dir.string());
    // Sorted: an input's first byte picks the same file on every machine.
    std::sort(files.begin(), files.end(),
              [](const content_file& a, const content_file& b) { return a.name < b.name; });
    return files;
}

std::vector<content_file>& shipped() {
    static std::vector<content_file> files = read_content(KRING_CONTENT_DIR);
    return files;
}

/** Indices of the JSON files: the ones an input may replace. */
const std::vector<std::size_t>& json_files() {
    static const std::vector<std::size_t> idx = [] {
        std::vector<std::size_t> out;
        for (std::size_t i = 0; i < shipped().size(); ++i)
            if (shipped()[i].name.size() > 5 &&
                shipped()[i].name.compare(shipped()[i].name.size() - 5, 5, ".json") == 0)
                out.push_back(i);
        return out;
    }();
    return idx;
}

/** Makes what clients get from a loaded bundle: the template list and the welcomes. */
void exercise_bundle(const content_bundle& content) {
    (void)protocol::make_templates(1, content);
    if (content.templates.empty())
        return;
    const template_def& t = content.templates.begin()->second;
    session_state s;
    apply(s, ev::session_created{"s-fuzz", "ABCDEF", "hash", 1700000000, t.agenda});
    for (role r : {role::facilitator, role::projector, role::participant})
        (void)protocol::make_welcome(1, s, r, 1, "token");
}

void load_with(std::size_t slot, std::string text) {
    auto& files = shipped();
    const auto& idx = json_files();
    std::string saved;
    std::size_t replaced = files.size();
    if (slot < idx.size()) {
        replaced = idx[slot];
        saved = std::move(files[replaced].text);
        files[replaced].text = std::move(text);
    } else {
        files.push_back({"templates/fuzz-extra.json", std::move(text)});
    }

    std::variant<content_bundle, content_error> loaded;
    try {
        loaded = load_content(files);
    } catch (const std::exception& e) {
        fail(std::string("load_content threw: ") + e.what());
    }
    if (const auto* err = std::get_if<content_error>(&loaded)) {
        if (err->file.empty() || err->message.empty())
            fail("a content error without a file or a message: " + err->to_string());
    } else {
        exercise_bundle(std::get<content_bundle>(loaded));
    }

    if (replaced < files.size())
        files[replaced].text = std::move(saved);
    else
        files.pop_back();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    (void)json_files();
    // The base itself must load, or every input would test only the error path.
    auto loaded = load_content(shipped());
    if (auto* err = std::get_if<content_error>(&loaded))
        fail("the base content does not load: " + err->to_string());
    for (std::size_t i = 0; i < json_files().size(); ++i)
        std::fprintf(stderr, "fuzz_content: slot %zu: %s\n", i,
                     shipped()[json_files()[i]].name.c_str());
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0)
        return 0;
    // Slots 0..n-1 replace a shipped JSON file, slot n adds a new template file.
    const std::size_t slot = data[0] % (json_files().size() + 1);
    load_with(slot, std::string(reinterpret_cast<const char*>(data + 1), size - 1));
    return 0;
}
