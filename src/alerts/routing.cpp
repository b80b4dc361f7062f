#include "alerts/routing.hpp"

#include <algorithm>
#include <cctype>

namespace nw::alerts {
namespace {

bool same_folded(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Empty means every value passes.
bool listed(const std::vector<std::string>& list, const std::string& value) {
  return list.empty() || std::any_of(list.begin(), list.end(),
                                     [&](const std::string& s) { return same_folded(s, value); });
}

}  // namespace

bool wants(const Route& route, const AlertFacts& alert, std::optional<Time> last_in_group) {
  if (std::find(route.events.begin(), route.events.end(), alert.event) == route.events.end())
    return false;
  if (!listed(route.subjects, alert.subject) || !listed(route.metrics, alert.metric)) return false;
  // A confirmation's difference is how close it came: no threshold applies to it.
  if (alert.event != "confirmed" && alert.difference + 1e-12 < route.min_difference) return false;
  if (alert.origins < route.min_origins) return false;
  if (route.cooldown.count() > 0 && last_in_group &&
      alert.detected_at - *last_in_group < route.cooldown) {
    return false;
  }
  return true;
}

}  // namespace nw::alerts
