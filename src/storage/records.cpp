#include "storage/records.hpp"

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

}  // namespace nw::storage
