#include "claims/json.hpp"

namespace nw::claims {
namespace {

template <typename T>
nlohmann::json opt(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

template <typename T>
std::optional<T> get_opt(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<T>();
}

}  // namespace

nlohmann::json to_json(const Claim& c) {
  return {{"subject", c.subject},  {"metric", c.metric},
          {"value", c.value},      {"low", opt(c.low)},
          {"high", opt(c.high)},   {"qualifier", c.qualifier},
          {"unit", opt(c.unit)},   {"period", opt(c.period)},
          {"as_of", opt(c.as_of)}, {"source", opt(c.source)},
          {"force", opt(c.force)}, {"quote", c.quote},
          {"start", c.start},      {"end", c.end}};
}

Claim claim_from_json(const nlohmann::json& j) {
  Claim c;
  c.subject = j.value("subject", "");
  c.metric = j.value("metric", "");
  c.value = j.value("value", 0.0);
  c.low = get_opt<double>(j, "low");
  c.high = get_opt<double>(j, "high");
  c.qualifier = j.value("qualifier", "exact");
  c.unit = get_opt<std::string>(j, "unit");
  c.period = get_opt<std::string>(j, "period");
  c.as_of = get_opt<std::string>(j, "as_of");
  c.source = get_opt<std::string>(j, "source");
  c.force = get_opt<std::string>(j, "force");
  c.quote = j.value("quote", "");
  c.start = j.value("start", std::size_t{0});
  c.end = j.value("end", std::size_t{0});
  return c;
}

}  // namespace nw::claims
