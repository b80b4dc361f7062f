// Numbers that are not claims (claims.md): years, dates, durations, ages,
// percentages, multipliers, scores, ratios, ranks and counts of things.
#pragma once

#include <vector>

#include "claims/numbers.hpp"
#include "claims/phrases.hpp"
#include "claims/rule_pack.hpp"
#include "claims/subjects.hpp"
#include "claims/text.hpp"

namespace nw::claims {

// The pack's not-a-claim vocabulary, compiled.
class NotClaims {
 public:
  NotClaims(const RulePack& pack);
  // Why `f` is a year, date, duration, age, share, score or count of things;
  // null when it may be a figure.
  const char* why_not(const std::vector<Token>& tokens, const Figure& f,
                      const SubjectIndex& subjects) const;
  // True if `f` is a weak number after a "one more" word ("еще один"): a
  // count only where it goes on from a figure before it.
  bool one_more(const std::vector<Token>& tokens, const Figure& f,
                const SubjectIndex& subjects) const;
  // True if the token at i names a month.
  bool is_month(const std::vector<Token>& tokens, std::size_t i) const;
  // True if `f` is a weak number word alone ("one"), a count only before people.
  bool is_weak_word(const std::vector<Token>& tokens, const Figure& f) const;
  // True if the weak word at `w` is "one of" a group whose words begin at `b`
  // ("one of the 10 Nepalis": the 10 are the group, not a count of the event).
  bool one_of_group(const std::vector<Token>& tokens, std::size_t w, std::size_t b) const;

 private:
  bool is_year(const std::vector<Token>& tokens, const Figure& f,
               const SubjectIndex& subjects) const;
  // True if the token at i is a counted total ("out of 2,690"), not a round base ("out of 10").
  static bool of_a_total(const std::vector<Token>& tokens, std::size_t i);
  // True if a comparison ("as in Afghanistan") frames the figure.
  bool compared(const std::vector<Token>& tokens, const Figure& f) const;
  // True if an age noun opens the figure's clause before it ("ages of the
  // convicts range from 23 to 56") and no people noun follows the figure.
  bool an_age(const std::vector<Token>& tokens, const Figure& f,
              const SubjectIndex& subjects) const;
  // True if a rate follows the words after a figure ("1,000 casualties a day").
  bool a_rate(const std::vector<Token>& tokens, std::size_t after) const;
  // True if a rate ends the figure's clause ("sent 300 fighters to Ukraine every day").
  bool rate_closes(const std::vector<Token>& tokens, std::size_t after) const;
  // True if a rate opens the sentence before the figure ("Every month, 1,500 sign").
  bool rate_opens(const std::vector<Token>& tokens, const Figure& f) const;
  static constexpr std::size_t k_rate_window = 3;     // words between a figure and its rate
  static constexpr std::size_t k_rate_reach = 10;     // tokens from a figure to a closing rate
  static constexpr std::size_t k_rate_lead = 16;      // tokens from an opening rate to a figure
  static constexpr std::size_t k_age_window = 12;     // tokens before a figure
  static constexpr std::size_t k_compare_window = 8;  // tokens before a figure
  PhraseSet m_before, m_after, m_not_people, m_time_units, m_months, m_weekdays, m_weak,
      m_ordinal_suffixes;
  PhraseSet m_rates, m_comparisons, m_weak_of, m_weak_own, m_ago;
  PhraseSet m_prepositions;  // [words] places and prepositions: "in a month" is a span, no rate
  PhraseSet m_list_joins;    // "and", "и": join the items of a list of numbers
  PhraseSet m_range_joins;   // "to", "до": [numbers] range_join
  PhraseSet m_age_nouns;     // "ages": [words] age_nouns
  PhraseSet m_weak_more;     // "еще" before "один": one more, a count
  PhraseSet m_share_bases;   // "out of": in both lists, it joins a share's two numbers
};

}  // namespace nw::claims
