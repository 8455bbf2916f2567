// Content: the whole wegwijzer as data (docs/content.md): themes and building blocks,
// movement 1's kaart, exercises, image decks, resources and templates of every activity
// kind, loaded from JSON text and validated. The caller reads the files; this code only
// sees their names and text (for images only their names: it checks that they exist).
//
// Implemented: every folder of docs/content.md; errors name the file and the JSON path;
//              each step's facilitator guide (step guide, exercise guide, the theme's 💡
//              tips and ⏭️ line, timing, source) and resources; a deck of the
//              facilitator's own photos (--images).
#pragma once

#include "kring/defs.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace kring {

/**
 * One content file: its path relative to the content folder ('/' separated), and its
 * text. Image files ("images/koffie.png") are given by name; their text is not read.
 */
struct content_file {
    std::string name;
    std::string text;
};

/** A reflection theme (movement reflecteren) or a building block (verder_bouwen). */
struct theme {
    std::string id;
    std::string movement;
    int number = 0;
    localized title;
    std::optional<localized> intro;
    std::vector<item_def> questions; // every form (defs.hpp, item_form), in the wegwijzer's order
    std::optional<localized> choice; // the question whose options are the items of form choice
    std::optional<localized> next;
    std::vector<localized> tips;
    std::vector<std::string> links; // building blocks this theme points to
    std::string link_source;        // wegwijzer / inferred
    std::vector<std::string> resources;
};

/** Movement 1 (In kaart brengen): the kinds of offer and the families to check coverage against. */
struct kaart {
    std::string id;
    localized title;
    localized intro;
    std::vector<option_def> offer_kinds;
    std::vector<option_def> target_groups;
    std::vector<option_def> analysis;
};

/** One exercise of the wegwijzer: how to run it (facilitator only). */
struct exercise {
    std::string id;
    localized title;
    localized source;
    int minutes = 0;
    localized purpose;
    localized guide;
    // verified / inferred / assumption (the wegwijzer names it, Kring did not have its
    // description) / general (a general method the wegwijzer does not name, Kring's proposal)
    std::string status;
    // Why no template runs it, in one honest line (e.g. its source text is not available);
    // empty when a template does (the bundled-content test checks one of the two holds).
    localized no_template;
};

struct deck_image {
    std::string id;
    std::string file; // inside images/ (or the --images folder for deck eigen)
    localized alt;
    bool people = false; // the image shows people ("people": true in the deck file)
};

struct deck {
    std::string id;
    localized title;
    std::vector<deck_image> images;
};

/** An entry of resources.json. */
struct resource {
    resource_def def;
    std::string pages;
    std::vector<std::string> serves; // themes, building blocks or exercises
};

/**
 * The part of the wegwijzer a template belongs to, in the order the template picker shows
 * them: the whole workshop, then the three movements (map, reflect, build further).
 */
inline constexpr const char* template_movements[] = {"geheel", "in_kaart", "reflecteren",
                                                     "verder_bouwen"};
/** What a template needs besides the participants' phones (docs/content.md). */
inline constexpr const char* template_needs[] = {"paper", "walk", "photos", "reading"};

struct template_def {
    std::string id;
    localized title;
    localized description;
    std::string movement;           // one of template_movements, or "" (an own template)
    int minutes = 0;                // how long it takes, about; 0: not said
    std::vector<std::string> needs; // from template_needs
    session_def agenda;             // resolved: themes expanded into items, decks into images, ...
};

struct content_bundle {
    std::map<std::string, theme> themes; // reflection themes and building blocks
    std::map<std::string, kaart> kaarten;
    std::map<std::string, exercise> exercises;
    std::map<std::string, deck> decks;
    std::vector<resource> resources; // in file order
    std::map<std::string, template_def> templates;
    /** The building blocks in their order (id and title). */
    std::vector<option_def> blocks;
    /** Templates skipped (e.g. they need --images), and other things worth a look. */
    std::vector<std::string> warnings;
};

/** Where content is wrong: the file, the JSON path inside it, and what is wrong. */
struct content_error {
    std::string file;
    std::string path;
    std::string message;
    std::string to_string() const { return file + ": " + path + ": " + message; }
};

/** What the server adds to the content folder. */
struct load_options {
    /**
     * The PNG/JPEG file names of the facilitator's own photo folder (--images DIR). When
     * given, they form deck `eigen` (urls /images/eigen/<file>) and every image_choice
     * step uses it instead of the deck its template names.
     */
    std::vector<std::string> own_images;
};

/** Loads and validates every file; the first error found is returned. */
std::variant<content_bundle, content_error> load_content(const std::vector<content_file>& files,
                                                         const load_options& opt = {});

/**
 * Validates one template in its content-file form (the agenda editor's save, or an edited
 * agenda) exactly as load_content validates templates/<id>.json, against what `content`
 * already holds (themes, kaart, exercises, decks, resources). The error's path names the
 * first wrong field ("/steps/2/items/0/text/en"); `file` is "templates/<id>.json".
 */
std::variant<template_def, content_error> load_template(const std::string& json_text,
                                                        const content_bundle& content);

/** The default prompt of a step of this kind (used when the template gives none). */
localized default_prompt(activity_kind k);
/** The default prompt of a traffic-light step. */
localized default_traffic_light_prompt();

/** The URL path of an image of the content's images/ folder, and of the own deck. */
std::string image_url(const std::string& file);
std::string own_image_url(const std::string& file);

/** True for a .png, .jpg or .jpeg file name (any case). */
bool is_image_file(const std::string& name);

} // namespace kring
