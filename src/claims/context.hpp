// What surrounds a figure: when (period, as_of) and for which side (force);
// who says it is sources.hpp.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "claims/extractor.hpp"
#include "claims/phrases.hpp"
#include "claims/rule_pack.hpp"
#include "claims/text.hpp"

namespace nw::claims {

// A time expression over tokens [first, last].
struct PeriodHit {
  std::size_t first = 0;
  std::size_t last = 0;
  std::string text;
  std::optional<std::string> as_of;
};

// A side phrase ("fighting for Russia") over tokens [first, last].
struct ForceHit {
  std::size_t first = 0;
  std::size_t last = 0;
  std::string side;
};

class ContextRules {
 public:
  ContextRules(const RulePack& pack);
  // Every time expression, with as_of resolved against ctx.published.
  std::vector<PeriodHit> periods(std::string_view doc, const std::vector<Token>& t,
                                 const DocContext& ctx) const;
  // Every side phrase.
  std::vector<ForceHit> forces(const std::vector<Token>& t) const;

 private:
  struct Date {
    std::size_t last = 0;
    std::optional<int> year, month, day;
    bool relative = false;
  };
  // True if a relative time ("this year", "early last year") starts at i.
  bool relative_at(const std::vector<Token>& t, std::size_t i) const;
  std::optional<Date> date_at(const std::vector<Token>& t, std::size_t i,
                              const DocContext& ctx) const;
  PhraseSet m_months, m_leads, m_parts, m_relative, m_force;
  PhraseSet m_since;  // leads of open periods ("since 2022"): no as_of
  std::vector<std::string> m_parts_text, m_relative_text, m_sides;
};

}  // namespace nw::claims
