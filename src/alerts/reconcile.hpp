// Origins and the reconciled figure of a group (README, "The record"). Pure
// code over figures the caller read: no store, no clock.
//
// The origin of a figure is who first stated it: its normalised source when the
// article attributes it ("according to I Want to Live"), else the outlet that
// published it. Five outlets quoting one ministry are one origin; syndicated
// copies and near-duplicates carry no claims of their own, so they never add one.
//
// A group is subject, metric, unit, force and period (the years it names). Per
// group, over the latest figure of each origin: `low` is the lowest lower
// bound (the conservative figure), `best` the median, `high` the highest
// figure; `disputed` when two origins' latest figures disagree beyond the
// tolerance. For stocks that grow (killed to date, serving), an older figure
// that a later one exceeds is growth, not a dispute.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "claims/claim.hpp"
#include "util/time.hpp"

namespace nw::alerts {

// When two figures agree ([divergence] tolerance and open_bound_factor).
struct Agreement {
  double tolerance = 0.10;
  double open_bound_factor = 2.0;
};

// The origin's name: the claim's source when it has one, else the site of the
// article's `url` (its publisher, whichever feed delivered it: an aggregator's
// feed carries many outlets, and a syndicated copy keeps its first site), else
// `feed` when the URL has no site (file: feeds).
std::string origin_of(const claims::Claim& claim, std::string_view url, std::string_view feed);

// What makes two origin names the same origin: case and spacing folded, a
// leading "the" dropped ("The Ministry of Defence" = "ministry of defence").
std::string origin_key(std::string_view origin);

// The group a claim belongs to within its subject, metric and unit: its force
// and the years its period names, as "force|2024,2025" ("|" when neither).
std::string group_key(const claims::Claim& claim);

// Whether the metric counts a stock that grows over time.
bool growing_metric(std::string_view metric);

// One stored figure, as reconciliation needs it.
struct Figure {
  int64_t id = 0;  // the claim's id: orders reports made at the same moment
  int64_t article_id = 0;
  Time reported{};     // when it was published (else fetched)
  std::string origin;  // origin_of()
  claims::Claim claim;
};

// The reconciled figure of one group.
struct Reconciled {
  double low = 0;
  double best = 0;
  double high = 0;
  int origins = 0;  // independent origins with a figure in the group
  bool disputed = false;
};

// Reconciles the figures of one group (same group_key; vague amounts are left
// out) reported up to `as_of` (nullopt: all); nullopt when none is left.
std::optional<Reconciled> reconcile(const std::vector<Figure>& group, const Agreement& agreement,
                                    std::optional<Time> as_of = std::nullopt);

// The latest figure of each origin, in the order of their first reports.
std::vector<const Figure*> latest_by_origin(const std::vector<Figure>& group);

// How many independent origins stand behind `figure`: those whose latest figure
// in `group` agrees with it, its own origin included.
int supporting_origins(const Figure& figure, const std::vector<Figure>& group,
                       const Agreement& agreement);

// Who reported a figure: the first report of its origin that agrees with it,
// and every later report of that origin that repeated it.
struct OriginChain {
  std::string origin;
  const Figure* first = nullptr;
  std::vector<const Figure*> repeated;  // oldest first, other articles only
};
OriginChain origin_chain(const Figure& figure, const std::vector<Figure>& group,
                         const Agreement& agreement);

}  // namespace nw::alerts
