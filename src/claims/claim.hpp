// A claim: one figure an article states (shared/spec/claims.md).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace nw::claims {

struct Claim {
  std::string subject;  // canonical: "Belarus", "foreign", "Africa"
  std::string metric;   // recruited | serving | killed | missing | captured | ...
  double value = 0;
  std::optional<double> low;
  std::optional<double> high;
  std::string qualifier =
      "exact";  // exact | approx | nearly | at_least | more_than | at_most | range | vague
  std::optional<std::string> unit;  // "people", ISO 4217 code, "cases"
  std::optional<std::string> period;
  std::optional<std::string> as_of;  // YYYY, YYYY-MM or YYYY-MM-DD
  std::optional<std::string> source;
  std::optional<std::string> force;  // "Russia", "Ukraine" or null
  std::string quote;
  std::size_t start = 0;  // byte offsets of the figure in the extracted text
  std::size_t end = 0;
};

}  // namespace nw::claims
