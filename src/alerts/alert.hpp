// Building alerts: their stable ids and the webhook body of interface.md.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "alerts/reconcile.hpp"
#include "storage/records.hpp"

namespace nw::alerts {

// A fresh random id ("msg_" + 32 hex digits), stable for the alert's life.
std::string new_alert_uid();

// {"id", "event", "subject", "metric", "unit", "difference", "detected_at", "claim", "prior"}.
nlohmann::json alert_body(const std::string& uid, Time detected_at, double difference,
                          const storage::ClaimRow& claim,
                          const std::vector<storage::ClaimRow>& prior);

// One claim with its article and its origin, as it stands in "claim" and "prior".
nlohmann::json claim_with_article(const storage::ClaimRow& row);

// {"low", "best", "high", "origins", "disputed"}.
nlohmann::json reconciled_json(const Reconciled& r);

}  // namespace nw::alerts
