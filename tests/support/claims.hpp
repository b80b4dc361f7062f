// Claims for tests: an exact count of deaths, as the pipeline and store tests
// judge and group them.
#pragma once

#include <optional>
#include <string>

#include "claims/claim.hpp"

namespace nw::test {

// `value` people of `subject` killed, exact, quoted as `quote`, from `source` if any.
inline claims::Claim killed(const std::string& subject, double value, std::string quote,
                            std::optional<std::string> source = std::nullopt) {
  claims::Claim c;
  c.subject = subject;
  c.metric = "killed";
  c.unit = "people";
  c.value = value;
  c.low = c.high = value;
  c.qualifier = "exact";
  c.source = std::move(source);
  c.quote = std::move(quote);
  return c;
}

}  // namespace nw::test
