// Durations and sizes as config strings: "90s", "1h30m", "10MB".
#include <cctype>
#include <charconv>
#include <cmath>

#include "config/config.hpp"

namespace nw::config {
namespace {

// Reads a leading decimal number (digits with an optional fraction).
std::optional<double> take_number(std::string_view& s) {
  std::size_t i = 0;
  while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
  if (i == 0) return std::nullopt;
  double v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + i, v);
  if (ec != std::errc() || ptr != s.data() + i) return std::nullopt;
  s.remove_prefix(i);
  return v;
}

std::string_view take_unit(std::string_view& s) {
  std::size_t i = 0;
  while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i]))) ++i;
  const auto unit = s.substr(0, i);
  s.remove_prefix(i);
  return unit;
}

}  // namespace

std::optional<std::chrono::seconds> parse_duration(std::string_view s) {
  if (s.empty()) return std::nullopt;
  double total = 0;
  while (!s.empty()) {
    const auto n = take_number(s);
    if (!n) return std::nullopt;
    const auto unit = take_unit(s);
    double scale = 0;
    if (unit == "ms")
      scale = 0.001;
    else if (unit == "s")
      scale = 1;
    else if (unit == "m")
      scale = 60;
    else if (unit == "h")
      scale = 3600;
    else if (unit == "d")
      scale = 86400;
    else
      return std::nullopt;
    total += *n * scale;
  }
  if (total > 1e9) return std::nullopt;
  return std::chrono::seconds(static_cast<long long>(std::ceil(total)));
}

std::optional<std::size_t> parse_size(std::string_view s) {
  auto n = take_number(s);
  if (!n) return std::nullopt;
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  const auto unit = take_unit(s);
  if (!s.empty()) return std::nullopt;
  double scale = 0;
  if (unit.empty() || unit == "B")
    scale = 1;
  else if (unit == "KB" || unit == "kB")
    scale = 1e3;
  else if (unit == "MB")
    scale = 1e6;
  else if (unit == "GB")
    scale = 1e9;
  else if (unit == "KiB")
    scale = 1024.0;
  else if (unit == "MiB")
    scale = 1024.0 * 1024;
  else if (unit == "GiB")
    scale = 1024.0 * 1024 * 1024;
  else
    return std::nullopt;
  const double bytes = *n * scale;
  if (bytes < 1 || bytes > 1e12) return std::nullopt;
  return static_cast<std::size_t>(bytes);
}

}  // namespace nw::config
