// The `parse` command's JSON (interface.md): a Feed with neutral field names.
#pragma once

#include <nlohmann/json.hpp>

#include "parsers/feed.hpp"

namespace nw::parsers {

// {"format","version","encoding","bozo","feed":{...},"entries":[...]}; dates
// as ISO 8601 UTC, empty fields left out.
nlohmann::json to_json(const Feed& feed);

}  // namespace nw::parsers
