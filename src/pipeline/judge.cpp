#include "pipeline/judge.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "alerts/alert.hpp"
#include "alerts/divergence.hpp"
#include "alerts/reconcile.hpp"
#include "alerts/routing.hpp"
#include "pipeline/priors.hpp"
#include "report/ledger.hpp"
#include "storage/store.hpp"

namespace nw::pipeline {
namespace {

using storage::LedgerClaim;

storage::ClaimRow row_of(const LedgerClaim& c) {
  storage::ClaimRow r;
  r.id = c.id;
  r.article_id = c.article_id;
  r.url = c.url;
  r.article_title = c.title;
  r.feed = c.feed;
  r.published = c.published;
  r.claim = c.claim;
  return r;
}

alerts::Figure figure_of(const LedgerClaim& c) {
  return {c.id, c.article_id, c.published.value_or(c.fetched_at),
          alerts::origin_of(c.claim, c.url, c.feed), c.claim};
}

const LedgerClaim* find_claim(const storage::LedgerData& g, int64_t id) {
  for (const auto& c : g.claims) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

// The article's own latest earlier figure of the same group, when its new
// version no longer states it: the one `claim` replaced (96 -> 105). Earlier
// figures were replaced before, by that latest one.
const LedgerClaim* revised_figure(const std::vector<LedgerClaim>& claims, const LedgerClaim& self,
                                  const std::vector<claims::Claim>& stated) {
  const LedgerClaim* latest = nullptr;
  for (const auto& c : claims) {  // oldest first
    if (c.article_id == self.article_id && c.id < self.id && c.claim.qualifier != "vague" &&
        alerts::group_key(c.claim) == alerts::group_key(self.claim)) {
      latest = &c;
    }
  }
  if (!latest || latest->claim.value == self.claim.value) return nullptr;
  const bool still_stated = std::any_of(stated.begin(), stated.end(), [&](const auto& s) {
    return s.subject == latest->claim.subject && s.metric == latest->claim.metric &&
           s.unit == latest->claim.unit && s.value == latest->claim.value;
  });
  return still_stated ? nullptr : latest;
}

// Contradictions and divergences no `confirmed` alert has closed yet.
std::vector<const storage::LedgerAlert*> open_alerts(const storage::LedgerData& g) {
  std::set<int64_t> closed;  // claims a confirmed alert names as its prior
  for (const auto& a : g.alerts) {
    if (a.event == "confirmed") closed.insert(a.prior_claims.begin(), a.prior_claims.end());
  }
  std::vector<const storage::LedgerAlert*> out;
  for (const auto& a : g.alerts) {
    if ((a.event == "contradiction" || a.event == "divergence") && !closed.count(a.claim_id))
      out.push_back(&a);
  }
  return out;
}

// Whether the figure of an open alert's claim `alerted` is confirmed by `claim`,
// stored as `self` of article `article_id`.
bool confirms(const LedgerClaim& alerted, const claims::Claim& claim, const LedgerClaim& self,
              int64_t article_id, const alerts::Agreement& agreement) {
  if (alerted.article_id == article_id) return false;
  // Only another origin can confirm: the same ministry saying it twice is one voice.
  if (alerts::origin_key(figure_of(alerted).origin) == alerts::origin_key(figure_of(self).origin))
    return false;
  return alerts::agrees(claim, alerted.claim, agreement.tolerance, agreement.open_bound_factor);
}

// Whether judging the claim raises any alert, read from a bounded part of its
// group: the article's own claims of the group (a revision), the priors an
// index finds near its figure (pipeline/priors.hpp) and the group's open
// alerts. Nearly every claim raises none once a group has history, and stops
// here; one that does is judged over its whole group (judge_claim), for the
// reconciled figure and the routing that go with the alert.
bool raises_alert(storage::Store& store, const claims::Claim& claim, int64_t claim_id,
                  int64_t article_id, bool revised, const std::vector<claims::Claim>& stated,
                  const alerts::Agreement& agreement) {
  const storage::ClaimGroup group{claim.subject, claim.metric, claim.unit};
  std::optional<std::vector<LedgerClaim>> own;
  const auto self = [&]() -> const LedgerClaim* {
    if (!own) own = store.article_group_claims(article_id, group);
    for (const auto& c : *own) {
      if (c.id == claim_id) return &c;
    }
    return nullptr;
  };
  if (revised) {
    const LedgerClaim* me = self();
    if (!me) return false;
    if (revised_figure(*own, *me, stated)) return true;
  }
  if (find_divergence_indexed(store, claim, claim_id, article_id, agreement).found) return true;
  const auto open = store.open_alert_claims(group);
  if (open.empty()) return false;
  const LedgerClaim* me = self();
  if (!me) return false;
  return std::any_of(open.begin(), open.end(), [&](const LedgerClaim& alerted) {
    return confirms(alerted, claim, *me, article_id, agreement);
  });
}

struct Raised {
  std::string event;
  const LedgerClaim* prior = nullptr;
  double difference = 0;
};

// The webhooks that get the alert: every route that wants it, or the fixed
// targets (alerts.jsonl) when no webhook is configured.
std::vector<std::string> targets_for(const IngestPolicy& policy, const alerts::AlertFacts& facts,
                                     const storage::LedgerData& g,
                                     std::map<std::string, Time>& sent_now) {
  if (policy.routes.empty()) return policy.alert_targets;
  std::vector<std::string> out;
  for (const auto& route : policy.routes) {
    std::optional<Time> last;
    for (const auto& a : g.alerts) {
      if (std::find(a.targets.begin(), a.targets.end(), route.target) != a.targets.end())
        last = std::max(last.value_or(a.detected_at), a.detected_at);
    }
    if (const auto it = sent_now.find(route.target); it != sent_now.end()) last = it->second;
    if (!alerts::wants(route, facts, last)) continue;
    out.push_back(route.target);
    sent_now[route.target] = facts.detected_at;
  }
  return out;
}

}  // namespace

std::vector<int64_t> judge_claim(storage::Store& store, const claims::Claim& claim,
                                 int64_t claim_id, int64_t article_id, bool revised,
                                 const std::vector<claims::Claim>& stated,
                                 const IngestPolicy& policy) {
  const auto it = policy.metric_tolerance.find(claim.metric);
  const alerts::Agreement agreement{
      it == policy.metric_tolerance.end() ? policy.tolerance : it->second,
      policy.open_bound_factor};
  if (!raises_alert(store, claim, claim_id, article_id, revised, stated, agreement)) return {};
  // Read once per store and kept (Store::judging_group): insert_alert below
  // does not touch it.
  const auto& group = store.judging_group(claim.subject, claim.metric, claim.unit);
  const LedgerClaim* self = find_claim(group, claim_id);
  if (!self) return {};

  std::vector<Raised> raised;
  if (revised) {
    if (const LedgerClaim* old = revised_figure(group.claims, *self, stated))
      raised.push_back(
          {"revision", old, alerts::relative_difference(claim.value, old->claim.value)});
  }
  if (raised.empty()) {
    std::vector<const claims::Claim*> priors;
    std::vector<const LedgerClaim*> from;
    for (const auto& c : group.claims) {
      if (c.article_id == article_id || c.id >= claim_id) continue;
      priors.push_back(&c.claim);
      from.push_back(&c);
    }
    if (const auto d = alerts::find_divergence(claim, priors, agreement.tolerance,
                                               agreement.open_bound_factor)) {
      raised.push_back({d->event, from[d->nearest], d->difference});
    }
  }
  const alerts::Figure me = figure_of(*self);
  for (const auto* a : open_alerts(group)) {
    const LedgerClaim* alerted = find_claim(group, a->claim_id);
    if (!alerted || !confirms(*alerted, claim, *self, article_id, agreement)) continue;
    raised.push_back(
        {"confirmed", alerted, alerts::relative_difference(claim.value, alerted->claim.value)});
  }
  if (raised.empty()) return {};
  std::vector<int64_t> ids;

  // The group as it stood when this claim joined it: a batch stores its
  // claims before judging them in turn (pipeline::ingest), so later ones of
  // the batch are in the group already.
  std::vector<alerts::Figure> figures;
  const std::string key = alerts::group_key(claim);
  for (const auto& c : group.claims) {
    if (c.id <= claim_id && alerts::group_key(c.claim) == key) figures.push_back(figure_of(c));
  }
  const auto reconciled = alerts::reconcile(figures, agreement);
  const int origins = alerts::supporting_origins(me, figures, agreement);
  std::map<std::string, Time> sent_now;
  for (const auto& r : raised) {
    storage::NewAlert alert;
    alert.uid = alerts::new_alert_uid();
    alert.event = r.event;
    alert.claim_id = claim_id;
    alert.subject = claim.subject;
    alert.metric = claim.metric;
    alert.unit = claim.unit.value_or("");
    alert.difference = r.difference;
    alert.detected_at = now();
    auto body = alerts::alert_body(alert.uid, alert.detected_at, alert.difference, row_of(*self),
                                   {row_of(*r.prior)});
    body["event"] = r.event;
    body["origins"] = origins;
    body["reconciled"] = reconciled ? alerts::reconciled_json(*reconciled) : nullptr;
    if (!policy.ledger_url.empty()) {
      body["ledger"] = policy.ledger_url + "group/" +
                       report::group_slug({claim.subject, claim.metric, claim.unit}) + ".html";
    }
    // Which version of its article each figure was read from (a revision keeps both).
    body["claim"]["version"] = self->version;
    body["prior"][0]["version"] = r.prior->version;
    alert.body = body.dump();
    const alerts::AlertFacts facts{r.event,      claim.subject, claim.metric,
                                   r.difference, origins,       alert.detected_at};
    ids.push_back(store.insert_alert(alert, targets_for(policy, facts, group, sent_now)));
    spdlog::info(
        "alert.raised event={} feed={} subject={} metric={} value={} prior={} difference={:.2f} "
        "origins={}",
        r.event, self->feed, claim.subject, claim.metric, claim.value, r.prior->claim.value,
        r.difference, origins);
  }
  return ids;
}

}  // namespace nw::pipeline
