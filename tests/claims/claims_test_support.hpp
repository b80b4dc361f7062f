// Shared helpers for the claim tests: the built-in pack, compiled once.
#pragma once

#include <string>
#include <vector>

#include "claims/builtin_data.hpp"
#include "claims/extractor.hpp"
#include "claims/rule_pack.hpp"

namespace nw::claims::test {

// The built-in recruitment pack as parsed data.
inline const RulePack& recruitment_pack() {
  static const RulePack pack = parse_rule_pack(k_recruitment_pack, "recruitment.toml");
  return pack;
}

// An extractor with the built-in pack, shared by tests (extract is const).
inline const Extractor& recruitment() {
  static const Extractor ex = Extractor::load({"recruitment"});
  return ex;
}

}  // namespace nw::claims::test
