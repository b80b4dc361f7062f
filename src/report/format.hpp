// Text for the report pages: escaping for HTML and SVG, safe links, figures,
// numbers and dates as people read them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "claims/claim.hpp"
#include "util/time.hpp"

namespace nw::report {

// Escapes & < > " ' so the text is safe in HTML/SVG text and quoted attributes.
// Bytes that are not valid UTF-8, and control characters, become U+FFFD.
std::string escape(std::string_view text);

// The URL when it is an absolute http(s) URL without spaces or control characters;
// otherwise nullopt (javascript:, data:, relative and malformed URLs are never linked).
std::optional<std::string> safe_href(std::string_view url);

// 1031 -> "1,031"; 2.5 -> "2.5"; 3000000 -> "3,000,000".
std::string format_number(double v);

// 1500 -> "1.5k", 3000000 -> "3M": short labels for chart axes.
std::string format_short(double v);

// "nearly 600", "more than 550", "200–999 (vague)", "1,000–1,500", "3,000,000 RUB".
std::string format_figure(const claims::Claim& c);

// "2026-11-23".
std::string format_date(Time t);

}  // namespace nw::report
