#include "kring/photo.hpp"

#include "kring/content_reader.hpp"
#include "kring/wire.hpp"

#include <algorithm>

namespace kring::photo {

const char* to_string(status s) {
    switch (s) {
    case status::pending:
        return "pending";
    case status::approved:
        return "approved";
    case status::hidden:
        return "hidden";
    }
    return "pending";
}

std::optional<status> status_from_string(std::string_view s) {
    for (status x : {status::pending, status::approved, status::hidden})
        if (s == to_string(x))
            return x;
    return std::nullopt;
}

bool valid_upload_key(std::string_view key) {
    if (key.size() < 8 || key.size() > 64)
        return false;
    return std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    });
}

bool valid_photo_id(std::string_view id) {
    if (id.size() != 25 || id[0] != 'p')
        return false;
    return std::all_of(id.begin() + 1, id.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

const entry* find(const responses& r, std::string_view id, participant_id* owner) {
    for (const auto& [pid, a] : r.by)
        for (const auto& e : a.photos)
            if (e.id == id) {
                if (owner)
                    *owner = pid;
                return &e;
            }
    return nullptr;
}

const entry* find_upload(const responses& r, participant_id pid, std::string_view upload) {
    const auto it = r.by.find(pid);
    if (it == r.by.end() || upload.empty())
        return nullptr;
    for (const auto& e : it->second.photos)
        if (e.upload == upload)
            return &e;
    return nullptr;
}

std::size_t count(const responses& r) {
    std::size_t n = 0;
    for (const auto& [pid, a] : r.by)
        n += a.photos.size();
    return n;
}

void add(responses& r, participant_id pid, entry e) {
    e.n = ++r.arrived;
    r.by[pid].photos.push_back(std::move(e));
}

void set_status(responses& r, std::string_view id, status s) {
    for (auto& [pid, a] : r.by)
        for (auto& e : a.photos)
            if (e.id == id)
                e.st = s;
}

void remove(responses& r, std::string_view id) {
    for (auto it = r.by.begin(); it != r.by.end(); ++it) {
        auto& photos = it->second.photos;
        const auto gone =
            std::find_if(photos.begin(), photos.end(), [&](const entry& e) { return e.id == id; });
        if (gone == photos.end())
            continue;
        photos.erase(gone);
        if (photos.empty())
            r.by.erase(it);
        return;
    }
}

std::vector<wall_photo> wall(const responses& r, bool facilitator) {
    std::vector<const entry*> all;
    for (const auto& [pid, a] : r.by)
        for (const auto& e : a.photos)
            if (facilitator || e.st == status::approved)
                all.push_back(&e);
    std::sort(all.begin(), all.end(), [](const entry* x, const entry* y) { return x->n < y->n; });
    std::vector<wall_photo> out;
    out.reserve(all.size());
    for (const entry* e : all)
        out.push_back({e->id, e->caption, e->category, e->width, e->height, e->st});
    return out;
}

checked<answer> check(const responses&, const answer_input&) {
    return checked<answer>::fail(errc::bad_value, "a photo step takes photos over HTTP (POST "
                                                  "/sessions/<session>/photos), not as an answer");
}

nlohmann::json value_json(const answer& a) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : a.photos)
        out.push_back({{"id", e.id},
                       {"caption", e.caption},
                       {"category", e.category},
                       {"status", to_string(e.st)}});
    return out;
}

void apply(responses& r, participant_id pid, answer a) {
    // Only through ev::photo_added: check() refuses every answer, so this never runs on
    // new data; kept for the registry's common operations.
    r.by[pid] = std::move(a);
}

void responses::fill_result(wire::step_result& out, const responses& r, const result_input& in) {
    out.total = static_cast<std::uint32_t>(r.by.size());
    out.photos = wall(r, in.facilitator);
}

void responses::write_result(nlohmann::json& j, const wire::step_result& in) {
    nlohmann::json photos = nlohmann::json::array();
    for (const auto& p : in.photos) {
        nlohmann::json one = {{"id", p.id},
                              {"caption", p.caption},
                              {"category", p.category},
                              {"width", p.width},
                              {"height", p.height}};
        if (p.st != status::approved)
            one["status"] = to_string(p.st);
        photos.push_back(std::move(one));
    }
    j["photos"] = std::move(photos);
}

void responses::read_result(wire::step_result& out, const wire::reader& r) {
    out.photos = r.list<wall_photo>("photos", [](const wire::reader& x) {
        wall_photo p{x.str("id"),    x.str("caption"), x.str("category"),
                     x.u32("width"), x.u32("height"),  status::approved};
        if (x.has("status")) {
            const auto s = status_from_string(x.str("status"));
            if (!s)
                x.bad_value("status", "must be pending, approved or hidden");
            p.st = *s;
        }
        return p;
    });
}

void responses::settings_json(nlohmann::json& j, const step_def& d) {
    j["categories"] = options_json(d.options);
    j[max_photos_setting.key] = d.max_photos;
    j[open_text::max_length_setting.key] = d.max_length;
}

void responses::read_settings(step_def& d, const wire::reader& r) {
    d.options = r.options("categories");
    d.max_photos = r.setting(max_photos_setting);
    d.max_length = r.setting(open_text::max_length_setting);
}

void responses::report_definition(nlohmann::json& j, const step_def& d,
                                  const std::vector<option_def>& options, lang l) {
    (void)options;
    j["categories"] = text_list(d.options, l);
}

void responses::read_definition(step_def& d, const content_reader& r) {
    if (r.has("categories"))
        d.options = r.options("categories", 1, 8);
    d.max_photos = r.setting(max_photos_setting);
    d.max_length = r.setting(open_text::max_length_setting);
}

} // namespace kring::photo
