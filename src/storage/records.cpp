#include "storage/records.hpp"

#include <algorithm>

namespace nw::storage {

const char* to_string(DeliveryStatus status) {
  switch (status) {
    case DeliveryStatus::pending:
      return "pending";
    case DeliveryStatus::delivered:
      return "delivered";
    case DeliveryStatus::failed:
      return "failed";
  }
  return "pending";
}

std::optional<DeliveryStatus> delivery_status_from(std::string_view text) {
  for (const auto s :
       {DeliveryStatus::pending, DeliveryStatus::delivered, DeliveryStatus::failed}) {
    if (text == to_string(s)) return s;
  }
  return std::nullopt;
}

std::vector<ClaimRow> newest(std::vector<ClaimRow> rows, std::size_t limit) {
  std::sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) { return x.id > y.id; });
  if (rows.size() > limit) rows.resize(limit);
  std::reverse(rows.begin(), rows.end());
  return rows;
}

}  // namespace nw::storage
