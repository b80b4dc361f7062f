#include "report/folding.hpp"

#include <vector>

#include "alerts/divergence.hpp"
#include "util/text.hpp"

namespace nw::report {
namespace {

// The number the digits spell, or -1 (also for an empty string).
int digits(std::string_view s) {
  if (s.empty()) return -1;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace

std::optional<std::pair<Time, Time>> as_of_span(const std::string& s) {
  using namespace std::chrono;
  const std::string_view v(s);
  const int y = s.size() >= 4 ? digits(v.substr(0, 4)) : -1;
  if (y < 1900 || y > 2199) return std::nullopt;
  const int m = s.size() >= 7 && s[4] == '-' ? digits(v.substr(5, 2)) : -1;
  const int d = m > 0 && s.size() >= 10 && s[7] == '-' ? digits(v.substr(8, 2)) : -1;
  const year yy{y};
  if (m < 1 || m > 12) {
    return std::pair{Time(sys_days(yy / January / 1)),
                     Time(sys_days((yy + years(1)) / January / 1))};
  }
  const auto ym = yy / month(static_cast<unsigned>(m));
  if (d < 1 || !year_month_day(ym / day(static_cast<unsigned>(d))).ok()) {
    return std::pair{Time(sys_days(ym / 1)), Time(sys_days((ym + months(1)) / 1))};
  }
  const sys_days day0(ym / day(static_cast<unsigned>(d)));
  return std::pair{Time(day0), Time(day0 + days(1))};
}

std::string source_of(const storage::LedgerClaim& c) {
  if (c.claim.source && !trim(*c.claim.source).empty()) return std::string(trim(*c.claim.source));
  return "unattributed (" + c.feed + ")";
}

FoldKey fold_key(const storage::LedgerClaim& r) {
  const auto& c = r.claim;
  return {
      ascii_lower(source_of(r)), c.value, c.low, c.high, c.qualifier, c.as_of, c.force, c.period};
}

void date_entry(Entry& e) {
  if (e.claim.as_of) {
    if (const auto span = as_of_span(*e.claim.as_of)) {
      e.date = span->first;
      e.date_end = span->second;
      e.date_kind = DateKind::AsOf;
      return;
    }
  }
  // The earliest article that reported it.
  std::optional<Time> best;
  DateKind kind = DateKind::None;
  for (const auto& r : e.reports) {
    const auto t = r.published
                       ? r.published
                       : (r.fetched_at != Time{} ? std::optional(r.fetched_at) : std::nullopt);
    if (t && (!best || *t < *best)) {
      best = t;
      kind = r.published ? DateKind::Published : DateKind::Fetched;
    }
  }
  e.date = best;
  e.date_end = best.value_or(Time{});
  e.date_kind = kind;
}

bool agrees(const claims::Claim& later, const claims::Claim& alerted, double tolerance) {
  if (!alerts::comparable(later, alerted)) return false;
  return !alerts::find_divergence(later, std::vector<const claims::Claim*>{&alerted}, tolerance)
              .has_value();
}

}  // namespace nw::report
