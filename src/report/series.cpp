#include "report/series.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>
#include <string>

namespace nw::report {
namespace {

const char* const k_columns[] = {"date",
                                 "subject",
                                 "metric",
                                 "unit",
                                 "force",
                                 "period",
                                 "value",
                                 "qualifier",
                                 "low",
                                 "high",
                                 "as_of",
                                 "source",
                                 "origin",
                                 "article_id",
                                 "version",
                                 "url",
                                 "title",
                                 "feed",
                                 "claim_id",
                                 "reconciled_low",
                                 "reconciled_best",
                                 "reconciled_high",
                                 "origins",
                                 "disputed"};

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_value(const nlohmann::json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return csv_field(v.get<std::string>());
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  std::string s = v.dump();
  if (s.size() > 2 && s.ends_with(".0")) s.resize(s.size() - 2);  // 742, not 742.0
  return s;
}

nlohmann::json opt(const std::optional<std::string>& s) {
  return s ? nlohmann::json(*s) : nlohmann::json(nullptr);
}
nlohmann::json opt(const std::optional<double>& d) {
  return d ? nlohmann::json(*d) : nlohmann::json(nullptr);
}

}  // namespace

std::vector<SeriesRow> build_series(const std::vector<storage::LedgerClaim>& claims,
                                    const alerts::Agreement& agreement) {
  std::vector<SeriesRow> rows;
  for (const auto& c : claims) {
    rows.push_back({c.published.value_or(c.fetched_at), c,
                    alerts::origin_of(c.claim, c.url, c.feed), std::nullopt});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const SeriesRow& a, const SeriesRow& b) {
    return a.date != b.date ? a.date < b.date : a.claim.id < b.claim.id;
  });
  // Walk the dates once, keeping each (force, period) group's latest figure
  // per origin: reconciling as of a date then costs the origins, not the rows.
  std::map<std::string, std::map<std::string, alerts::Figure>> latest;
  for (std::size_t i = 0; i < rows.size();) {
    std::size_t end = i;
    while (end < rows.size() && rows[end].date == rows[i].date) {
      const auto& r = rows[end];
      if (r.claim.claim.qualifier != "vague") {
        latest[alerts::group_key(r.claim.claim)][alerts::origin_key(r.origin)] =
            alerts::Figure{r.claim.id, r.claim.article_id, r.date, r.origin, r.claim.claim};
      }
      ++end;
    }
    // Rows of one date and group share their reconciled figure: reconciled
    // once (a day's reports fetched at one moment were each reconciled again,
    // copying every origin's figure: most of a group page's time).
    std::map<std::string, std::optional<alerts::Reconciled>> at_date;
    for (; i < end; ++i) {
      const std::string key = alerts::group_key(rows[i].claim.claim);
      auto found = at_date.find(key);
      if (found == at_date.end()) {
        const auto& figures = latest[key];
        std::vector<alerts::Figure> now;
        now.reserve(figures.size());
        for (const auto& [origin, f] : figures) now.push_back(f);
        found = at_date.emplace(key, alerts::reconcile(now, agreement)).first;
      }
      rows[i].reconciled = found->second;
    }
  }
  return rows;
}

nlohmann::json series_json(const SeriesRow& row) {
  const auto& c = row.claim.claim;
  const auto& r = row.reconciled;
  return {{"date", format_iso8601(row.date)},
          {"subject", c.subject},
          {"metric", c.metric},
          {"unit", opt(c.unit)},
          {"force", opt(c.force)},
          {"period", opt(c.period)},
          {"value", c.value},
          {"qualifier", c.qualifier},
          {"low", opt(c.low)},
          {"high", opt(c.high)},
          {"as_of", opt(c.as_of)},
          {"source", opt(c.source)},
          {"origin", row.origin},
          {"article_id", row.claim.article_id},
          {"version", row.claim.version},
          {"url", row.claim.url},
          {"title", row.claim.title},
          {"feed", row.claim.feed},
          {"claim_id", row.claim.id},
          {"reconciled_low", r ? nlohmann::json(r->low) : nlohmann::json(nullptr)},
          {"reconciled_best", r ? nlohmann::json(r->best) : nlohmann::json(nullptr)},
          {"reconciled_high", r ? nlohmann::json(r->high) : nlohmann::json(nullptr)},
          {"origins", r ? nlohmann::json(r->origins) : nlohmann::json(nullptr)},
          {"disputed", r ? nlohmann::json(r->disputed) : nlohmann::json(nullptr)}};
}

void write_series_csv(std::ostream& out, const std::vector<SeriesRow>& rows) {
  std::string line;
  for (const char* col : k_columns) {
    if (!line.empty()) line += ',';
    line += col;
  }
  out << line << "\r\n";
  for (const auto& row : rows) {
    const auto j = series_json(row);
    line.clear();
    for (const char* col : k_columns) {
      if (col != k_columns[0]) line += ',';
      line += csv_value(j[col]);
    }
    out << line << "\r\n";
  }
}

std::string series_csv(const std::vector<SeriesRow>& rows) {
  std::ostringstream out;
  write_series_csv(out, rows);
  return std::move(out).str();
}

}  // namespace nw::report
