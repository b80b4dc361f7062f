#include "cli/listing.hpp"

#include <cmath>
#include <cstdio>

#include "alerts/reconcile.hpp"
#include "claims/json.hpp"

namespace nw::cli {
namespace {

nlohmann::json opt_time(const std::optional<Time>& t) {
  return t ? nlohmann::json(format_iso8601(*t)) : nlohmann::json(nullptr);
}

// Cuts at a UTF-8 character boundary, so a cut cell never holds half a character.
std::string cut(const std::string& s, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && chars++ == max_chars) {
      return s.substr(0, i) + "…";
    }
  }
  return s;
}

std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

nlohmann::json to_json(const storage::ArticleRow& a) {
  return {
      {"id", a.id},
      {"feed", a.feed},
      {"url", a.url},
      {"canonical_url", a.canonical_url},
      {"guid", a.guid},
      {"title", a.title},
      {"published", opt_time(a.published)},
      {"fetched_at", format_iso8601(a.fetched_at)},
      {"duplicate_of", a.duplicate_of ? nlohmann::json(*a.duplicate_of) : nlohmann::json(nullptr)},
      {"claims", a.claims},
      {"version", a.version},
      {"language", a.language.empty() ? nlohmann::json(nullptr) : nlohmann::json(a.language)}};
}

nlohmann::json to_json(const storage::ClaimRow& c) {
  auto j = claims::to_json(c.claim);
  j["id"] = c.id;
  j["article_id"] = c.article_id;
  j["url"] = c.url;
  j["feed"] = c.feed;
  j["published"] = opt_time(c.published);
  j["origin"] = alerts::origin_of(c.claim, c.url, c.feed);
  return j;
}

nlohmann::json to_json(const storage::AlertRow& a) {
  const auto body = nlohmann::json::parse(a.body, nullptr, false);
  return {{"id", a.id},
          {"uid", a.uid},
          {"event", a.event},
          {"subject", a.subject},
          {"metric", a.metric},
          {"status", storage::to_string(a.status)},
          {"attempts", a.attempts},
          {"detected_at", format_iso8601(a.detected_at)},
          {"difference", body.is_object() ? body.value("difference", 0.0) : 0.0},
          {"claim", body.is_object() ? body.value("claim", nlohmann::json()) : nlohmann::json()},
          {"prior", body.is_object() ? body.value("prior", nlohmann::json()) : nlohmann::json()}};
}

nlohmann::json to_json(const storage::FeedState& f) {
  return {{"id", f.id},
          {"name", f.name},
          {"url", f.url},
          {"last_status", f.last_status ? nlohmann::json(*f.last_status) : nlohmann::json(nullptr)},
          {"last_fetch", opt_time(f.last_fetch)},
          {"last_success", opt_time(f.last_success)},
          {"next_poll", opt_time(f.next_poll)},
          {"retry_until", opt_time(f.retry_until)},
          {"consecutive_errors", f.consecutive_errors},
          {"last_error",
           f.last_error.empty() ? nlohmann::json(nullptr) : nlohmann::json(f.last_error)}};
}

void print_table(std::ostream& out, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows, std::size_t max_width) {
  std::vector<std::vector<std::string>> cells;
  cells.push_back(header);
  for (const auto& r : rows) {
    std::vector<std::string> row;
    for (const auto& c : r) row.push_back(cut(c, max_width));
    cells.push_back(std::move(row));
  }
  std::vector<std::size_t> widths(header.size(), 0);
  for (const auto& r : cells) {
    for (std::size_t i = 0; i < r.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(r[i]));
    }
  }
  for (const auto& r : cells) {
    std::string line;
    for (std::size_t i = 0; i < r.size() && i < widths.size(); ++i) {
      line += r[i];
      if (i + 1 < r.size()) line += std::string(widths[i] - display_width(r[i]) + 2, ' ');
    }
    out << line << '\n';
  }
}

std::string describe_figure(const claims::Claim& c) {
  auto number = [](double v) {
    char buf[64];
    if (std::fabs(v - std::round(v)) < 1e-9)
      std::snprintf(buf, sizeof buf, "%.0f", v);
    else
      std::snprintf(buf, sizeof buf, "%g", v);
    return std::string(buf);
  };
  std::string s;
  if (c.qualifier == "range" && c.low && c.high)
    s = number(*c.low) + "–" + number(*c.high);
  else if (c.qualifier == "vague" && c.low && c.high)
    s = number(*c.low) + "–" + number(*c.high) + " (vague)";
  else if (c.qualifier == "exact")
    s = number(c.value);
  else
    s = c.qualifier + " " + number(c.value);
  if (c.unit && *c.unit != "people") s += " " + *c.unit;
  return s;
}

}  // namespace nw::cli
