// The agenda editor's template in its content-file form (docs/content.md), edited in place
// as JSON (app_agenda.cpp). Apart from app.hpp, which names it only, so that app.hpp needs
// no more than <nlohmann/json_fwd.hpp>.
#pragma once

#include <nlohmann/json.hpp>

namespace kring::client {

struct agenda_json {
    nlohmann::json doc;
};

} // namespace kring::client
