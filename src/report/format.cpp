#include "report/format.hpp"

#include <cmath>
#include <cstdio>

#include "util/text.hpp"

namespace nw::report {
namespace {

// The length of the valid UTF-8 sequence at s[i], or 0.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t n = c < 0x80           ? 1
                  : (c >> 5) == 0x6  ? 2
                  : (c >> 4) == 0xE  ? 3
                  : (c >> 3) == 0x1E ? 4
                                     : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  }
  if (n == 2 && c < 0xC2) return 0;  // overlong
  return n;
}

std::string with_commas(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", std::fabs(v));
  std::string digits = buf, out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (v < 0 ? "-" : "") + out;
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (std::size_t i = 0; i < text.size();) {
    const char c = text[i];
    const auto u = static_cast<unsigned char>(c);
    const std::size_t n = utf8_length(text, i);
    if (n == 0 || (u < 0x20 && c != '\n' && c != '\t') || u == 0x7F) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::optional<std::string> safe_href(std::string_view url) {
  const std::string lower = ascii_lower(url.substr(0, 8));
  const bool http = lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
  if (!http || url.size() > 4096) return std::nullopt;
  for (const char c : url) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\') {
      return std::nullopt;
    }
  }
  return std::string(url);
}

std::string format_number(double v) {
  if (!std::isfinite(v)) return "?";
  if (std::fabs(v - std::round(v)) < 1e-9 || std::fabs(v) >= 1e15) return with_commas(v);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

std::string format_short(double v) {
  struct Step {
    double size;
    const char* suffix;
  };
  for (const Step s : {Step{1e12, "T"}, Step{1e9, "B"}, Step{1e6, "M"}, Step{1e3, "k"}}) {
    if (std::fabs(v) >= s.size) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.3g%s", v / s.size, s.suffix);
      return buf;
    }
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

std::string format_figure(const claims::Claim& c) {
  const auto n = [](double v) { return format_number(v); };
  std::string s;
  const std::string& q = c.qualifier;
  if ((q == "range" || q == "vague") && c.low && c.high) {
    s = n(*c.low) + "–" + n(*c.high) + (q == "vague" ? " (vague)" : "");
  } else if (q == "exact") {
    s = n(c.value);
  } else if (q == "approx") {
    s = "about " + n(c.value);
  } else if (q == "at_least") {
    s = "at least " + n(c.value);
  } else if (q == "more_than") {
    s = "more than " + n(c.value);
  } else if (q == "at_most") {
    s = "up to " + n(c.value);
  } else {
    s = q + " " + n(c.value);  // "nearly 600", and any qualifier a rule pack adds
  }
  if (c.unit && *c.unit != "people") s += " " + *c.unit;
  return s;
}

std::string format_date(Time t) {
  return format_iso8601(t).substr(0, 10);
}

}  // namespace nw::report
