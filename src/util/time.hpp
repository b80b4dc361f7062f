// Time points as the whole program sees them: UTC, whole seconds.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace nw {

using Clock = std::chrono::system_clock;
using Time = std::chrono::sys_seconds;

// The current time, truncated to seconds.
Time now();

// "2026-01-05T10:00:00Z".
std::string format_iso8601(Time t);

// Parses the exact form format_iso8601 writes (and a date-only "YYYY-MM-DD");
// nullopt for anything else. Feed dates go through parsers/dates.hpp instead.
std::optional<Time> parse_iso8601(std::string_view s);

}  // namespace nw
