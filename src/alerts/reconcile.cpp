#include "alerts/reconcile.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "alerts/divergence.hpp"
#include "dedup/canonical.hpp"

namespace nw::alerts {
namespace {

// Reports of a growing stock further apart than this may differ by growth.
constexpr auto k_same_time = std::chrono::days(30);

bool before(const Figure& a, const Figure& b) {
  return a.reported != b.reported ? a.reported < b.reported : a.id < b.id;
}

double lower(const claims::Claim& c) {
  return c.low.value_or(c.value);
}
double upper(const claims::Claim& c) {
  return std::max(c.high.value_or(c.value), c.value);
}

// Whether two origins' latest figures dispute each other.
bool dispute(const Figure& a, const Figure& b, const Agreement& agreement, bool growing) {
  if (!comparable(a.claim, b.claim)) return false;
  if (agrees(a.claim, b.claim, agreement.tolerance, agreement.open_bound_factor)) return false;
  if (growing) {
    const Figure& older = before(a, b) ? a : b;
    const Figure& newer = before(a, b) ? b : a;
    // Last year's count is lower than this year's because the stock grew.
    if (newer.reported - older.reported > k_same_time &&
        bounds(older.claim, agreement.open_bound_factor).first <=
            bounds(newer.claim, agreement.open_bound_factor).second * (1 + agreement.tolerance)) {
      return false;
    }
  }
  return true;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

std::string origin_of(const claims::Claim& claim, std::string_view url, std::string_view feed) {
  if (claim.source && !claim.source->empty()) return *claim.source;
  std::string site = dedup::site_of(url);
  return site.empty() ? std::string(feed) : site;
}

std::string origin_key(std::string_view origin) {
  std::string out;
  bool space = false;
  for (const char ch : origin) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isspace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += static_cast<char>(std::tolower(c));
  }
  if (out.rfind("the ", 0) == 0) out.erase(0, 4);
  return out;
}

std::string group_key(const claims::Claim& claim) {
  std::string key = claim.force.value_or("") + "|";
  std::string sep;
  for (const int y : years_in(claim.period)) {
    key += sep + std::to_string(y);
    sep = ",";
  }
  return key;
}

bool growing_metric(std::string_view metric) {
  // Counts to date only grow; `serving` is counted as growing too (issue 19),
  // `personnel` and `payment` may go either way.
  for (const char* m : {"recruited", "serving", "killed", "missing", "captured", "casualties",
                        "returned", "mobilized", "prosecuted", "labor_recruited"}) {
    if (metric == m) return true;
  }
  return false;
}

std::vector<const Figure*> latest_by_origin(const std::vector<Figure>& group) {
  std::vector<const Figure*> out;
  std::map<std::string, std::size_t> slot;
  std::vector<const Figure*> sorted;
  for (const auto& f : group) sorted.push_back(&f);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Figure* a, const Figure* b) { return before(*a, *b); });
  for (const Figure* f : sorted) {
    if (f->claim.qualifier == "vague") continue;
    const auto [it, fresh] = slot.emplace(origin_key(f->origin), out.size());
    if (fresh)
      out.push_back(f);
    else
      out[it->second] = f;
  }
  return out;
}

std::optional<Reconciled> reconcile(const std::vector<Figure>& group, const Agreement& agreement,
                                    std::optional<Time> as_of) {
  std::vector<Figure> upto;
  for (const auto& f : group) {
    if (!as_of || f.reported <= *as_of) upto.push_back(f);
  }
  const auto latest = latest_by_origin(upto);
  if (latest.empty()) return std::nullopt;
  Reconciled r;
  r.origins = static_cast<int>(latest.size());
  r.low = lower(latest.front()->claim);
  r.high = upper(latest.front()->claim);
  std::vector<double> values;
  for (const Figure* f : latest) {
    r.low = std::min(r.low, lower(f->claim));
    r.high = std::max(r.high, upper(f->claim));
    values.push_back(f->claim.value);
  }
  r.best = median(values);
  const bool growing = growing_metric(latest.front()->claim.metric);
  for (std::size_t i = 0; i < latest.size() && !r.disputed; ++i) {
    for (std::size_t k = i + 1; k < latest.size() && !r.disputed; ++k) {
      r.disputed = dispute(*latest[i], *latest[k], agreement, growing);
    }
  }
  return r;
}

int supporting_origins(const Figure& figure, const std::vector<Figure>& group,
                       const Agreement& agreement) {
  const std::string own = origin_key(figure.origin);
  int n = 1;
  for (const Figure* f : latest_by_origin(group)) {
    if (origin_key(f->origin) == own) continue;
    if (agrees(figure.claim, f->claim, agreement.tolerance, agreement.open_bound_factor)) ++n;
  }
  return n;
}

OriginChain origin_chain(const Figure& figure, const std::vector<Figure>& group,
                         const Agreement& agreement) {
  OriginChain chain;
  chain.origin = figure.origin;
  const std::string own = origin_key(figure.origin);
  std::vector<const Figure*> same;
  for (const auto& f : group) {
    if (origin_key(f.origin) != own) continue;
    if (f.id != figure.id &&
        !agrees(figure.claim, f.claim, agreement.tolerance, agreement.open_bound_factor)) {
      continue;
    }
    same.push_back(&f);
  }
  std::stable_sort(same.begin(), same.end(),
                   [](const Figure* a, const Figure* b) { return before(*a, *b); });
  if (same.empty()) return chain;
  chain.first = same.front();
  for (std::size_t i = 1; i < same.size(); ++i) {
    if (same[i]->article_id != chain.first->article_id) chain.repeated.push_back(same[i]);
  }
  return chain;
}

}  // namespace nw::alerts
