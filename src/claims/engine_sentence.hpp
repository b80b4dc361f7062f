// The claim engine's working state for one sentence, and the tuning constants
// its parts share: engine.cpp (compiling a pack, the prefilter, what carries
// across sentences), read_sentence.cpp (one sentence's figures to claims),
// choose_metric.cpp, choose_subject.cpp and claim_fields.cpp. Internal to claims/.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "claims/engine.hpp"

namespace nw::claims {

// Token distance allowed between a head count and its metric word (beyond
// this the word usually belongs to another figure or clause).
inline constexpr int k_max_keyword_score = 14;
inline constexpr int k_clause_penalty = 5;
inline constexpr int k_left_penalty = 2;
inline constexpr int k_other_figure_penalty = 6;
inline constexpr int k_relative_penalty = 3;  // a relative clause's verb, after the figure's noun
// "the number of X ..., ..., N": at most this many clauses from the head to the figure
inline constexpr std::size_t k_max_head_clauses = 4;
inline constexpr std::size_t k_max_relative_gap = 8;  // "80 Nepali citizens who": the noun's length
// Figures closer than this share a metric by parallel construction
// ("six in 2022, compared with 235 in 2023 and 518 in 2024").
inline constexpr std::size_t k_max_inherit_gap = 8;
// mention_rank: the speaker, then a party to the war or a place, then a weak
// mention, then names and people, 4 apart.
inline constexpr int k_rank_speaker = 2;
inline constexpr int k_rank_party = 3;
inline constexpr int k_rank_weak = 4;
// No war's head count comes near this; a larger bare figure is money or a
// population ("a $US1.7 billion deal" whose currency was not recognised).
inline constexpr double k_max_head_count = 5e7;
// Nor a count of the people of a country that is no party to it.
inline constexpr double k_max_peoples_count = 1e6;
// fewer people than this are a party's own only when named as its people,
// at most this many tokens after the figure ("40 servicemen of the Russian army")
inline constexpr double k_min_party_count = 1000;
// "the number of North Korean troops": words between a count head and its noun
inline constexpr std::size_t k_count_head_gap = 4;
inline constexpr std::size_t k_party_noun_gap = 4;
// A broker this many tokens after "paid" or the sum is who was paid ("paid the
// local agent", "$3,000 to a travel agency", "to a small Dhaka travel agency").
inline constexpr std::size_t k_broker_gap = 6;
// The troops a figure of people sent counts stand this many tokens after it at
// most ("50,000 Russian and North Korean soldiers").
inline constexpr std::size_t k_troops_gap = 5;
// At most this many tokens part two items of a list ("1,210 Kazakh citizens, 640").
inline constexpr std::size_t k_max_list_gap = 7;
// How far back a pronoun source ("the group said") is looked for.
inline constexpr std::size_t k_source_lookback = 6;
// How far back "N citizens" with no country looks for the last country counted.
inline constexpr std::size_t k_citizens_lookback = 3;
// How far after a figure "including" may come ("seven other POWs, including"),
// and how far its list of peoples runs.
inline constexpr std::size_t k_including_gap = 7;
inline constexpr std::size_t k_including_span = 12;

struct CompiledPack::Sentence {
  std::vector<Token> tokens;
  std::vector<int> clause;
  std::vector<Figure> figures;
  std::vector<std::size_t> not_figures;   // last token of each number left out ("one" of a group)
  std::vector<std::size_t> weak_figures;  // weak number words left out ("with one killed")
  std::vector<Keyword> keywords;
  std::vector<Mention> mentions;
  std::vector<PeriodHit> periods;
  std::vector<ForceHit> forces;
  // figures from this token on are no claims: after a retraction's first word
  // ("an earlier version said"), or all of them in a question that doubts (0)
  std::size_t retracted_from = std::string::npos;
  std::vector<std::vector<PhraseMatch>> excluded;  // by metric
  std::vector<bool> busy_clause;                   // by clause: holds a figure
  std::vector<int> clause_tokens;                  // by clause: its length in tokens
  std::vector<bool> in_source;                     // by mention: inside the attribution
  std::vector<bool> relative;  // by clause: opens with "who", "which" (about the noun before it)
  std::vector<bool> relative_word;  // by token: a relative word ("who", "которые") begins here
  std::vector<std::pair<std::size_t, std::size_t>> lists;  // runs of listed mentions
  std::vector<std::size_t> listed;        // prefix count of tokens of a list past its first name
  std::vector<std::size_t> busy_figures;  // prefix count of figures in busy clauses, by figure
  // Indexes that keep the per (figure, word) work constant on long sentences:
  std::vector<std::size_t> clause_first;          // by clause: its first token
  std::vector<std::size_t> clause_first_mention;  // by clause: its first mention's token (or npos)
  std::vector<std::size_t>
      clause_first_claim_word;       // by clause: its first claim metric word (or npos)
  std::vector<std::size_t> covered;  // by token: mention tokens before it (prefix sum)
  std::vector<bool> mention_end;     // by token: a mention ends here

  // Empties it for the next sentence but keeps the storage: one Sentence a
  // thread serves every candidate sentence, which spares an allocation per
  // list per sentence. (The tokens are overwritten by tokenize.)
  void clear() {
    clause.clear();
    figures.clear();
    not_figures.clear();
    weak_figures.clear();
    keywords.clear();
    mentions.clear();
    periods.clear();
    forces.clear();
    retracted_from = std::string::npos;
    for (auto& e : excluded) e.clear();
    busy_clause.clear();
    clause_tokens.clear();
    in_source.clear();
    relative.clear();
    relative_word.clear();
    lists.clear();
    listed.clear();
    busy_figures.clear();
    clause_first.clear();
    clause_first_mention.clear();
    clause_first_claim_word.clear();
    covered.clear();
    mention_end.clear();
  }
};

// Helpers the choosers share.
namespace engine_detail {

// Tokens strictly between a figure and a keyword, and whether the keyword follows.
struct Gap {
  std::size_t from = 0;  // first token between
  std::size_t to = 0;    // one past the last token between
  bool after = false;
};

inline Gap gap_between(const Figure& f, std::size_t kfirst, std::size_t klast) {
  if (kfirst > f.last) return {f.last + 1, kfirst, true};
  if (klast + 1 > f.qual_first) return {f.qual_first, f.qual_first, false};  // overlapping
  return {klast + 1, f.qual_first, false};
}

// (figures are in text order and do not overlap: two binary searches, so that
// scoring every figure against every word stays quadratic on long sentences)
// (a weak number word left out counts too: in "Five are fighting, with one
// killed" the "one" is what "killed" counts, though it is no claim)
inline std::size_t figures_between(const std::vector<Figure>& figs,
                                   const std::vector<std::size_t>& weak_words, const Gap& g) {
  const auto from = std::partition_point(figs.begin(), figs.end(),
                                         [&](const Figure& o) { return o.first < g.from; });
  const auto to =
      std::partition_point(from, figs.end(), [&](const Figure& o) { return o.last < g.to; });
  const auto weak = std::count_if(weak_words.begin(), weak_words.end(),
                                  [&](std::size_t w) { return w >= g.from && w < g.to; });
  return static_cast<std::size_t>(to - from) + static_cast<std::size_t>(weak);
}

// Whether `f` stands alone in brackets: "Georgia (50)", "155 китайцев (7)".
inline bool in_brackets(const std::vector<Token>& t, const Figure& f) {
  return f.qual_first >= 1 && t[f.qual_first - 1].lower == "(" && f.last + 1 < t.size() &&
         t[f.last + 1].lower == ")";
}

}  // namespace engine_detail
}  // namespace nw::claims
