// Feed dates as the wild writes them, to UTC.
#pragma once

#include <optional>
#include <string_view>

#include "util/time.hpp"

namespace nw::parsers {

// Parses RFC 822/1123 (any zone form: +0200, GMT, EST, MSK, military letters),
// RFC 3339 / ISO 8601 / W3C-DTF (incl. compact, ordinal and two-digit-year
// forms), asctime, and the sloppy variants of the wild (missing seconds or day
// name, two-digit years, "Feb, 2012", full month names). nullopt when the
// string is not a date or names an impossible one; never throws.
std::optional<Time> parse_date(std::string_view s);

}  // namespace nw::parsers
