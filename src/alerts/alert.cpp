#include "alerts/alert.hpp"

#include <cmath>
#include <cstdio>
#include <random>

#include "claims/json.hpp"

namespace nw::alerts {

std::string new_alert_uid() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[40];
  std::snprintf(buf, sizeof buf, "msg_%016llx%016llx", static_cast<unsigned long long>(rng()),
                static_cast<unsigned long long>(rng()));
  return buf;
}

nlohmann::json claim_with_article(const storage::ClaimRow& row) {
  auto j = claims::to_json(row.claim);
  for (const char* internal : {"subject", "metric", "unit", "start", "end"}) j.erase(internal);
  j["origin"] = origin_of(row.claim, row.url, row.feed);
  j["article"] = {{"id", row.article_id},
                  {"url", row.url},
                  {"title", row.article_title},
                  {"feed", row.feed},
                  {"published", row.published ? nlohmann::json(format_iso8601(*row.published))
                                              : nlohmann::json(nullptr)}};
  return j;
}

nlohmann::json reconciled_json(const Reconciled& r) {
  return {{"low", r.low},
          {"best", r.best},
          {"high", r.high},
          {"origins", r.origins},
          {"disputed", r.disputed}};
}

nlohmann::json alert_body(const std::string& uid, Time detected_at, double difference,
                          const storage::ClaimRow& claim,
                          const std::vector<storage::ClaimRow>& prior) {
  nlohmann::json priors = nlohmann::json::array();
  for (const auto& p : prior) priors.push_back(claim_with_article(p));
  const auto& c = claim.claim;
  return {{"id", uid},
          {"event", "divergence"},
          {"subject", c.subject},
          {"metric", c.metric},
          {"unit", c.unit ? nlohmann::json(*c.unit) : nlohmann::json(nullptr)},
          {"difference", std::round(difference * 1000) / 1000},
          {"detected_at", format_iso8601(detected_at)},
          {"claim", claim_with_article(claim)},
          {"prior", priors}};
}

}  // namespace nw::alerts
