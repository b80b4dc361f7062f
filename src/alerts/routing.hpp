// Which webhooks get an alert ([[webhooks]] events, subjects, metrics,
// min_difference, min_origins, cooldown). Pure code: the caller says when the
// webhook last got an alert of the same group.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "util/time.hpp"

namespace nw::alerts {

// One webhook's filters (config::WebhookConfig's routing keys, by name).
struct Route {
  std::string target;
  std::vector<std::string> events{"contradiction", "divergence", "revision"};
  std::vector<std::string> subjects;  // empty: all; without regard to case
  std::vector<std::string> metrics;   // empty: all
  double min_difference = 0;
  int min_origins = 0;
  std::chrono::seconds cooldown{0};
};

// What routing looks at in an alert.
struct AlertFacts {
  std::string event;
  std::string subject;
  std::string metric;
  double difference = 0;
  int origins = 1;
  Time detected_at{};
};

// Whether `route` gets the alert; `last_in_group` is when it last got one of
// the alert's subject/metric/unit group (nullopt: never).
bool wants(const Route& route, const AlertFacts& alert, std::optional<Time> last_in_group);

}  // namespace nw::alerts
