// The server's messages as a client reads them (wire.hpp): strict decoding per protocol
// version 1, and the encoding back, through the shared encoders where the server has them.
#include "kring/wire.hpp"

#include "kring/action_plan.hpp"
#include "kring/photo.hpp"
#include "kring/choice.hpp"
#include "kring/dot_vote.hpp"
#include "kring/image_choice.hpp"
#include "kring/inventory.hpp"
#include "kring/kinds.hpp"
#include "kring/open_text.hpp"
#include "kring/protocol.hpp"
#include "kring/scale.hpp"
#include "kring/views.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>

using nlohmann::json;

namespace kring::wire {

decode_error::decode_error(reason why, std::string path, const std::string& detail)
    : std::runtime_error(std::string(to_string(why)) + (path.empty() ? "" : " at " + path) +
                         (detail.empty() ? "" : ": " + detail)),
      why_(why), path_(std::move(path)) {}

const char* to_string(decode_error::reason r) {
    switch (r) {
    case decode_error::reason::not_an_object:
        return "not an object";
    case decode_error::reason::missing:
        return "missing field";
    case decode_error::reason::wrong_type:
        return "wrong type";
    case decode_error::reason::bad_value:
        return "bad value";
    case decode_error::reason::unknown_kind:
        return "unknown kind";
    case decode_error::reason::unknown_type:
        return "unknown type";
    }
    return "malformed";
}

std::optional<errc> errc_from_string(std::string_view s) {
    for (int i = 0; i <= static_cast<int>(errc::internal); ++i)
        if (s == to_string(static_cast<errc>(i)))
            return static_cast<errc>(i);
    return std::nullopt;
}

namespace {

using why = decode_error::reason;

//----------------------------------------------------------------------------------------
// [SECTION] reading: every value with where it stands, for the error's path

using detail::at;
using light = traffic_light::light;

} // namespace

std::string detail::at::path() const {
    std::string up = parent ? parent->path() : std::string();
    if (key)
        return up.empty() ? std::string(key) : up + "." + key;
    if (!parent)
        return up;
    return up + "[" + std::to_string(index) + "]";
}

namespace {

[[noreturn]] void fail(why w, const at& where, const std::string& detail = {}) {
    throw decode_error(w, where.path(), detail);
}

const json& object(const json& j, const at& where) {
    if (!j.is_object())
        fail(why::not_an_object, where);
    return j;
}

/** A required member of an object (checked to be one). */
const json& need(const json& obj, const char* key, const at& where) {
    object(obj, where);
    auto it = obj.find(key);
    if (it == obj.end())
        fail(why::missing, where.member(key));
    return *it;
}

/** An optional member: nullptr when absent. */
const json* maybe(const json& obj, const char* key) {
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}

std::string as_string(const json& v, const at& where) {
    if (!v.is_string())
        fail(why::wrong_type, where, "expected a string");
    return v.get<std::string>();
}

bool as_bool(const json& v, const at& where) {
    if (!v.is_boolean())
        fail(why::wrong_type, where, "expected true or false");
    return v.get<bool>();
}

std::uint64_t as_u64(const json& v, const at& where) {
    // A JSON integer: 1.0, 1e3 and numbers beyond 64 bits are floats to the parser.
    if (!v.is_number_integer())
        fail(why::wrong_type, where, "expected an integer");
    // Parsed text stores every non-negative integer unsigned; a value built in C++ may hold
    // one signed.
    if (!v.is_number_unsigned() && v.get<std::int64_t>() < 0)
        fail(why::bad_value, where, "expected a count, got a negative number");
    return v.get<std::uint64_t>();
}

std::uint32_t as_u32(const json& v, const at& where) {
    const std::uint64_t n = as_u64(v, where);
    if (n > std::numeric_limits<std::uint32_t>::max())
        fail(why::bad_value, where, "out of range");
    return static_cast<std::uint32_t>(n);
}

std::int64_t as_i64(const json& v, const at& where) {
    if (!v.is_number_integer())
        fail(why::wrong_type, where, "expected an integer");
    if (v.is_number_unsigned() &&
        v.get<std::uint64_t>() >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        fail(why::bad_value, where, "out of range");
    return v.get<std::int64_t>();
}

int as_int(const json& v, const at& where) {
    const std::int64_t n = as_i64(v, where);
    if (n < std::numeric_limits<int>::min() || n > std::numeric_limits<int>::max())
        fail(why::bad_value, where, "out of range");
    return static_cast<int>(n);
}

double as_number(const json& v, const at& where) {
    if (!v.is_number())
        fail(why::wrong_type, where, "expected a number");
    return v.get<double>();
}

localized as_text(const json& v, const at& where) {
    object(v, where);
    return localized{as_string(need(v, "nl", where), where.member("nl")),
                     as_string(need(v, "en", where), where.member("en"))};
}

/** Calls each(element, where) for every element of an array. */
template <class F> void each_of(const json& v, const at& where, F each) {
    if (!v.is_array())
        fail(why::wrong_type, where, "expected an array");
    for (std::size_t i = 0; i < v.size(); ++i)
        each(v[i], where.element(i));
}

/** A required array member, every element read by `one(element, where)`. */
template <class T, class F>
std::vector<T> list(const json& obj, const char* key, const at& where, F one) {
    std::vector<T> out;
    const at here = where.member(key);
    each_of(need(obj, key, where), here,
            [&](const json& e, const at& w) { out.push_back(one(e, w)); });
    return out;
}

// The required members of an object, by type.
std::string str(const json& o, const char* k, const at& w) {
    return as_string(need(o, k, w), w.member(k));
}
bool flag(const json& o, const char* k, const at& w) {
    return as_bool(need(o, k, w), w.member(k));
}
std::uint32_t u32(const json& o, const char* k, const at& w) {
    return as_u32(need(o, k, w), w.member(k));
}
std::uint64_t u64(const json& o, const char* k, const at& w) {
    return as_u64(need(o, k, w), w.member(k));
}
std::int64_t i64(const json& o, const char* k, const at& w) {
    return as_i64(need(o, k, w), w.member(k));
}
int integer(const json& o, const char* k, const at& w) {
    return as_int(need(o, k, w), w.member(k));
}
double number(const json& o, const char* k, const at& w) {
    return as_number(need(o, k, w), w.member(k));
}
localized text(const json& o, const char* k, const at& w) {
    return as_text(need(o, k, w), w.member(k));
}
std::vector<std::string> strings(const json& o, const char* k, const at& w) {
    return list<std::string>(o, k, w, as_string);
}
std::vector<std::uint32_t> counts(const json& v, const at& w) {
    std::vector<std::uint32_t> out;
    each_of(v, w, [&](const json& e, const at& ew) { out.push_back(as_u32(e, ew)); });
    return out;
}

// Optional members: absent gives the default; present, the type is checked all the same.
bool opt_flag(const json& o, const char* k, const at& w) {
    const json* v = maybe(o, k);
    return v && as_bool(*v, w.member(k));
}

seq_t read_seq(const json& o, const at& w) {
    const json* v = maybe(o, "seq");
    if (!v)
        return std::nullopt;
    return as_u64(*v, w.member("seq"));
}

lang read_lang(const json& o, const char* k, const at& w) {
    const std::string s = str(o, k, w);
    if (s != "nl" && s != "en")
        fail(why::bad_value, w.member(k), "expected nl or en, got '" + s + "'");
    return lang_from_string(s);
}

role read_role(const json& o, const at& w) {
    const std::string s = str(o, "role", w);
    const role r = role_from_string(s);
    if (r == role::none)
        fail(why::bad_value, w.member("role"), "no role '" + s + "'");
    return r;
}

activity_kind read_kind(const json& o, const at& w) {
    const std::string s = str(o, "kind", w);
    const activity_kind k = activity_kind_from_string(s);
    if (k == activity_kind::unknown)
        fail(why::unknown_kind, w.member("kind"), "'" + s + "'");
    return k;
}

/** An integer setting of a step, within the range docs/content.md gives it. */
int setting(const json& o, const char* k, const at& w, int lo, int hi) {
    const int v = integer(o, k, w);
    if (v < lo || v > hi)
        fail(why::bad_value, w.member(k),
             "expected " + std::to_string(lo) + ".." + std::to_string(hi) + ", got " +
                 std::to_string(v));
    return v;
}

int setting(const json& o, const int_setting& s, const at& w) {
    return setting(o, s.key, w, s.lo, s.hi);
}

option_def read_option(const json& o, const at& w) {
    return option_def{str(o, "id", w), text(o, "text", w)};
}

} // namespace

reader::reader(const json& j, std::string path)
    : j_(j), root_(std::move(path)), at_(root_.empty() ? at{} : at{nullptr, root_.c_str(), 0}) {
    wire::object(j_, at_);
}
reader::reader(const json& j, const at& where) : j_(j), at_(where) {
    wire::object(j_, at_);
}

std::string reader::str(const char* key) const {
    return wire::str(j_, key, at_);
}
localized reader::text(const char* key) const {
    return wire::text(j_, key, at_);
}
bool reader::flag(const char* key) const {
    return wire::flag(j_, key, at_);
}
std::uint32_t reader::u32(const char* key) const {
    return wire::u32(j_, key, at_);
}
double reader::number(const char* key) const {
    return wire::number(j_, key, at_);
}
std::optional<double> reader::number_or_null(const char* key) const {
    const json& v = need(j_, key, at_);
    if (v.is_null())
        return std::nullopt;
    return as_number(v, at_.member(key));
}
std::vector<std::string> reader::strings(const char* key) const {
    return wire::strings(j_, key, at_);
}
std::vector<std::uint32_t> reader::counts(const char* key) const {
    return wire::counts(need(j_, key, at_), at_.member(key));
}
std::vector<std::vector<std::uint32_t>> reader::count_rows(const char* key) const {
    return wire::list<std::vector<std::uint32_t>>(j_, key, at_, wire::counts);
}
std::vector<std::vector<std::string>> reader::string_tuples(const char* key, std::size_t n) const {
    return wire::list<std::vector<std::string>>(j_, key, at_, [n](const json& x, const at& xw) {
        if (!x.is_array() || x.size() != n)
            fail(why::wrong_type, xw, "expected an array of " + std::to_string(n) + " strings");
        std::vector<std::string> out;
        for (std::size_t i = 0; i < n; ++i)
            out.push_back(as_string(x[i], xw.element(i)));
        return out;
    });
}
int reader::setting(const int_setting& s) const {
    return wire::setting(j_, s, at_);
}
int reader::setting(const char* key, int lo, int hi) const {
    return wire::setting(j_, key, at_, lo, hi);
}
std::vector<option_def> reader::options(const char* key) const {
    return wire::list<option_def>(j_, key, at_, read_option);
}
std::vector<image_def> reader::images(const char* key) const {
    return wire::list<image_def>(j_, key, at_, [](const json& im, const at& iw) {
        return image_def{wire::str(im, "id", iw), wire::str(im, "url", iw),
                         wire::text(im, "alt", iw)};
    });
}
std::vector<std::pair<double, double>> reader::points(const char* key) const {
    return wire::list<std::pair<double, double>>(j_, key, at_, [](const json& p, const at& pw) {
        if (!p.is_array() || p.size() != 2)
            fail(why::wrong_type, pw, "expected [x, y]");
        const double x = as_number(p[0], pw.element(0));
        const double y = as_number(p[1], pw.element(1));
        if (!(x >= 0.0 && x <= 1.0 && y >= 0.0 && y <= 1.0))
            fail(why::bad_value, pw, "x and y must be from 0 to 1");
        return std::pair{x, y};
    });
}
std::vector<std::string> reader::keys() const {
    std::vector<std::string> out;
    for (auto it = j_.begin(); it != j_.end(); ++it)
        out.push_back(it.key());
    return out;
}
bool reader::opt_flag(const char* key) const {
    return wire::opt_flag(j_, key, at_);
}
bool reader::has(const char* key) const {
    return maybe(j_, key) != nullptr;
}
reader reader::object(const char* key) const {
    return reader(need(j_, key, at_), at_.member(key));
}
void reader::each_object(const char* key, void* f, void (*call)(void*, const reader&)) const {
    const at here = at_.member(key);
    each_of(need(j_, key, at_), here, [&](const json& e, const at& ew) { call(f, reader(e, ew)); });
}
void reader::bad_value(const char* key, const std::string& detail) const {
    fail(why::bad_value, at_.member(key), detail);
}
void reader::bad_value(const char* key, std::size_t index, const std::string& detail) const {
    fail(why::bad_value, at_.member(key).element(index), detail);
}

namespace {

//----------------------------------------------------------------------------------------
// [SECTION] welcome

/**
 * A step as welcome shows it to role `r`: the fields every step has, then its kind's; the
 * kind's settings within the ranges of docs/content.md (the server validates every agenda
 * against them), so that no client draws a scale of a million values.
 */
step_def read_step(const json& o, const at& w, role r) {
    step_def d;
    d.id = str(o, "id", w);
    d.kind = read_kind(o, w);
    d.title = text(o, "title", w);
    d.prompt = text(o, "prompt", w);
    d.items = list<item_def>(o, "items", w, [](const json& it, const at& iw) {
        item_def i;
        i.id = str(it, "id", iw);
        i.text = text(it, "text", iw);
        if (const json* g = maybe(it, "group"))
            i.group = as_text(*g, iw.member("group"));
        if (const json* g = maybe(it, "rating"))
            i.rating = as_text(*g, iw.member("rating"));
        if (const json* f = maybe(it, "form")) {
            if (!f->is_string() || !item_form_from_string(f->get<std::string>(), i.form))
                fail(why::bad_value, iw.member("form"), "expected rate, open, choice or heading");
        }
        return i;
    });
    if (const json* in = maybe(o, "intro"))
        d.intro = as_text(*in, w.member("intro"));
    const reader settings(o, w);
    with_kind(d.kind, [&]<class R>(std::type_identity<R>) { R::read_settings(d, settings); });
    if (r == role::facilitator) {
        d.guide = text(o, "guide", w);
        d.resources = list<resource_def>(o, "resources", w, [](const json& x, const at& xw) {
            return resource_def{str(x, "id", xw), str(x, "category", xw), text(x, "title", xw),
                                text(x, "description", xw), str(x, "url", xw)};
        });
    }
    return d;
}

void expect_type(const json& j, const char* type, const at& w) {
    if (str(j, "type", w) != type)
        fail(why::bad_value, w.member("type"), std::string("expected ") + type);
}

//----------------------------------------------------------------------------------------
// [SECTION] view

step_result read_result(const json& o, const at& w) {
    step_result r;
    r.step = str(o, "step", w);
    r.kind = read_kind(o, w);
    r.total = u32(o, "total", w);
    r.withheld = opt_flag(o, "withheld", w);
    if (r.withheld)
        return r;
    r.paper = u32(o, "paper", w);
    const reader fields(o, w);
    with_kind(r.kind, [&]<class R>(std::type_identity<R>) { R::read_result(r, fields); });
    return r;
}

verdict read_verdict(const json& o, const at& w) {
    const std::string s = str(o, "verdict", w);
    for (verdict v : {verdict::mixed, verdict::solid, verdict::work_first})
        if (s == to_string(v))
            return v;
    fail(why::bad_value, w.member("verdict"), "no verdict '" + s + "'");
}

theme_score read_theme(const json& o, const at& w) {
    theme_score t;
    t.step = str(o, "step", w);
    t.theme = str(o, "theme", w);
    t.counts.green = u32(o, "green", w);
    t.counts.orange = u32(o, "orange", w);
    t.counts.red = u32(o, "red", w);
    t.counts.pass = u32(o, "pass", w);
    t.judged = read_verdict(o, w);
    t.next = strings(o, "next", w);
    if (maybe(o, "first"))
        t.first = strings(o, "first", w);
    t.inferred = opt_flag(o, "inferred", w);
    t.withheld = opt_flag(o, "withheld", w);
    return t;
}

share read_share(const json& o, const char* k, const at& w) {
    const json& s = need(o, k, w);
    const at sw = w.member(k);
    return share{integer(s, "green", sw), integer(s, "orange", sw), integer(s, "red", sw),
                 u32(s, "n", sw)};
}

comparison read_comparison(const json& o, const at& w) {
    comparison c;
    c.session = str(o, "session", w);
    c.created_at = i64(o, "created_at", w);
    c.title = str(o, "title", w);
    c.items = list<compare_item>(o, "items", w, [](const json& x, const at& xw) {
        compare_item it;
        it.step = str(x, "step", xw);
        it.item = str(x, "item", xw);
        it.text = str(x, "text", xw);
        it.before = read_share(x, "before", xw);
        it.after = read_share(x, "after", xw);
        const json& d = need(x, "delta", xw);
        const at dw = xw.member("delta");
        it.delta =
            share_change{integer(d, "green", dw), integer(d, "orange", dw), integer(d, "red", dw)};
        return it;
    });
    return c;
}

step_status read_status(const json& o, const at& w) {
    step_status s;
    s.id = str(o, "id", w);
    const std::string ph = str(o, "phase", w);
    s.ph = phase_from_string(ph);
    if (s.ph == phase::unknown)
        fail(why::bad_value, w.member("phase"), "no phase '" + ph + "'");
    s.revealed = flag(o, "revealed", w);
    s.answered = u32(o, "answered", w);
    s.complete = u32(o, "complete", w);
    s.locked = flag(o, "locked", w);
    s.live = flag(o, "live", w);
    // Absent: live everywhere (sent only as false, when live on the projector only).
    s.live_phones = maybe(o, "live_phones") ? flag(o, "live_phones", w) : s.live;
    s.paper = u32(o, "paper", w);
    if (maybe(o, "page"))
        s.page = u32(o, "page", w);
    if (maybe(o, "options"))
        s.options = list<option_def>(o, "options", w, read_option);
    if (const json* p = maybe(o, "plan_image")) {
        const at pw = w.member("plan_image");
        s.plan_image = str(*p, "id", pw);
        s.plan_width = u32(*p, "width", pw);
        s.plan_height = u32(*p, "height", pw);
        if (s.plan_width == 0 || s.plan_height == 0)
            fail(why::bad_value, pw, "a plan image has a width and a height");
    }
    if (maybe(o, "own_images"))
        s.own_images =
            list<image_choice::own_image>(o, "own_images", w, [](const json& x, const at& xw) {
                image_choice::own_image im{str(x, "id", xw), text(x, "alt", xw),
                                           u32(x, "width", xw), u32(x, "height", xw)};
                if (im.width == 0 || im.height == 0)
                    fail(why::bad_value, xw, "an own image has a width and a height");
                return im;
            });
    return s;
}

//----------------------------------------------------------------------------------------
// [SECTION] writing

/** `{ "nl", "en" }`, as the server writes every text (protocol.hpp). */
/** `[{ "id", "title" }]`: the building blocks. */
json blocks_json(const std::vector<option_def>& blocks) {
    json out = json::array();
    for (const auto& o : blocks)
        out.push_back(json{{"id", o.id}, {"title", text_json(o.text)}});
    return out;
}

void put_seq(json& j, const seq_t& seq) {
    if (seq)
        j["seq"] = *seq;
}

json share_json(const share& s) {
    return json{{"green", s.green}, {"orange", s.orange}, {"red", s.red}, {"n", s.n}};
}

template <class T> T decode_as(const json& j) {
    T m;
    from_json(j, m);
    return m;
}

} // namespace

//----------------------------------------------------------------------------------------
// [SECTION] look-ups

const step_def* session_info::step(std::string_view step_id) const {
    for (const auto& s : def.steps)
        if (s.id == step_id)
            return &s;
    return nullptr;
}

bool step_result::is_gap(std::size_t kind_row, std::size_t group_col) const {
    if (kind_row >= matrix_kinds.size() || group_col >= matrix_groups.size())
        return false;
    for (const auto& [k, g] : gaps)
        if (k == matrix_kinds[kind_row] && g == matrix_groups[group_col])
            return true;
    return false;
}

const step_status* view::step(std::string_view step_id) const {
    for (const auto& s : steps)
        if (s.id == step_id)
            return &s;
    return nullptr;
}

const step_result* view::result(std::string_view step_id) const {
    for (const auto& r : results)
        if (r.step == step_id)
            return &r;
    return nullptr;
}

const std::string* view::note_of(std::string_view step_id) const {
    for (const auto& n : notes)
        if (n.step == step_id)
            return &n.text;
    return nullptr;
}

//----------------------------------------------------------------------------------------
// [SECTION] from_json

void from_json(const json& j, welcome& m) {
    const at w;
    object(j, w);
    expect_type(j, "welcome", w);
    welcome out;
    out.seq = read_seq(j, w);
    out.as = read_role(j, w);
    const json& s = need(j, "session", w);
    const at sw = w.member("session");
    object(s, sw);
    if (out.as == role::facilitator)
        out.session.id = str(s, "id", sw);
    out.session.code = str(s, "code", sw);
    out.session.def.template_id = str(s, "template", sw);
    out.session.def.title = text(s, "title", sw);
    out.session.projector_lang = read_lang(s, "lang", sw);
    if (maybe(s, "join_url"))
        out.session.join_url = str(s, "join_url", sw);
    if (maybe(s, "practice"))
        out.session.practice = flag(s, "practice", sw);
    const role r = out.as;
    out.session.def.steps = list<step_def>(
        s, "steps", sw, [r](const json& x, const at& xw) { return read_step(x, xw, r); });
    out.session.def.blocks = list<option_def>(s, "blocks", sw, [](const json& b, const at& bw) {
        return option_def{str(b, "id", bw), text(b, "title", bw)};
    });
    try {
        kring::from_json(need(j, "rules", w), out.rules);
    } catch (const decode_error&) {
        throw;
    } catch (const std::exception& e) {
        // rules.cpp names the bad field in its message.
        fail(why::bad_value, w.member("rules"), e.what());
    }
    // The traffic-light vocabulary: green, orange, red, pass, in that order (rules.hpp).
    const auto& lights = out.rules.lights;
    const light order[] = {light::green, light::orange, light::red, light::pass};
    if (lights.size() != std::size(order))
        fail(why::bad_value, w.member("rules").member("lights"), "expected 4 words");
    for (std::size_t i = 0; i < lights.size(); ++i)
        if (lights[i].id != traffic_light::to_string(order[i]))
            fail(why::bad_value, w.member("rules").member("lights").element(i).member("id"),
                 std::string("expected ") + traffic_light::to_string(order[i]));
    if (out.as == role::participant) {
        out.participant = u32(j, "participant_id", w);
        out.resume_token = str(j, "resume_token", w);
    }
    if (out.as == role::projector && j.contains("photo_key"))
        out.photo_key = str(j, "photo_key", w);
    m = std::move(out);
}

void from_json(const json& j, view_update& m) {
    const at w;
    object(j, w);
    expect_type(j, "view_update", w);
    view_update u;
    u.rev = u64(j, "rev", w);
    u.joined = u32(j, "joined", w);
    u.online = u32(j, "online", w);
    u.now = i64(j, "now", w);
    u.steps = list<step_count>(j, "steps", w, [](const json& x, const at& xw) {
        return step_count{str(x, "id", xw), u32(x, "answered", xw), u32(x, "complete", xw)};
    });
    u.results = list<step_result>(j, "results", w, read_result);
    u.summary = list<theme_score>(j, "summary", w, read_theme);
    m = std::move(u);
}

void from_json(const json& j, view& m) {
    const at w;
    object(j, w);
    expect_type(j, "view", w);
    view v;
    v.rev = u64(j, "rev", w);
    v.as = read_role(j, w);
    v.code = str(j, "code", w);
    v.projector_lang = read_lang(j, "lang", w);
    v.joined = u32(j, "joined", w);
    v.online = u32(j, "online", w);
    v.current = str(j, "current", w);
    v.steps = list<step_status>(j, "steps", w, read_status);
    v.results = list<step_result>(j, "results", w, read_result);
    v.summary = list<theme_score>(j, "summary", w, read_theme);
    v.now = i64(j, "now", w);
    if (const json& t = need(j, "timer", w); !t.is_null()) {
        const at tw = w.member("timer");
        object(t, tw);
        v.timer = timer_state{str(t, "step", tw), i64(t, "ends_at", tw), u32(t, "seconds", tw),
                              flag(t, "ended", tw)};
    }
    v.paused = flag(j, "paused", w);
    v.ended = flag(j, "ended", w);
    v.follow = flag(j, "follow", w);
    v.min_answers = u32(j, "min_answers", w);
    if (v.as == role::facilitator) {
        v.comments = list<comment>(j, "comments", w, [](const json& x, const at& xw) {
            return comment{str(x, "step", xw), str(x, "item", xw), str(x, "text", xw)};
        });
        v.notes = list<note>(j, "notes", w, [](const json& x, const at& xw) {
            return note{str(x, "step", xw), str(x, "text", xw)};
        });
    }
    if (v.as == role::facilitator || v.as == role::projector)
        if (const json& c = need(j, "compare", w); !c.is_null()) {
            const at cw = w.member("compare");
            v.compare = read_comparison(object(c, cw), cw);
        }
    m = std::move(v);
}

void from_json(const json& j, mine& m) {
    const at w;
    object(j, w);
    expect_type(j, "mine", w);
    m.answers = list<mine_answer>(j, "answers", w, [](const json& x, const at& xw) {
        return mine_answer{
            str(x, "step", xw), str(x, "item", xw),
            need(x, "value", xw).dump(-1, ' ', false, json::error_handler_t::replace),
            str(x, "comment", xw)};
    });
}

void from_json(const json& j, devices& m) {
    const at w;
    object(j, w);
    expect_type(j, "devices", w);
    devices d;
    d.rev = u64(j, "rev", w);
    d.list = list<device>(j, "devices", w, [](const json& x, const at& xw) {
        return device{u32(x, "participant", xw), str(x, "name", xw), flag(x, "online", xw)};
    });
    m = std::move(d);
}

void from_json(const json& j, ack& m) {
    const at w;
    object(j, w);
    expect_type(j, "ack", w);
    m = ack{read_seq(j, w), u64(j, "rev", w)};
}

void from_json(const json& j, error_reply& m) {
    const at w;
    object(j, w);
    expect_type(j, "error", w);
    const std::string code = str(j, "code", w);
    const auto c = errc_from_string(code);
    if (!c)
        fail(why::bad_value, w.member("code"), "no error code '" + code + "'");
    m = error_reply{read_seq(j, w), error{*c, str(j, "message", w)}};
}

void from_json(const json& j, session_created& m) {
    const at w;
    object(j, w);
    expect_type(j, "session_created", w);
    m = session_created{read_seq(j, w), str(j, "session_id", w), str(j, "join_code", w),
                        str(j, "facilitator_secret", w)};
}

void from_json(const json& j, templates& m) {
    const at w;
    object(j, w);
    expect_type(j, "templates", w);
    m = templates{
        read_seq(j, w), list<template_summary>(j, "templates", w, [](const json& x, const at& xw) {
            template_summary t;
            t.id = str(x, "id", xw);
            t.title = text(x, "title", xw);
            t.description = text(x, "description", xw);
            t.steps = u32(x, "steps", xw);
            t.own = opt_flag(x, "own", xw);
            if (maybe(x, "movement"))
                t.movement = str(x, "movement", xw);
            if (maybe(x, "minutes"))
                t.minutes = u32(x, "minutes", xw);
            if (maybe(x, "needs"))
                t.needs = list<std::string>(
                    x, "needs", xw, [](const json& n, const at& nw) { return as_string(n, nw); });
            return t;
        })};
}

void from_json(const json& j, sessions& m) {
    const at w;
    object(j, w);
    expect_type(j, "sessions", w);
    m = sessions{read_seq(j, w),
                 list<stored_session>(j, "sessions", w, [](const json& x, const at& xw) {
                     return stored_session{str(x, "id", xw),           str(x, "code", xw),
                                           str(x, "template", xw),     text(x, "title", xw),
                                           i64(x, "created_at", xw),   i64(x, "last_at", xw),
                                           u32(x, "participants", xw), u64(x, "answers", xw),
                                           u32(x, "steps", xw)};
                 })};
}

void from_json(const json& j, template_reply& m) {
    const at w;
    object(j, w);
    expect_type(j, "template", w);
    const json& t = need(j, "template", w);
    object(t, w.member("template"));
    m = template_reply{read_seq(j, w), t.dump(-1, ' ', false, json::error_handler_t::replace)};
}

void from_json(const json& j, export_reply& m) {
    const at w;
    object(j, w);
    expect_type(j, "export", w);
    m = export_reply{read_seq(j, w), str(j, "format", w), str(j, "filename", w),
                     str(j, "content", w)};
}

message decode(const json& j) {
    try {
        const at w;
        object(j, w);
        const std::string type = str(j, "type", w);
        if (type == "view")
            return decode_as<view>(j);
        if (type == "view_update")
            return decode_as<view_update>(j);
        if (type == "ack")
            return decode_as<ack>(j);
        if (type == "welcome")
            return decode_as<welcome>(j);
        if (type == "mine")
            return decode_as<mine>(j);
        if (type == "devices")
            return decode_as<devices>(j);
        if (type == "error")
            return decode_as<error_reply>(j);
        if (type == "session_created")
            return decode_as<session_created>(j);
        if (type == "templates")
            return decode_as<templates>(j);
        if (type == "sessions")
            return decode_as<sessions>(j);
        if (type == "template")
            return decode_as<template_reply>(j);
        if (type == "export")
            return decode_as<export_reply>(j);
        fail(why::unknown_type, w.member("type"), "'" + type + "'");
    } catch (const decode_error&) {
        throw;
    } catch (const std::exception& e) {
        // Nothing above should throw anything else; if the JSON library does, it is still
        // a message this decoder cannot read.
        throw decode_error(why::bad_value, "", e.what());
    }
}

std::vector<message> decode_text(std::string_view text, std::vector<decode_error>* refused) {
    std::vector<message> out;
    const std::vector<json> objects = protocol::server_messages(text);
    if (objects.empty() && refused)
        refused->emplace_back(why::not_an_object, "", "neither a message nor a batch");
    for (const json& j : objects) {
        try {
            out.push_back(decode(j));
        } catch (const decode_error& e) {
            if (refused)
                refused->push_back(e);
        }
    }
    return out;
}

seq_t seq_of(const message& m) {
    return std::visit(
        [](const auto& x) -> seq_t {
            if constexpr (requires { x.seq; })
                return x.seq;
            else
                return std::nullopt;
        },
        m);
}

//----------------------------------------------------------------------------------------
// [SECTION] to_json

void to_json(json& j, const welcome& m) {
    to_json(j, m, m.session.def);
}

void to_json(json& j, const welcome& m, const session_def& def) {
    json steps = json::array();
    for (const auto& d : def.steps)
        steps.push_back(protocol::welcome_step(d, m.as));
    json blocks = blocks_json(def.blocks);
    json session{{"code", m.session.code},        {"template", def.template_id},
                 {"title", text_json(def.title)}, {"lang", to_string(m.session.projector_lang)},
                 {"steps", std::move(steps)},     {"blocks", std::move(blocks)}};
    if (m.as == role::facilitator)
        session["id"] = m.session.id;
    if (!m.session.join_url.empty())
        session["join_url"] = m.session.join_url;
    if (m.session.practice)
        session["practice"] = true;
    j = json{{"type", "welcome"},
             {"role", to_string(m.as)},
             {"session", std::move(session)},
             {"rules", m.rules}};
    if (m.as == role::participant) {
        j["participant_id"] = m.participant.value_or(0);
        j["resume_token"] = m.resume_token;
    }
    if (m.as == role::projector && !m.photo_key.empty())
        j["photo_key"] = m.photo_key;
    put_seq(j, m.seq);
}

void to_json(json& j, const step_status& s) {
    j = json{{"id", s.id},
             {"phase", to_string(s.ph)},
             {"revealed", s.revealed},
             {"answered", s.answered},
             {"complete", s.complete},
             {"locked", s.locked},
             {"live", s.live},
             {"paper", s.paper}};
    if (s.live && !s.live_phones)
        j["live_phones"] = false;
    if (s.page > 0)
        j["page"] = s.page;
    if (s.options)
        j["options"] = options_json(*s.options);
    if (!s.plan_image.empty())
        j["plan_image"] =
            json{{"id", s.plan_image}, {"width", s.plan_width}, {"height", s.plan_height}};
    if (!s.own_images.empty()) {
        json own = json::array();
        for (const auto& im : s.own_images)
            own.push_back(json{{"id", im.id},
                               {"alt", text_json(im.alt)},
                               {"width", im.width},
                               {"height", im.height}});
        j["own_images"] = std::move(own);
    }
}

void to_json(json& j, const step_result& r) {
    j = json{{"step", r.step}, {"kind", to_string(r.kind)}, {"total", r.total}};
    if (r.withheld) {
        j["withheld"] = true;
        return;
    }
    // The kinds' own encoders, as the server uses them; hidden and merged cards are written
    // when the decoded result has them (only a facilitator's view does).
    with_kind(r.kind, [&]<class R>(std::type_identity<R>) { R::write_result(j, r); });
    j["paper"] = r.paper;
}

void to_json(json& j, const theme_score& t) {
    j = json{{"step", t.step},
             {"theme", t.theme},
             {"green", t.counts.green},
             {"orange", t.counts.orange},
             {"red", t.counts.red},
             {"pass", t.counts.pass},
             {"verdict", to_string(t.judged)},
             {"next", t.next}};
    if (!t.first.empty())
        j["first"] = t.first;
    if (t.inferred)
        j["inferred"] = true;
    if (t.withheld)
        j["withheld"] = true;
}

void to_json(json& j, const comparison& c) {
    json items = json::array();
    for (const auto& it : c.items)
        items.push_back(json{
            {"step", it.step},
            {"item", it.item},
            {"text", it.text},
            {"before", share_json(it.before)},
            {"after", share_json(it.after)},
            {"delta",
             {{"green", it.delta.green}, {"orange", it.delta.orange}, {"red", it.delta.red}}}});
    j = json{{"session", c.session},
             {"created_at", c.created_at},
             {"title", c.title},
             {"items", std::move(items)}};
}

void to_json(json& j, const view& m) {
    j = json{{"type", "view"},
             {"rev", m.rev},
             {"role", to_string(m.as)},
             {"code", m.code},
             {"lang", to_string(m.projector_lang)},
             {"joined", m.joined},
             {"online", m.online},
             {"current", m.current},
             {"steps", m.steps},
             {"results", m.results},
             {"summary", m.summary},
             {"now", m.now},
             {"timer", m.timer ? json{{"step", m.timer->step},
                                      {"ends_at", m.timer->ends_at},
                                      {"seconds", m.timer->seconds},
                                      {"ended", m.timer->ended}}
                               : json(nullptr)},
             {"paused", m.paused},
             {"ended", m.ended},
             {"follow", m.follow},
             {"min_answers", m.min_answers}};
    if (m.as == role::facilitator) {
        json comments = json::array();
        for (const auto& c : m.comments)
            comments.push_back(json{{"step", c.step}, {"item", c.item}, {"text", c.text}});
        json notes = json::array();
        for (const auto& n : m.notes)
            notes.push_back(json{{"step", n.step}, {"text", n.text}});
        j["comments"] = std::move(comments);
        j["notes"] = std::move(notes);
    }
    if (m.as == role::facilitator || m.as == role::projector)
        j["compare"] = m.compare ? json(*m.compare) : json(nullptr);
}

void to_json(json& j, const view_update& m) {
    json steps = json::array();
    for (const auto& st : m.steps)
        steps.push_back(json{{"id", st.id}, {"answered", st.answered}, {"complete", st.complete}});
    j = json{{"type", "view_update"}, {"rev", m.rev},        {"joined", m.joined},
             {"online", m.online},    {"now", m.now},        {"steps", std::move(steps)},
             {"results", m.results},  {"summary", m.summary}};
}

view_update update_of(const view& v) {
    view_update u{v.rev, v.joined, v.online, v.now, {}, v.results, v.summary};
    u.steps.reserve(v.steps.size());
    for (const auto& st : v.steps)
        u.steps.push_back({st.id, st.answered, st.complete});
    return u;
}

bool apply_update(view& v, const view_update& u) {
    if (u.rev <= v.rev || u.steps.size() != v.steps.size())
        return false;
    for (std::size_t i = 0; i < u.steps.size(); ++i)
        if (u.steps[i].id != v.steps[i].id)
            return false;
    std::vector<step_result*> replaced;
    for (const auto& r : u.results) {
        auto it = std::find_if(v.results.begin(), v.results.end(),
                               [&](const step_result& x) { return x.step == r.step; });
        if (it == v.results.end())
            return false;
        replaced.push_back(&*it);
    }
    v.rev = u.rev;
    v.joined = u.joined;
    v.online = u.online;
    v.now = u.now;
    for (std::size_t i = 0; i < u.steps.size(); ++i) {
        v.steps[i].answered = u.steps[i].answered;
        v.steps[i].complete = u.steps[i].complete;
    }
    for (std::size_t i = 0; i < u.results.size(); ++i)
        *replaced[i] = u.results[i];
    v.summary = u.summary;
    return true;
}

void to_json(json& j, const mine& m) {
    json answers = json::array();
    for (const auto& a : m.answers)
        answers.push_back(json{{"step", a.step},
                               {"item", a.item},
                               {"value", json::parse(a.value, nullptr, false)},
                               {"comment", a.comment}});
    j = json{{"type", "mine"}, {"answers", std::move(answers)}};
}

void to_json(json& j, const devices& m) {
    json list = json::array();
    for (const auto& d : m.list)
        list.push_back(
            json{{"participant", d.participant}, {"name", d.name}, {"online", d.online}});
    j = json{{"type", "devices"}, {"rev", m.rev}, {"devices", std::move(list)}};
}

void to_json(json& j, const ack& m) {
    j = json{{"type", "ack"}, {"rev", m.rev}};
    put_seq(j, m.seq);
}

void to_json(json& j, const error_reply& m) {
    j = json{{"type", "error"}, {"code", to_string(m.err.code)}, {"message", m.err.message}};
    put_seq(j, m.seq);
}

void to_json(json& j, const session_created& m) {
    j = json{{"type", "session_created"},
             {"session_id", m.session_id},
             {"join_code", m.join_code},
             {"facilitator_secret", m.facilitator_secret}};
    put_seq(j, m.seq);
}

void to_json(json& j, const templates& m) {
    json list = json::array();
    for (const auto& t : m.list) {
        list.push_back(json{{"id", t.id},
                            {"title", text_json(t.title)},
                            {"description", text_json(t.description)},
                            {"steps", t.steps}});
        if (t.own)
            list.back()["own"] = true;
        if (!t.movement.empty())
            list.back()["movement"] = t.movement;
        if (t.minutes > 0)
            list.back()["minutes"] = t.minutes;
        if (!t.needs.empty())
            list.back()["needs"] = t.needs;
    }
    j = json{{"type", "templates"}, {"templates", std::move(list)}};
    put_seq(j, m.seq);
}

void to_json(json& j, const sessions& m) {
    json list = json::array();
    for (const auto& s : m.list)
        list.push_back(json{{"id", s.id},
                            {"code", s.code},
                            {"template", s.template_id},
                            {"title", text_json(s.title)},
                            {"created_at", s.created_at},
                            {"last_at", s.last_at},
                            {"participants", s.participants},
                            {"answers", s.answers},
                            {"steps", s.steps}});
    j = json{{"type", "sessions"}, {"sessions", std::move(list)}};
    put_seq(j, m.seq);
}

void to_json(json& j, const template_reply& m) {
    j = json{{"type", "template"}, {"template", json::parse(m.content, nullptr, false)}};
    put_seq(j, m.seq);
}

void to_json(json& j, const export_reply& m) {
    j = json{
        {"type", "export"}, {"format", m.format}, {"filename", m.filename}, {"content", m.content}};
    put_seq(j, m.seq);
}

void to_json(json& j, const message& m) {
    std::visit([&j](const auto& x) { to_json(j, x); }, m);
}

} // namespace kring::wire
