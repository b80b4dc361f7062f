#include "claims/engine.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <sstream>
#include <tuple>

namespace nw::claims {
namespace {

// "отправились на войну" with the verb last, as free word order allows: "на
// войну отправились" and "на войну ? отправились" ("на войну уже отправились").
// Only a keyword of a verb, a preposition (a [words] places entry) and what follows.
std::vector<std::string> verb_last(const std::string& keyword,
                                   const std::vector<std::string>& prepositions) {
  std::vector<std::string> words;
  std::istringstream in(keyword);
  for (std::string w; in >> w;) words.push_back(w);
  if (words.size() < 3 ||
      std::find(prepositions.begin(), prepositions.end(), words[1]) == prepositions.end())
    return {};
  std::string rest;
  for (std::size_t i = 1; i < words.size(); ++i) rest += words[i] + " ";
  return {rest + words[0], rest + "? " + words[0]};
}

// Token distance allowed between a head count and its metric word (beyond
// this the word usually belongs to another figure or clause).
constexpr int k_max_keyword_score = 14;
constexpr int k_clause_penalty = 5;
constexpr int k_left_penalty = 2;
constexpr int k_other_figure_penalty = 6;
constexpr int k_relative_penalty = 3;  // a relative clause's verb, after the figure's noun
// "the number of X ..., ..., N": at most this many clauses from the head to the figure
constexpr std::size_t k_max_head_clauses = 4;
constexpr std::size_t k_max_relative_gap = 8;  // "80 Nepali citizens who": the noun's length
// Figures closer than this share a metric by parallel construction
// ("six in 2022, compared with 235 in 2023 and 518 in 2024").
constexpr std::size_t k_max_inherit_gap = 8;
// mention_rank: the speaker, then a party to the war or a place, then a weak
// mention, then names and people, 4 apart.
constexpr int k_rank_speaker = 2;
constexpr int k_rank_party = 3;
constexpr int k_rank_weak = 4;
// No war's head count comes near this; a larger bare figure is money or a
// population ("a $US1.7 billion deal" whose currency was not recognised).
constexpr double k_max_head_count = 5e7;
// Nor a count of the people of a country that is no party to it.
constexpr double k_max_peoples_count = 1e6;
// fewer people than this are a party's own only when named as its people,
// at most this many tokens after the figure ("40 servicemen of the Russian army")
constexpr double k_min_party_count = 1000;
// "the number of North Korean troops": words between a count head and its noun
constexpr std::size_t k_count_head_gap = 4;
constexpr std::size_t k_party_noun_gap = 4;
// A broker this many tokens after "paid" or the sum is who was paid ("paid the
// local agent", "$3,000 to a travel agency", "to a small Dhaka travel agency").
constexpr std::size_t k_broker_gap = 6;
// The troops a figure of people sent counts stand this many tokens after it at
// most ("50,000 Russian and North Korean soldiers").
constexpr std::size_t k_troops_gap = 5;
// At most this many tokens part two items of a list ("1,210 Kazakh citizens, 640").
constexpr std::size_t k_max_list_gap = 7;
// How far back a pronoun source ("the group said") is looked for.
constexpr std::size_t k_source_lookback = 6;
// How far back "N citizens" with no country looks for the last country counted.
constexpr std::size_t k_citizens_lookback = 3;
// How far after a figure "including" may come ("seven other POWs, including"),
// and how far its list of peoples runs.
constexpr std::size_t k_including_gap = 7;
constexpr std::size_t k_including_span = 12;

std::string longest_literal(const std::vector<Term>& terms) {
  std::string best;
  for (const Term& t : terms)
    if ((t.kind == Term::Kind::Exact || t.kind == Term::Kind::Prefix) &&
        t.text.size() > best.size())
      best = t.text;
  return best;
}

// A literal for the prefilter regexes that matches any apostrophe the
// tokenizer folds to "'" ("дев’ятеро" in the text, "дев'ятеро" in the pack).
std::string literal_pattern(std::string_view lit) {
  std::string out;
  std::size_t from = 0;
  // a word's first "у" may be written "ў" (the tokenizer reads both as "у")
  if (lit.substr(0, 2) == "\xD1\x83") {
    out = "(?:\xD1\x83|\xD1\x9E)";
    from = 2;
  }
  for (std::size_t at = lit.find('\''); at != std::string_view::npos; at = lit.find('\'', from)) {
    out += RE2::QuoteMeta(lit.substr(from, at - from)) +
           "(?:'|\xE2\x80\x99|\xE2\x80\x98|\xCA\xBC|\xCA\xBB)";
    from = at + 1;
  }
  return out + RE2::QuoteMeta(lit.substr(from));
}

// The lists of names in a sentence, as runs of mention indices [first, last]:
// "Nepal, Sri Lanka and Bangladesh", "Poland, Canada, the US and other
// countries". Commas part the items and a conjunction closes the list.
std::vector<std::pair<std::size_t, std::size_t>> list_runs(const std::vector<Token>& t,
                                                           const std::vector<Mention>& mentions,
                                                           const PhraseSet& conjunctions) {
  // 0: not joined, 1: a comma, 2: a conjunction (after an optional comma)
  auto separator = [&](const Mention& a, const Mention& b) {
    std::size_t j = a.last + 1, end = b.first;
    while (end > j && t[end - 1].lower == "the") --end;
    if (j < end && t[j].lower == ",") {
      if (++j == end) return 1;
    }
    const auto c = conjunctions.longest_at(t, j);
    return c && c->last + 1 == end ? 2 : 0;
  };
  std::vector<std::pair<std::size_t, std::size_t>> runs;
  for (std::size_t i = 0; i + 1 < mentions.size();) {
    std::size_t j = i;
    while (j + 1 < mentions.size() && mentions[j + 1].first > mentions[j].last &&
           separator(mentions[j], mentions[j + 1]) == 1)
      ++j;
    if (j + 1 < mentions.size() && mentions[j + 1].first > mentions[j].last &&
        separator(mentions[j], mentions[j + 1]) == 2) {
      runs.emplace_back(i, j + 1);
      i = j + 2;
    } else {
      // three or more joined by commas alone are a list too: "граждане
      // Украины, России, Таджикистана"
      if (j >= i + 2) runs.emplace_back(i, j);
      i = j > i ? j : i + 1;
    }
  }
  return runs;
}

std::vector<int> clause_ids(const std::vector<Token>& t, const std::vector<Figure>& figures,
                            const std::vector<Mention>& mentions,
                            const std::vector<std::pair<std::size_t, std::size_t>>& lists) {
  std::vector<bool> figure_end(t.size());
  for (const auto& f : figures) figure_end[f.last] = true;
  // "из Непала, Шри-Ланки и Бангладеш": the commas of a list part no clauses
  std::vector<bool> list_comma(t.size());
  for (const auto& [first, last] : lists)
    for (std::size_t k = first; k < last; ++k)
      for (std::size_t j = mentions[k].last + 1; j < mentions[k + 1].first; ++j)
        if (t[j].lower == ",") list_comma[j] = true;
  std::vector<int> ids(t.size());
  int id = 0;
  for (std::size_t i = 0; i < t.size(); ++i) {
    // "150–200": a dash between figures joins a range, it does not end a clause
    const bool range_dash = i > 0 && i + 1 < t.size() && t[i - 1].kind == TokenKind::Number &&
                            t[i + 1].kind == TokenKind::Number && !t[i].space_before &&
                            !t[i + 1].space_before;
    // "в 2023-м — 140", "Nepal — 41": a dash standing for a verb left out
    // (gapping) binds its figure to the words before it
    // (the kinds first: comparing text calls memcmp, and this runs at every token)
    const bool gapping = i + 1 < t.size() && t[i + 1].kind == TokenKind::Number && i > 0 &&
                         t[i - 1].kind != TokenKind::Number && t[i].lower == "\xE2\x80\x94";
    // "а семеро — зниклі безвісти": a dash after a figure stands for "are"
    // (past a scale word's point too: "из них 7 тыс. — иностранцы")
    const bool copula =
        i > 0 && (figure_end[i - 1] || (i > 1 && figure_end[i - 2] && t[i - 1].lower == ".")) &&
        t[i].lower == "\xE2\x80\x94";
    if (is_clause_break(t[i]) && !range_dash && !gapping && !copula && !list_comma[i]) ++id;
    ids[i] = id;
  }
  return ids;
}

}  // namespace

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

CompiledPack::CompiledPack(RulePack pack)
    : m_pack(std::move(pack)),
      m_numbers(NumberLexicon::from_pack(m_pack)),
      m_subjects(m_pack),
      m_not_claims(m_pack),
      m_context(m_pack),
      m_sources(m_pack) {
  RE2::Options opt;
  opt.set_case_sensitive(false);
  opt.set_log_errors(false);
  m_prefilter = std::make_unique<RE2::Set>(opt, RE2::UNANCHORED);
  for (std::size_t mi = 0; mi < m_pack.metrics.size(); ++mi) {
    const MetricDef& m = m_pack.metrics[mi];
    m_excludes.emplace_back();
    for (const auto& e : m.exclude) m_excludes.back().add(e, k_vetoes);
    // (one set: the longest match wins, so an exception spanning a veto word hides it)
    for (const auto& e : m.exclude_except) m_excludes.back().add(e, k_excepted);
    m_suffered.emplace_back();
    for (const auto& e : m.suffered) m_suffered.back().add(e, 0);
    m_places_of.emplace_back();
    for (const auto& e : m.places_of) m_places_of.back().add(e, 0);
    m_naturalized.emplace_back();
    for (const auto& e : m.naturalized) m_naturalized.back().add(e, 0);
    if (!m_pay_metric && m.unit == "currency" && m.claim) m_pay_metric = mi;
    if (!m_state_act_metric && m.state_act) m_state_act_metric = mi;
    const bool money = m.unit == "currency";
    for (const auto& n : m.nouns) {
      if (!m_metric_nouns.add(n, static_cast<int>(mi))) continue;
      const std::string lit = longest_literal(*compile_terms(n));
      if (!lit.empty()) m_prefilter->Add(literal_pattern(lit), nullptr);
    }
    // (a sum and a head count look words up apart: "back home" is a homecoming
    // for people and pay earned at home for a sum, and neither shadows the other)
    PhraseSet& phrases = money ? m_money_phrases : m_people_phrases;
    for (const auto& k : m.keywords) {
      if (!phrases.add(k, static_cast<int>(mi))) continue;
      const std::string lit = longest_literal(*compile_terms(k));
      if (!lit.empty()) m_prefilter->Add(literal_pattern(lit), nullptr);
      if (m_pack.free_word_order)
        for (const auto& v : verb_last(k, m_pack.place_words)) phrases.add(v, static_cast<int>(mi));
    }
    for (const auto& p : m.patterns) {
      m_patterns.push_back(std::make_unique<RE2>(p, opt));
      m_pattern_metric.push_back(mi);
      m_prefilter->Add(p, nullptr);
    }
  }
  // "Their number has exceeded 20,000" may count the set the sentence before
  // named ("their number" alone carries no metric word)
  for (const auto& w : m_pack.series)
    if (const auto terms = compile_terms(w))
      if (const std::string lit = longest_literal(*terms); !lit.empty())
        m_prefilter->Add(literal_pattern(lit), nullptr);
  // "200 тисяч рублів на місяць": a sum at a rate is pay with no word of its
  // own (see extract_sentence), so a sentence with one in [words]
  // pay_currencies passes too
  auto alternation = [](const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words)
      if (const auto terms = compile_terms(w))
        if (const std::string lit = longest_literal(*terms); !lit.empty())
          out += (out.empty() ? "" : "|") + literal_pattern(lit);
    return out;
  };
  // (in the payer's currency only: "$85 per month" alone may be anyone's wage)
  std::vector<std::string> currency_words;
  for (const auto& [code, names] : m_pack.currencies)
    if (std::find(m_pack.pay_currencies.begin(), m_pack.pay_currencies.end(), code) !=
        m_pack.pay_currencies.end())
      currency_words.insert(currency_words.end(), names.begin(), names.end());
  // (two plain alternations tried after the set fails: one pattern with a gap
  // between them made the set's DFA half as fast on every sentence)
  if (const std::string cur = alternation(currency_words), rate = alternation(m_pack.rates);
      !cur.empty() && !rate.empty()) {
    m_pay_currency_filter = std::make_unique<RE2>(cur, opt);
    m_rate_filter = std::make_unique<RE2>(rate, opt);
  }
  m_prefilter->Compile();
  // a metric whose figure becomes metric `to` where one of `words` is found
  // ("reframes" with its frame, "arrivals_from" with its arrivals)
  auto link = [&](std::vector<Reframe>& into, std::size_t to, const std::string& from_name,
                  const std::vector<std::string>& words, bool before) {
    const auto from = std::find_if(m_pack.metrics.begin(), m_pack.metrics.end(),
                                   [&](const MetricDef& d) { return d.name == from_name; });
    if (from == m_pack.metrics.end()) return;  // parse_rule_pack refuses such a pack
    Reframe& r = into.emplace_back();
    r.from = static_cast<std::size_t>(from - m_pack.metrics.begin());
    r.to = to;
    r.before = before;
    for (const auto& w : words) r.frame.add(w, 0);
  };
  for (std::size_t to = 0; to < m_pack.metrics.size(); ++to) {
    const MetricDef& m = m_pack.metrics[to];
    if (m.reframes) link(m_reframes, to, *m.reframes, m.frame, m.frame_before);
    if (m.arrivals_from) link(m_arrivals, to, *m.arrivals_from, m.arrivals, false);
  }
  std::string words = "[0-9]";
  auto add_word = [&](const std::string& w) {
    if (w.empty()) return;
    words += "|" + literal_pattern(w);
  };
  for (const auto& [w, v] : m_pack.number_words) add_word(w);
  // (a one-letter scale, "12k", only counts glued to digits, which "[0-9]" finds)
  for (const auto& [w, v] : m_pack.scale_words)
    if (w.size() > 1) add_word(w);
  for (const auto& v : m_pack.vague) add_word(longest_literal(*compile_terms(v.phrase)));
  m_has_number = std::make_unique<RE2>(words, opt);
  for (const auto& n : m_pack.negations) m_negations.add(n, 0);
  for (const auto& h : m_pack.hypotheticals) m_hypotheticals.add(h, 0);
  for (const auto& c : m_pack.conjunctions) m_conjunctions.add(c, 0);
  for (const auto& r : m_pack.rates) m_rates.add(r, 0);
  for (const auto& c : m_pack.continuations) m_partitives.add(c, 0);
  for (const auto& w : m_pack.series) m_series.add(w, 0);
  for (const auto& w : m_pack.possessives) m_possessives.add(w, 0);
  for (const auto& w : m_pack.relatives) m_relatives.add(w, 0);
  for (const auto& w : m_pack.complementizers) m_complementizers.add(w, 0);
  for (const auto& w : m_pack.resumptives) m_resumptives.add(w, 0);
  for (const auto& w : m_pack.attribution_verbs) m_saying.add(w, 0);
  for (const auto& w : m_pack.fractions) m_fractions.add(w, 0);
  for (const auto& w : m_pack.totals) m_totals.add(w, 0);
  for (const auto& w : m_pack.additions) m_additions.add(w, 0);
  for (const auto& w : m_pack.topics) m_topics.add(w, 0);
  for (const auto& w : m_pack.anaphors) m_anaphors.add(w, 0);
  for (const auto& w : m_pack.case_nouns) m_case_nouns.add(w, 0);
  for (const auto& w : m_pack.place_words) m_places_before.add(w, 0);
  for (const auto& w : m_pack.prepositions) m_prepositions.add(w, 0);
  for (const auto& w : m_pack.name_frames) m_name_frames.add(w, 0);
  for (const auto& w : m_pack.payer_verbs) m_payer_verbs.add(w, 0);
  for (const auto& w : m_pack.brokers) m_brokers.add(w, 0);
  for (const auto& w : m_pack.earners) m_earners.add(w, 0);
  for (const auto& w : m_pack.payer_marks) m_payer_marks.add(w, 0);
  for (const auto& w : m_pack.income_verbs) m_income_verbs.add(w, 0);
  for (const auto& w : m_pack.civilian_work) m_civilian_work.add(w, 0);
  for (const auto& w : m_pack.denied_objects) m_denied_objects.add(w, 0);
  for (const auto& w : m_pack.likeness) m_likeness.add(w, 0);
  for (const auto& w : m_pack.respectively) m_respectively.add(w, 0);
  for (const auto& w : m_pack.denials) m_denials.add(w, 0);
  for (const auto& w : m_pack.retractions) m_retractions.add(w, 0);
  for (const auto& w : m_pack.doubts) m_doubts.add(w, 0);
  for (const auto& w : m_pack.offers) m_offers.add(w, 0);
  for (const auto& w : m_pack.count_heads) m_count_heads.add(w, 0);
  for (const auto& w : m_pack.existentials) m_existentials.add(w, 0);
  for (const auto& w : m_pack.informants) m_informants.add(w, 0);
  for (const auto& w : m_pack.ranks) m_ranks.add(w, 0);
  for (const auto& w : m_pack.conditions) m_conditions.add(w, 0);
  for (const auto& w : m_pack.determiners) m_determiners.add(w, 0);
  for (const auto& w : m_pack.not_only) m_not_only.add(w, 0);
  for (const auto& w : m_pack.negative_determiners) m_negative_determiners.add(w, 0);
  for (const auto& w : m_pack.press) m_press.add(w, 0);
  for (const auto& w : m_pack.outsiders) m_outsiders.add(w, 0);
  for (const auto& w : m_pack.institutions) m_institution_nouns.add(w, 0);
  for (const auto& w : m_pack.citizens) m_citizens.add(w, 0);
  for (const auto& w : m_pack.weak_of) m_partitive_preps.add(w, 0);
  for (const auto& w : m_pack.links) m_links.add(w, 0);
  for (const auto& w : m_pack.genitive_heads) m_genitive_heads.add(w, 0);
  for (const auto& sub : m_pack.subjects)
    if (sub.aggregate) m_aggregate = sub.name;
  for (const auto& [unit, phrases] : m_pack.units) {
    for (const auto& p : phrases) m_unit_phrases.add(p, static_cast<int>(m_unit_names.size()));
    m_unit_names.push_back(unit);
  }
}

bool CompiledPack::passes_prefilter(std::string_view s) const {
  // (a DFA that runs out of memory answers "no match": read that as a match,
  // so a sentence is never dropped for the prefilter's sake)
  RE2::Set::ErrorInfo error{};
  if (!m_prefilter->Match(s, nullptr, &error) && error.kind == RE2::Set::kNoError)
    return m_rate_filter && RE2::PartialMatch(s, *m_rate_filter) &&
           RE2::PartialMatch(s, *m_pay_currency_filter);
  // a digit settles it without the regex (most sentences with figures have one)
  if (std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) return true;
  return RE2::PartialMatch(s, *m_has_number);
}

std::vector<CompiledPack::Keyword> CompiledPack::keywords(std::string_view text, Span span,
                                                          const std::vector<Token>& t,
                                                          bool money) const {
  std::vector<Keyword> out;
  for (const auto& m : m_people_phrases.find_all(t))
    out.push_back({m.first, m.last, static_cast<std::size_t>(m.id)});
  if (money) {
    for (const auto& m : m_money_phrases.find_all(t))
      out.push_back({m.first, m.last, static_cast<std::size_t>(m.id)});
    std::stable_sort(out.begin(), out.end(),
                     [](const Keyword& a, const Keyword& b) { return a.first < b.first; });
  }
  for (std::size_t pi = 0; pi < m_patterns.size(); ++pi) {
    re2::StringPiece input(text.data() + span.start, span.end - span.start);
    re2::StringPiece match;
    const std::size_t base = span.start;
    while (!input.empty() && RE2::PartialMatch(input, *m_patterns[pi], &match)) {
      // the pattern's one capturing group marks the metric words (checked at load)
      if (match.data() == nullptr || match.empty()) break;
      const std::size_t b = static_cast<std::size_t>(match.data() - text.data());
      const std::size_t e = b + match.size();
      Keyword k{t.size(), 0, m_pattern_metric[pi]};
      for (std::size_t i = 0; i < t.size(); ++i) {
        if (t[i].end > b && t[i].start < e) {
          k.first = std::min(k.first, i);
          k.last = i;
        }
      }
      if (k.first < t.size()) out.push_back(k);
      const std::size_t consumed = e - base;
      if (consumed == 0 || consumed >= span.end - span.start) break;
      input = re2::StringPiece(text.data() + e, span.end - e);
    }
  }
  return out;
}

std::optional<std::string> CompiledPack::last_people(const std::vector<Claim>& claims) const {
  for (auto it = claims.rbegin(); it != claims.rend(); ++it) {
    const auto m = std::find_if(m_pack.metrics.begin(), m_pack.metrics.end(),
                                [&](const MetricDef& d) { return d.name == it->metric; });
    if (m != m_pack.metrics.end() && !m->subject) return it->subject;
  }
  return std::nullopt;
}

std::optional<std::size_t> CompiledPack::previous_metric(std::string_view text, Span sp,
                                                         bool money) const {
  const auto t = tokenize(text.substr(sp.start, sp.end - sp.start), sp.start);
  std::optional<std::size_t> last;
  std::size_t at = 0;
  for (const auto& k : keywords(text, sp, t, money)) {
    const MetricDef& m = m_pack.metrics[k.metric];
    if (m.claim && !m.subject && !m.state_act && (m.unit == "currency") == money &&
        (!last || k.first >= at)) {
      last = k.metric;
      at = k.first;
    }
  }
  return last;
}

std::optional<std::string> CompiledPack::previous_subject(
    std::string_view text, const std::vector<Span>& sentences, std::size_t index,
    const std::vector<Claim>& prev_claims, bool* firm, bool* people, SourceMemo& sources,
    std::optional<std::string>* speaker) const {
  if (firm) *firm = true;
  if (people) *people = true;
  if (auto carried = last_people(prev_claims)) {
    // "... from Georgia, 712; Britain, 694; Canada, 719. Charges were brought
    // against 800 of them": a sentence that counted several peoples leaves
    // them all, together, not the last one listed
    if (m_aggregate && *carried != *m_aggregate) {
      for (const auto& c : prev_claims)
        if (c.unit == "people" && c.subject != *carried && c.subject != *m_aggregate &&
            !m_pack.force.count(c.subject) && !m_pack.force.count(*carried))
          return m_aggregate;
    }
    return carried;
  }
  if (index == 0) return std::nullopt;
  const Span sp = sentences[index - 1];
  const auto t = tokenize(text.substr(sp.start, sp.end - sp.start), sp.start);
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  for (const auto& f : m_context.forces(t)) spans.emplace_back(f.first, f.last);
  const auto mentions = m_subjects.find(t, spans);
  // not the speaker of that sentence ("U.S. officials said ... ."): it is no
  // one's people
  if (!sources[index - 1]) sources[index - 1] = m_sources.source(text, t);
  std::size_t said_b = 0, said_e = 0;
  if (const auto& said = sources[index - 1]->name) {
    const std::size_t at = text.substr(sp.start, sp.end - sp.start).find(*said);
    if (at != std::string_view::npos) {
      said_b = sp.start + at;
      said_e = said_b + said->size();
    }
  }
  const Mention* pick = nullptr;
  std::set<std::string> listed;  // the peoples it names, not as a place or a voice
  for (const auto& m : mentions) {
    const bool spoke = t[m.first].start >= said_b && t[m.last].end <= said_e;
    if (m.strength >= Strength::Name && !m.place && !m.institution && !m.official && !spoke &&
        !m_pack.force.count(m.subject))
      listed.insert(m.subject);
    // (a country's institution speaks for it too: "Власти Непала подтвердили
    // ...", "The Sri Lankan government has received complaints")
    if ((spoke || m.institution || m.official) && speaker && !*speaker &&
        !m_pack.force.count(m.subject))
      *speaker = m.subject;
    // (a place is where, not whose: "Nepal has banned its citizens from
    // travelling to Russia" is about Nepal's)
    // (nor, between names alike, a party to the war: "в Латвии следят за тем,
    // кто какую сторону поддерживает в конфликте на Украине" is about Latvia)
    const auto rank = [&](const Mention& x) {
      return std::tuple{x.strength, !x.place, m_pack.force.count(x.subject) == 0};
    };
    // (people named inside the speaker's phrase are people still: "The families
    // of Nepali men say they were tricked")
    const bool voice = spoke && !(m.strength == Strength::People && !m.official && !m.institution);
    if (m.strength >= Strength::Weak && !voice && (!pick || rank(m) >= rank(*pick))) pick = &m;
  }
  // "groups came from Poland, Georgia, Canada and Britain. 6,800 mercenaries
  // were killed": a sentence that lists several peoples leaves them all,
  // together, as one that counted them does
  if (m_aggregate && listed.size() >= 3 && !listed.count(*m_aggregate)) {
    if (firm) *firm = false;
    return m_aggregate;
  }
  // "India has urged Moscow to release its nationals": a country and "its
  // citizens" in one sentence make its people the topic ("граждан страны" too)
  bool citizens_named = false;
  for (std::size_t j = 0; j + 1 < t.size() && !citizens_named; ++j) {
    if (const auto p = m_possessives.longest_at(t, j))
      citizens_named = m_citizens.longest_at(t, p->last + 1).has_value();
    else if (const auto c = m_citizens.longest_at(t, j))
      citizens_named = m_anaphors.longest_at(t, c->last + 1).has_value();
  }
  if (!pick) {
    // (a speaker of its own citizens: "МИД Непала сообщил о гибели граждан страны")
    if (!citizens_named || !speaker || !*speaker) return std::nullopt;
    return *speaker;
  }
  // (the country whose government speaks, not the party it speaks to: "The
  // Nepali government has asked Russia to send its citizens home")
  if (citizens_named && m_pack.force.count(pick->subject)) {
    for (const auto& m : mentions)
      if ((m.institution || m.official) && !m_pack.force.count(m.subject)) {
        pick = &m;
        break;
      }
  }
  const bool own_citizens =
      citizens_named && (pick->strength == Strength::Name || pick->institution || pick->official) &&
      !m_pack.force.count(pick->subject);
  const bool named_people = pick->strength == Strength::People || own_citizens;
  if (firm) *firm = named_people && !m_pack.force.count(pick->subject);
  if (people) *people = named_people;
  return pick->subject;
}

std::optional<std::string> CompiledPack::previous_source(std::string_view text,
                                                         const std::vector<Span>& sentences,
                                                         std::size_t index,
                                                         SourceMemo& sources) const {
  for (std::size_t back = 1; back <= k_source_lookback && back <= index; ++back) {
    auto& hit = sources[index - back];
    if (!hit) {
      const Span sp = sentences[index - back];
      hit = m_sources.source(text, tokenize(text.substr(sp.start, sp.end - sp.start), sp.start));
    }
    if (hit->name) return hit->name;
  }
  return std::nullopt;
}

void CompiledPack::extract(std::string_view text, const std::vector<Span>& sentences,
                           const DocContext& ctx, std::vector<Claim>& out, ExtractStats* stats,
                           std::vector<FigureTrace>* trace) const {
  std::vector<Claim> prev_claims;
  std::vector<Claim> doc;  // this text's claims (later figures may look back at them)
  SourceMemo sources(sentences.size());
  for (std::size_t i = 0; i < sentences.size(); ++i) {
    const Span sp = sentences[i];
    if (stats) ++stats->sentences;
    // a sentence right after one with claims may go on with their series
    // ("In 2023 – 95") without a metric word of its own (and then needs no
    // prefilter at all)
    if (prev_claims.empty() && !passes_prefilter(text.substr(sp.start, sp.end - sp.start))) {
      if (trace) trace_skipped(text, sp, *trace);
      continue;
    }
    if (stats) ++stats->candidates;
    extract_sentence(text, i, sentences, ctx, doc, prev_claims, sources, trace);
  }
  out.insert(out.end(), std::make_move_iterator(doc.begin()), std::make_move_iterator(doc.end()));
}

void CompiledPack::trace_skipped(std::string_view text, Span sp,
                                 std::vector<FigureTrace>& trace) const {
  const auto t = tokenize(text.substr(sp.start, sp.end - sp.start), sp.start);
  for (const auto& f : find_figures(t, m_numbers)) {
    FigureTrace ft;
    ft.start = t[f.qual_first].start;
    ft.end = t[f.last].end;
    const char* why = m_not_claims.why_not(t, f, m_subjects);
    ft.verdict = why ? why : "no metric word anywhere in its sentence";
    trace.push_back(std::move(ft));
  }
}

namespace {

// Tokens strictly between a figure and a keyword, and whether the keyword follows.
struct Gap {
  std::size_t from = 0;  // first token between
  std::size_t to = 0;    // one past the last token between
  bool after = false;
};

Gap gap_between(const Figure& f, std::size_t kfirst, std::size_t klast) {
  if (kfirst > f.last) return {f.last + 1, kfirst, true};
  if (klast + 1 > f.qual_first) return {f.qual_first, f.qual_first, false};  // overlapping
  return {klast + 1, f.qual_first, false};
}

// (figures are in text order and do not overlap: two binary searches, so that
// scoring every figure against every word stays quadratic on long sentences)
// (a weak number word left out counts too: in "Five are fighting, with one
// killed" the "one" is what "killed" counts, though it is no claim)
std::size_t figures_between(const std::vector<Figure>& figs,
                            const std::vector<std::size_t>& weak_words, const Gap& g) {
  const auto from = std::partition_point(figs.begin(), figs.end(),
                                         [&](const Figure& o) { return o.first < g.from; });
  const auto to =
      std::partition_point(from, figs.end(), [&](const Figure& o) { return o.last < g.to; });
  const auto weak = std::count_if(weak_words.begin(), weak_words.end(),
                                  [&](std::size_t w) { return w >= g.from && w < g.to; });
  return static_cast<std::size_t>(to - from) + static_cast<std::size_t>(weak);
}

// Whether the words between a metric noun and the figure after it only link
// them ("the deaths of 31"): the noun then governs as if it followed.
bool linked(const PhraseSet& links, const std::vector<Token>& t, const Gap& g) {
  if (g.after || g.from >= g.to) return false;
  const auto l = links.longest_at(t, g.from);
  return l && l->last + 1 == g.to;
}

}  // namespace

std::optional<PhraseMatch> CompiledPack::partitive_prep(const Sentence& s, const Figure& f) const {
  std::size_t b = f.qual_first;
  if (b > 0) {
    if (const auto d = m_determiners.longest_ending_at(s.tokens, b - 1)) b = d->first;
  }
  if (b == 0) return std::nullopt;
  return m_partitive_preps.longest_ending_at(s.tokens, b - 1);
}

std::optional<std::size_t> CompiledPack::partitive_part(const Sentence& s, const Figure& f) const {
  const auto p = partitive_prep(s, f);
  if (!p) return std::nullopt;
  // "59 of the 554 citizens", "four of the 40 Egyptians"
  if (p->first > 0) {
    for (std::size_t i = 0; i < s.figures.size(); ++i)
      if (s.figures[i].last + 1 == p->first) return i;
    if (s.tokens[p->first - 1].kind == TokenKind::Number ||
        std::find(s.not_figures.begin(), s.not_figures.end(), p->first - 1) != s.not_figures.end())
      return s.figures.size();
  }
  // "Из 80 отправленных на фронт кубинцев вернулись только 12", "Of the 45
  // Sri Lankans, 12 came home": the sentence opens with the whole, and the
  // part is the next figure, in its clause or after an aside
  // (or a reported clause does: "Сообщается, что из 600 белорусов ... погибли 96")
  const bool opens = p->first == 0 || is_clause_break(s.tokens[p->first - 1]) ||
                     m_complementizers.longest_ending_at(s.tokens, p->first - 1).has_value();
  if (!opens) return std::nullopt;
  const auto later = std::partition_point(s.figures.begin(), s.figures.end(),
                                          [&](const Figure& o) { return o.first <= f.last; });
  if (later == s.figures.end()) return std::nullopt;
  for (std::size_t j = f.last + 1; j < later->qual_first; ++j)
    if (s.tokens[j].lower == ";" || s.tokens[j].lower == ":") return std::nullopt;
  return static_cast<std::size_t>(later - s.figures.begin());
}

int CompiledPack::relative_aside(const Sentence& s, const Figure& f, const Keyword& k) const {
  if (k.first <= f.last) return 0;
  const std::size_t end = std::min(k.first, f.last + k_max_relative_gap);
  for (std::size_t j = f.last + 1; j < end; ++j) {
    if (!s.relative_word[j]) continue;
    if (partitive_whole(s, f)) return 0;
    // "21 of whom have returned": the figure is in the relative clause
    if (m_partitive_preps.longest_ending_at(s.tokens, j - 1)) return 0;
    const auto verb = std::partition_point(s.keywords.begin(), s.keywords.end(),
                                           [&](const Keyword& o) { return o.first <= j; });
    // (only an outcome is taken for the main verb beyond it: "who signed
    // contracts with the Russian army" goes on with the relative clause)
    if (verb != s.keywords.end() && verb->last < k.first && m_pack.metrics[k.metric].outcome)
      return static_cast<int>(verb->last - j + 1);
    return -1;
  }
  return 0;
}

int CompiledPack::keyword_score(const Sentence& s, const Figure& f, const Keyword& k,
                                int* breaks_out) const {
  const bool money = f.currency.has_value();
  const MetricDef& m = m_pack.metrics[k.metric];
  if (money != (m.unit == "currency")) return -1;
  // "700 дел против уехавших воевать": cases are a state's acts, counted by
  // the metric of such acts only, whatever else the sentence tells of
  if (!money && !m.state_act && m.unit != "cases") {
    const std::string* u = counted_unit(s, f);
    if (u && *u == "cases") return -1;
  }
  // a phrase around the figure governs it outright: "took 6 Cubans prisoner";
  // so does a word right before a figure in brackets: "либо погибли (47), либо
  // числятся пропавшими (18)"
  const bool encloses = (k.first < f.qual_first && k.last > f.last) ||
                        (k.last + 2 == f.qual_first && s.tokens[k.last + 1].lower == "(");
  if (k.last >= f.qual_first && k.first <= f.last && !encloses) return -1;
  const int fclause = s.clause[f.first];
  // "3,000 people protested against the recruitment of Nepalis": a metric
  // noun after a topic word is what the clause is about, not what befell the figure
  if (k.first > f.last && k.first >= 1 && m_topics.longest_ending_at(s.tokens, k.first - 1))
    return -1;
  // (in the figure's clause or the word's: "the average income" after a comma
  // does not veto the salary before it)
  if (vetoed(s, f, k)) return -1;
  if (encloses) {
    if (breaks_out) *breaks_out = 0;
    return 0;
  }
  // a relative clause tells of the noun just before it: its verb governs a
  // figure only in the clause it follows ("250 Belarusians asked the project
  // to find their relatives, who went to fight": the 250 did not go)
  const int kclause = s.clause[k.first];
  if (kclause > fclause + 1 && s.relative[static_cast<std::size_t>(kclause)]) return -1;
  // and before the figure, it tells of the people the figure is a part of: its
  // verb yields to any verb of the figure's own clause, even one vetoed there
  // ("З кубинців, які приїхали у відпустку, 15 повернулися до Росії": the 15 did
  // not arrive, they went back)
  if (kclause < fclause && s.relative[static_cast<std::size_t>(kclause)] &&
      std::any_of(s.keywords.begin(), s.keywords.end(),
                  [&](const Keyword& o) { return s.clause[o.first] == fclause; }))
    return -1;
  // "Russia killed one of the 15 Japanese fighters", "captured two of the 40":
  // a word before the part tells what befell the part, not the whole (a word
  // as the part needs "the" or the word right before it to be one: "sent two
  // waves: one of 10,000 soldiers"; "убили одного из 15")
  if (k.last < f.qual_first) {
    const auto of = partitive_prep(s, f);
    const auto part =
        of && of->first > 0 && k.last + 1 < of->first ? partitive_part(s, f) : std::nullopt;
    if (part) {
      const std::size_t at = of->first - 1;
      // (a part that is no figure is a number token or a word such as "one")
      const bool figure = *part < s.figures.size();
      const bool word = !figure && s.tokens[at].kind != TokenKind::Number;
      const bool the =
          f.qual_first > 0 && m_determiners.longest_ending_at(s.tokens, f.qual_first - 1);
      if ((!figure || s.figures[*part].last == at) && (!word || the || k.last + 1 == at)) return -1;
    }
  }
  Gap g = gap_between(f, k.first, k.last);
  // a sum's rate is part of it: "$80 a month at home" is as near "at home" as
  // "$80 at home" (else "earned $80 a month back home" is the earning verb's)
  if (money && g.after)
    if (const auto r = m_rates.longest_at(s.tokens, f.last + 1); r && r->last < k.first)
      g.from = r->last + 1;
  // a comma-bounded clause without a figure is an aside ("37 Moldovans, most of
  // them long resident in Russia, died"; "40 Sri Lankans, who fought for Russia,
  // died"): it does not part a figure from its verb
  int lo = std::min(s.clause[k.first], fclause), hi = std::max(s.clause[k.first], fclause);
  int breaks = hi - lo, aside_tokens = 0;
  for (int c = lo + 1; c < hi; ++c) {
    if (s.busy_clause[static_cast<std::size_t>(c)]) continue;
    breaks -= 2;
    aside_tokens += s.clause_tokens[static_cast<std::size_t>(c)];
  }
  // "94 Cameroonians fighting for Russia in the war, have been killed": a comma
  // before the verb of the figure's noun, in a clause that begins with that verb
  // (a claim's verb: "включая раненых" names what is not counted). Not when the
  // figure's clause has its predicate before it: "В плену находятся 48
  // иностранцев, воевавших за РФ" are prisoners, the participle describes them.
  if (kclause == fclause + 1 && m.claim && !s.busy_clause[static_cast<std::size_t>(kclause)] &&
      !s.relative[static_cast<std::size_t>(kclause)] &&
      !(s.clause_first_claim_word[static_cast<std::size_t>(fclause)] < f.qual_first)) {
    const std::size_t open = s.clause_first[static_cast<std::size_t>(kclause)];
    const bool named = s.clause_first_mention[static_cast<std::size_t>(kclause)] < k.first;
    // (not when a clause opening on a claim word follows it: "Over 200 Kenyans,
    // lured by promises of work, are serving": that one is the predicate, and
    // the clause between an aside)
    // (unless the figure is the whole a part is taken of: "Один из 16 граждан,
    // завербованных ..., вернулся": the predicate is the one's)
    const bool whole = partitive_prep(s, f).has_value();
    const auto next = static_cast<std::size_t>(kclause) + 1;
    const bool aside = !whole && next < s.clause_first.size() && !s.busy_clause[next] &&
                       s.clause_first_claim_word[next] != std::string::npos &&
                       s.clause_first_claim_word[next] - s.clause_first[next] <= 3;
    if (k.first - open <= 3 && !named && !aside) --breaks;
  }
  breaks = std::max(breaks, 0);
  // "he was conscripted, like hundreds of young Kenyans, into the army": a
  // figure in an aside that likens others to the clause's subject shares the
  // predicate of the clause around it
  if (breaks > 0 && std::abs(kclause - fclause) == 1 &&
      s.clause_first_claim_word[static_cast<std::size_t>(fclause)] == std::string::npos) {
    const std::size_t open = s.clause_first[static_cast<std::size_t>(fclause)];
    for (std::size_t j = open; j <= open + 1 && j < f.qual_first; ++j)
      if (m_likeness.longest_at(s.tokens, j)) {
        breaks = 0;
        break;
      }
  }
  // "two more mercenaries from Algeria were there – they were also killed": a
  // clause that opens on "they" tells of the figure's noun, when the figure's
  // own clause has no predicate; the word is as far as it is from "they"
  int resumed = -1;
  if (kclause == fclause + 1 && k.first > f.last && m.claim &&
      !s.busy_clause[static_cast<std::size_t>(kclause)] &&
      s.clause_first_claim_word[static_cast<std::size_t>(fclause)] == std::string::npos) {
    std::size_t j = s.clause_first[static_cast<std::size_t>(kclause)] + 1;
    if (const auto conj = j < k.first ? m_conjunctions.longest_at(s.tokens, j) : std::nullopt)
      j = conj->last + 1;
    // (a gerund that opens the clause shares the figure's subject the same way,
    // and may be the metric word itself: "..., подписав контракт")
    if (const auto they = j <= k.first ? m_resumptives.longest_at(s.tokens, j) : std::nullopt)
      resumed = k.first > they->last ? static_cast<int>(k.first - they->last) : 0;
  }
  if (resumed >= 0) {
    if (breaks_out) *breaks_out = 0;
    return resumed;
  }
  // A relative clause right after the figure's noun: its verb ranks lower (it
  // describes the people: "criminal cases against 80 men who fought for
  // Russia" are cases), and for a verb beyond it, it is an aside ("Nine
  // Nepalis who had been held as prisoners of war were released").
  const int relative = kclause == fclause ? relative_aside(s, f, k) : 0;
  const bool in_relative = relative < 0;
  if (relative > 0) aside_tokens += relative;
  // (a figure in an aside is a part of this one, not another figure between)
  // (only the figures in the gap are looked at: a sentence may hold hundreds)
  const auto from = std::partition_point(s.figures.begin(), s.figures.end(),
                                         [&](const Figure& o) { return o.first < g.from; });
  const auto to =
      std::partition_point(from, s.figures.end(), [&](const Figure& o) { return o.last < g.to; });
  const auto others = s.busy_figures[static_cast<std::size_t>(to - s.figures.begin())] -
                      s.busy_figures[static_cast<std::size_t>(from - s.figures.begin())];
  const auto listed = static_cast<int>(s.listed[g.to] - s.listed[g.from]);
  // "Тела 9 ганцев вернули на родину": a metric noun right before the figure,
  // which it counts in the genitive, heads it as "the bodies of 9" does
  const auto head =
      k.last + 1 == f.qual_first ? m_genitive_heads.longest_at(s.tokens, k.first) : std::nullopt;
  const bool genitive_head = head && head->last == k.last;
  int score = static_cast<int>(g.to - g.from) - listed - aside_tokens + k_clause_penalty * breaks +
              (g.after || linked(m_links, s.tokens, g) || genitive_head ? 0 : k_left_penalty) +
              k_other_figure_penalty * static_cast<int>(others);
  // a word inside a mention ("the Russian army") is weaker
  if (s.covered[k.last + 1] > s.covered[k.first]) score += 3;
  // "the death toll of Sri Lankans involved in the war has tragically risen to
  // 17": the metric word heads the subject of "risen to", however long its phrase
  if (kclause == fclause && k.last < f.qual_first &&
      figures_between(s.figures, s.weak_figures, g) == 0 && series_word_before(s, f))
    score = std::min(score, k_clause_penalty);
  if (!money && (score > k_max_keyword_score || (f.qualifier == "vague" && breaks > 0))) return -1;
  // (the relative clause's own verb ranks lower only after the limit: it may
  // still be the one word that governs the figure)
  if (in_relative) score += k_relative_penalty;
  // ("Росія залучила в свої лави на війні 15 тисяч": "на війні" says where they
  // went, "залучила" what happened to them)
  if (const auto place = m_places_of[k.metric].longest_at(s.tokens, k.first);
      place && place->last >= k.last)
    score += k_clause_penalty;
  // ("officials said early on in the war that over 20,000 had come to
  // Ukraine": a word before "that" is the reporting clause's, not the figure's)
  for (std::size_t j = k.last + 1; j < f.qual_first; ++j)
    if (m_complementizers.longest_at(s.tokens, j)) {
      score += k_clause_penalty;
      break;
    }
  if (breaks_out) *breaks_out = breaks;
  return std::max(score, 0);
}

std::optional<PhraseMatch> CompiledPack::metric_noun(const Sentence& s, const Figure& f) const {
  const auto& t = s.tokens;
  for (std::size_t j = f.last + 1; j < t.size() && j <= f.last + k_troops_gap; ++j) {
    if (auto n = m_metric_nouns.longest_at(t, j)) return n;
    const bool named = s.covered[j + 1] > s.covered[j];
    const bool quote = t[j].kind == TokenKind::Punct && !is_clause_break(t[j]);
    if (!named && !quote) break;
  }
  return std::nullopt;
}

void CompiledPack::elided_currency(Sentence& s) const {
  const auto& t = s.tokens;
  const Figure* sum = nullptr;  // the last sum in a currency before each figure
  for (auto& f : s.figures) {
    if (f.currency) {
      sum = &f;
      continue;
    }
    if (!sum || f.plain_int || f.value < 1000) continue;
    // (not a piece of a token the tokenizer split: "Rs4.5million" is no bare "5million")
    const std::size_t q = f.qual_first;
    if (q > 0 && t[q - 1].end == t[q].start && t[q - 1].lower != "(" &&
        t[q - 1].lower != "\xE2\x80\x94")
      continue;
    // (at the end of its phrase: a word after it is its own noun, "2,000 signed
    // up"; but a sum with a scale word may go on with a word that neither
    // counts people nor tells what befell them: "2 млн при подписании")
    const std::size_t n = f.last + 1;
    const bool ends = n >= t.size() || t[n].kind == TokenKind::Punct ||
                      m_conjunctions.longest_at(t, n) || m_rates.longest_at(t, n);
    const bool scaled = f.last > f.first;
    const bool goes_on = scaled && !ends && t[n].kind == TokenKind::Word &&
                         !m_subjects.is_people_noun(t, n) && !m_people_phrases.longest_at(t, n) &&
                         !m_metric_nouns.longest_at(t, n);
    if (ends || goes_on) f.currency = sum->currency;
  }
}

bool CompiledPack::names_counted_set(const Sentence& s, const Figure& f,
                                     const std::vector<Claim>& before) const {
  const auto& t = s.tokens;
  if (f.currency || f.qual_first != f.first || f.first == 0 ||
      !m_determiners.longest_ending_at(t, f.first - 1))
    return false;
  const std::size_t n = f.last + 1;
  if (n < t.size() && t[n].kind != TokenKind::Punct) return false;
  return std::any_of(before.begin(), before.end(), [&](const Claim& c) {
    return c.unit && *c.unit == "people" && c.value == f.value;
  });
}

std::optional<PhraseMatch> CompiledPack::counted_by_head(const Sentence& s, const Figure& f) const {
  const auto& t = s.tokens;
  // (only where no metric word stands in the sentence: a word there, even one
  // that governs another figure, tells more than a noun)
  if (m_count_heads.empty() || !s.keywords.empty()) return std::nullopt;
  for (std::size_t j = f.qual_first; j-- > 0;) {
    // (no other number between the head and the figure)
    if (t[j].kind == TokenKind::Number) return std::nullopt;
    const auto h = m_count_heads.longest_at(t, j);
    if (!h || h->last >= f.qual_first) continue;
    for (std::size_t k = h->last + 1; k < f.qual_first && k <= h->last + k_count_head_gap; ++k)
      if (auto n = m_metric_nouns.longest_at(t, k); n && n->last < f.qual_first) return n;
    return std::nullopt;
  }
  return std::nullopt;
}

std::size_t CompiledPack::retracted_from(const std::vector<Token>& t) const {
  // (a question that doubts: the question mark may stand before a closing
  // quote or bracket)
  std::size_t end = t.size();
  while (end > 0 && t[end - 1].kind == TokenKind::Punct && t[end - 1].lower != "?") --end;
  if (end > 0 && t[end - 1].lower == "?")
    for (std::size_t j = 0; j < end; ++j)
      if (m_doubts.longest_at(t, j)) return 0;
  for (std::size_t j = 0; j < t.size(); ++j)
    if (m_retractions.longest_at(t, j)) return j + 1;
  return std::string::npos;
}

std::vector<PhraseMatch> CompiledPack::exclusions(std::size_t metric,
                                                  const std::vector<Token>& t) const {
  if (m_excludes[metric].empty()) return {};
  auto found = m_excludes[metric].find_all(t);
  std::erase_if(found, [](const PhraseMatch& m) { return m.id == k_excepted; });
  return found;
}

bool CompiledPack::vetoed(const Sentence& s, const Figure& f, const Keyword& k) const {
  return std::any_of(
      s.excluded[k.metric].begin(), s.excluded[k.metric].end(), [&](const PhraseMatch& ex) {
        return s.clause[ex.first] == s.clause[f.first] || s.clause[ex.first] == s.clause[k.first];
      });
}

bool CompiledPack::head_clause_word(const Sentence& s, const Figure& f, const Keyword& k) const {
  const bool money = m_pack.metrics[k.metric].unit == "currency";
  return f.currency.has_value() == money && !vetoed(s, f, k);
}

bool CompiledPack::list_item(const Sentence& s, const Figure& f) const {
  const auto& t = s.tokens;
  const std::size_t q = f.qual_first;
  if (q < 2) return false;
  const std::string& mark = t[q - 1].lower;
  if (mark != "\xE2\x80\x94" && mark != "\xE2\x80\x93" && mark != ":" && mark != "-") return false;
  // (the name right before the mark; a colon's item ends with its clause:
  // "India: about 200.", not "Source: 2,000 people were surveyed")
  if (s.covered[q - 1] == s.covered[q - 2]) return false;
  const std::size_t n = f.last + 1;
  return mark != ":" || n >= t.size() || is_clause_break(t[n]) ||
         (t[n].kind == TokenKind::Punct && t[n].lower != "%");
}

bool CompiledPack::continues_series(const Sentence& s, const Figure& f) const {
  const auto& t = s.tokens;
  // a dash standing for the verb of the sentence before: "в 2023-м — 140"
  if (f.qual_first > 0 && t[f.qual_first - 1].lower == "\xE2\x80\x94") return true;
  if (list_item(s, f)) return true;
  // "Among them are 2 Chinese nationals", "59 of them": part of the set the
  // sentence before counted, with its metric
  if (m_partitives.longest_at(t, 0) || m_partitives.longest_at(t, f.last + 1)) return true;
  // "..., серед яких 272 особи": a part of the set counted before it in the sentence
  // (not the whole of a partitive: "18 of these 56 Moldovans")
  if (f.qual_first >= 2 && m_partitives.longest_ending_at(t, f.qual_first - 1) &&
      !partitive_whole(s, f))
    return true;
  return ranked(s, f) || series_word_before(s, f);
}

namespace {
// Whether `f` stands alone in brackets: "Georgia (50)", "155 китайцев (7)".
bool in_brackets(const std::vector<Token>& t, const Figure& f) {
  return f.qual_first >= 1 && t[f.qual_first - 1].lower == "(" && f.last + 1 < t.size() &&
         t[f.last + 1].lower == ")";
}
}  // namespace

bool CompiledPack::ranked(const Sentence& s, const Figure& f) const {
  return ranking_name(s, f, [](const Mention&) { return true; }) != nullptr;
}

const Mention* CompiledPack::ranking_name(const Sentence& s, const Figure& f,
                                          const std::function<bool(const Mention&)>& ok) const {
  const auto& t = s.tokens;
  if (f.qual_first < 2) return nullptr;
  const bool bracket = in_brackets(t, f);
  const auto by = m_ranks.longest_ending_at(t, f.qual_first - 1);
  if (!bracket && !by) return nullptr;
  const std::size_t before = bracket ? f.qual_first - 1 : by->first;
  // (not the people another figure counts: "воюют 155 китайцев (7)" ends a
  // headline with a count of comments)
  auto counted = [&](const Mention& m) {
    return std::any_of(s.figures.begin(), s.figures.end(),
                       [&](const Figure& o) { return o.last < m.first && m.first - o.last <= 2; });
  };
  // the nearest name before it: right before the brackets, or a few words before "with"
  for (auto m = s.mentions.rbegin(); m != s.mentions.rend(); ++m)
    if (m->strength >= Strength::Name && m->last < before &&
        before - m->last <= (bracket ? 1 : 4) &&
        (bracket || s.clause[m->first] == s.clause[f.first]) && !counted(*m) && ok(*m))
      return &*m;
  return nullptr;
}

bool CompiledPack::series_word_before(const Sentence& s, const Figure& f) const {
  // "their number rose to 518" ("выросло до 310": the "до" read as "up to" is the series')
  // (up to ten words back: "taking the official figure of the deceased to 19")
  for (std::size_t j = f.qual_first >= 10 ? f.qual_first - 10 : 0; j < f.first; ++j)
    if (auto g = m_series.longest_at(s.tokens, j);
        g && g->last + 1 >= f.qual_first && g->last < f.first)
      return true;
  return false;
}

bool CompiledPack::listed_together(const Sentence& s, const Figure& a, const Figure& b) const {
  const auto& t = s.tokens;
  if (b.qual_first <= a.last + 1 || b.qual_first - a.last > k_max_list_gap) return false;
  bool joined = false;
  for (std::size_t i = a.last + 1; i < b.qual_first; ++i) {
    if (t[i].lower == ",") {
      joined = true;
      continue;
    }
    if (auto c = m_conjunctions.longest_at(t, i)) {
      joined = true;
      i = c->last;
      continue;
    }
    // anything else between must name the people of the item before: "Kazakh",
    // "citizens", or lead to its country: "of (the) Guinea-Bissau"
    bool named = m_subjects.is_people_noun(t, i);
    for (const auto& m : s.mentions) named = named || (i >= m.first && i <= m.last);
    for (const auto& m : s.mentions) named = named || (m.first > i && m.first <= i + 2);
    if (!named) return false;
  }
  return joined;
}

std::vector<std::optional<std::size_t>> CompiledPack::assign_keywords(const Sentence& s) const {
  // Whether metric word k heads or follows the noun phrase of figure f: right
  // after it, with only names between ("1,100 Cuban recruits", "1,400
  // foreigners captured"), in its clause.
  // reports[j]: how many complementizers ("that", "что") open before token j
  std::vector<std::size_t> reports(s.tokens.size() + 1);
  for (std::size_t j = 0; j < s.tokens.size(); ++j)
    reports[j + 1] = reports[j] + (m_complementizers.longest_at(s.tokens, j) ? 1 : 0);
  auto heads_phrase = [&](const Figure& f, const Keyword& k) {
    return k.first > f.last && k.first <= f.last + 3 && s.clause[k.first] == s.clause[f.first] &&
           s.covered[k.first] - s.covered[f.last + 1] == k.first - f.last - 1;
  };
  struct Candidate {
    int score;
    int breaks;
    std::size_t fig;
    std::size_t kw;
  };
  // A describing phrase that opens with a place word right after another
  // metric's verb says where that happened, it is no predicate of its own:
  // "22,000 enlisted in the Russian armed forces and 18,000 in Wagner" leaves
  // the 18,000 "enlisted" too (but "recruits deployed" are deployed).
  std::vector<bool> absorbed(s.keywords.size());
  for (std::size_t ki = 1; ki < s.keywords.size(); ++ki) {
    const Keyword& k = s.keywords[ki];
    const Keyword& verb = s.keywords[ki - 1];
    const auto& places = m_pack.place_words;
    absorbed[ki] = k.first == verb.last + 1 && m_pack.metrics[k.metric].describes &&
                   !m_pack.metrics[verb.metric].describes && m_pack.metrics[verb.metric].claim &&
                   std::find(places.begin(), places.end(), s.tokens[k.first].lower) != places.end();
  }
  std::vector<Candidate> cands;
  for (std::size_t fi = 0; fi < s.figures.size(); ++fi) {
    for (std::size_t ki = 0; ki < s.keywords.size(); ++ki) {
      if (absorbed[ki]) continue;
      int breaks = 0;
      const int score = keyword_score(s, s.figures[fi], s.keywords[ki], &breaks);
      if (score >= 0) cands.push_back({score, breaks, fi, ki});
    }
  }
  // on a tie, a word of a no-claim metric wins: "earned about $300 a month at home"
  auto no_claim = [&](const Candidate& c) {
    return !m_pack.metrics[s.keywords[c.kw].metric].claim;
  };
  std::stable_sort(cands.begin(), cands.end(), [&](const Candidate& a, const Candidate& b) {
    return a.score < b.score || (a.score == b.score && no_claim(a) && !no_claim(b));
  });
  // Each metric word governs the figure it is closest to: "21 of whom have
  // returned and eleven of whom were killed" gives "returned" to 21 alone...
  std::vector<std::optional<std::size_t>> chosen(s.figures.size());
  // which metric words some figure has taken
  auto taken_words = [&] {
    std::vector<bool> taken(s.keywords.size());
    for (const auto& k : chosen)
      if (k) taken[*k] = true;
    return taken;
  };
  std::vector<bool> used(s.keywords.size());
  // (a word two figures tie for goes to the nearer one: "eliminating 80
  // combatants and injuring 50 others" leaves "injuring" to the 50)
  auto apart = [&](const Candidate& c) {
    const Gap g = gap_between(s.figures[c.fig], s.keywords[c.kw].first, s.keywords[c.kw].last);
    return g.to - g.from;
  };
  // (the candidates are sorted by score: a rival is among those of its score)
  auto nearer_rival = [&](const Candidate& c) {
    const auto [lo, hi] =
        std::equal_range(cands.begin(), cands.end(), c,
                         [](const Candidate& a, const Candidate& b) { return a.score < b.score; });
    return std::any_of(lo, hi, [&](const Candidate& o) {
      return o.kw == c.kw && o.fig != c.fig && !chosen[o.fig] && apart(o) < apart(c);
    });
  };
  for (const auto& c : cands) {
    if (chosen[c.fig] || used[c.kw] || nearer_rival(c)) continue;
    chosen[c.fig] = c.kw;
    used[c.kw] = true;
  }
  // ...unless a figure has no word of its own: the items of a list share their
  // predicate ("1,210 Kazakh, 640 Kyrgyz and 95 Turkmen citizens serving").
  // A word of its own that its clause vetoes still is its own: "15 have
  // returned and two remain in hospital" says nothing of the two.
  std::vector<bool> vetoed(s.figures.size());
  for (std::size_t fi = 0; fi < s.figures.size(); ++fi)
    for (const auto& k : s.keywords) {
      const int c = s.clause[s.figures[fi].first];
      if (k.first <= s.figures[fi].last || s.clause[k.first] != c) continue;
      for (const auto& ex : s.excluded[k.metric])
        vetoed[fi] = vetoed[fi] || s.clause[ex.first] == c;
    }
  // A word right after another figure is that figure's noun, not a predicate
  // to share, when this figure counts people of its own: "94 deaths among 335
  // fighters" says nothing of what befell the 335. (A whole's noun is its
  // part's: "Среди 1400 пленных иностранцев 155 граждан Китая".)
  // (the figure right before each word, found once: a sentence may hold hundreds)
  std::vector<std::optional<std::size_t>> figure_ending(s.tokens.size() + 1);
  for (std::size_t o = 0; o < s.figures.size(); ++o) figure_ending[s.figures[o].last + 1] = o;
  std::vector<std::optional<std::size_t>> headed(s.keywords.size());
  for (std::size_t ki = 0; ki < s.keywords.size(); ++ki)
    headed[ki] = figure_ending[s.keywords[ki].first];
  auto heads_other = [&](std::size_t fi, std::size_t ki) {
    const Figure& f = s.figures[fi];
    const bool own_people =
        f.last + 1 < s.tokens.size() && (m_subjects.is_people_noun(s.tokens, f.last + 1) ||
                                         s.covered[f.last + 2] > s.covered[f.last + 1]);
    const auto o = headed[ki];
    return own_people && o && *o != fi && chosen[*o] == ki && !partitive_whole(s, s.figures[*o]);
  };
  for (const auto& c : cands) {
    const Figure& f = s.figures[c.fig];
    const Keyword& k = s.keywords[c.kw];
    if (!chosen[c.fig] && !vetoed[c.fig] &&
        figures_between(s.figures, s.weak_figures, gap_between(f, k.first, k.last)) == 0 &&
        !heads_other(c.fig, c.kw))
      chosen[c.fig] = c.kw;
  }
  // "killed/captured (64/12)": paired figures take paired metric words in order
  for (std::size_t fi = 0; fi + 1 < s.figures.size(); ++fi) {
    const Figure& a = s.figures[fi];
    const Figure& b = s.figures[fi + 1];
    if (b.qual_first != a.last + 2 || s.tokens[a.last + 1].lower != "/") continue;
    for (std::size_t ki = 0; ki + 1 < s.keywords.size(); ++ki) {
      const Keyword& k1 = s.keywords[ki];
      const Keyword& k2 = s.keywords[ki + 1];
      const bool paired =
          k2.first == k1.last + 2 &&
          (s.tokens[k1.last + 1].lower == "/" || m_conjunctions.longest_at(s.tokens, k1.last + 1));
      if (!paired || k2.last >= a.qual_first || a.qual_first - k2.last > k_max_list_gap) continue;
      chosen[fi] = ki;
      chosen[fi + 1] = ki + 1;
    }
  }
  // The items of a list take the predicate of any item that has one, before or
  // after them: "1,210 Kazakh, 640 Kyrgyz and 95 Turkmen citizens serving".
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t fi = 0; fi + 1 < s.figures.size(); ++fi) {
      if (chosen[fi].has_value() == chosen[fi + 1].has_value()) continue;
      if (vetoed[chosen[fi] ? fi + 1 : fi]) continue;
      if (!listed_together(s, s.figures[fi], s.figures[fi + 1])) continue;
      if (s.figures[fi].currency.has_value() != s.figures[fi + 1].currency.has_value()) continue;
      if (chosen[fi])
        chosen[fi + 1] = chosen[fi];
      else
        chosen[fi] = chosen[fi + 1];
      changed = true;
    }
  }
  // A clause that opens with "and", holds a figure and no metric word leaves
  // the verb out (gapping): it goes on with the predicate of the figure before.
  // "two have been killed fighting for Russia, and three on the Ukrainian side"
  for (std::size_t fi = 1; fi < s.figures.size(); ++fi) {
    const Figure& f = s.figures[fi];
    const Figure& before = s.figures[fi - 1];
    const int c = s.clause[f.first];
    if (!chosen[fi - 1] || c == s.clause[before.first] || f.currency != before.currency) continue;
    const std::size_t open = s.clause_first[static_cast<std::size_t>(c)];
    if (open + 1 >= f.qual_first || !is_clause_break(s.tokens[open])) continue;
    const auto conj = m_conjunctions.longest_at(s.tokens, open + 1);
    if (!conj || conj->last + 1 != f.qual_first) continue;
    const bool own_word = std::any_of(s.keywords.begin(), s.keywords.end(),
                                      [&](const Keyword& k) { return s.clause[k.first] == c; });
    if (!own_word) chosen[fi] = chosen[fi - 1];
  }
  // A later verb of an earlier-listed metric outranks a participle next to the
  // figure: "40 men fighting for Russia have been killed" is killed. (Not an
  // earlier one: in "105 have been killed and 84 are missing" 84 is missing.)
  for (const auto& c : cands) {
    if (!chosen[c.fig]) continue;
    const Keyword& k = s.keywords[c.kw];
    const Keyword& cur = s.keywords[*chosen[c.fig]];
    const Figure& f = s.figures[c.fig];
    // (a verb between its subject and the figure is the figure's predicate:
    // "Москва завербовала тысячи ..., из-за потерь"; not "З завербаваных 40")
    const bool predicate = cur.last < f.qual_first && f.qual_first - cur.last <= 4 &&
                           s.clause[cur.first] == s.clause[f.first] && cur.first > 0 &&
                           s.mention_end[cur.first - 1];
    // (nor a verb whose object the figure is: "a network that recruited 17
    // Cubans ... and opened criminal cases against four"; but a loss says
    // what befell them only with the words after: "lost 1 million of its
    // soldiers killed and wounded")
    // (nor a participle a partitive makes the whole: "З завербаваных 40 лічацца зніклымі")
    const bool object =
        cur.last + 1 == f.qual_first && s.clause[cur.first] == s.clause[f.first] &&
        !m_suffered[cur.metric].longest_at(s.tokens, cur.first) &&
        !(cur.first > 0 && m_partitive_preps.longest_ending_at(s.tokens, cur.first - 1));
    const bool whole = of_a_whole(s, f);
    // (nor the verb of a relative clause, when the figure's own verb lies
    // beyond it: "Nine Nepalis who had been held as prisoners were released")
    const bool describing = relative_aside(s, f, k) < 0 && relative_aside(s, f, cur) > 0;
    // (nor a word in another reported clause: "18 had been repatriated and
    // that it was aware of one death")
    if (reports[k.first] > reports[std::min(cur.last, f.last) + 1]) continue;
    if (k.metric < cur.metric && m_pack.metrics[cur.metric].claim && k.first > f.last &&
        !predicate && !object && !whole && !describing && !partitive_whole(s, f) &&
        !partitive_part(s, f) && c.breaks == 0 &&
        figures_between(s.figures, s.weak_figures, gap_between(f, k.first, k.last)) == 0)
      chosen[c.fig] = c.kw;
  }
  // "The number of Indians killed while serving in the Russian army has risen
  // to 12": the figure is what the head counts, so its metric is the first word
  // after "the number of" (or the one after a relative word there: "the number
  // of foreigners fighting for Russia who were killed"), not the nearest one.
  if (!m_totals.empty()) {
    const auto heads = m_totals.find_all(s.tokens);
    for (std::size_t fi = 0; fi < s.figures.size() && !heads.empty(); ++fi) {
      const Figure& f = s.figures[fi];
      const auto after = std::partition_point(
          heads.begin(), heads.end(), [&](const PhraseMatch& h) { return h.last < f.qual_first; });
      if (after == heads.begin()) continue;
      const PhraseMatch& head = *std::prev(after);
      // (or the clause before, when the figure's own has no word and no other
      // figure stands in the head's: "The total number of Nepalis serving in
      // the Russian army remains unknown, with estimates suggesting at least
      // 1,500": the estimate is of the number, not of people gone missing)
      const auto hclause = static_cast<std::size_t>(s.clause[head.first]);
      const auto fclause = static_cast<std::size_t>(s.clause[f.first]);
      // (clauses without figures may stand between: "Точное число непальцев,
      // воюющих за Россию, неизвестно, по оценкам, их не менее 1500")
      // (not figures in brackets, which the words before them govern: "убитых/
      // взятых в плен (64/12)")
      const bool bracketed = s.tokens[s.clause_first[fclause]].lower == "(";
      bool before = hclause < fclause && fclause - hclause <= k_max_head_clauses && !bracketed &&
                    s.clause_first_claim_word[fclause] == std::string::npos;
      for (std::size_t c = hclause; before && c < fclause; ++c) before = !s.busy_clause[c];
      if (hclause != fclause && !before) continue;
      std::optional<std::size_t> first, after_relative;
      std::size_t relative_at = f.qual_first;
      for (std::size_t j = head.last + 1; j < f.qual_first; ++j)
        if (s.relative_word[j]) {
          relative_at = j;
          break;
        }
      for (std::size_t ki = 0; ki < s.keywords.size(); ++ki) {
        const Keyword& k = s.keywords[ki];
        if (k.first <= head.last || k.last >= f.qual_first) continue;
        if (!m_pack.metrics[k.metric].claim) continue;
        if (before ? !head_clause_word(s, f, k) : keyword_score(s, f, k, nullptr) < 0) continue;
        if (!first) first = ki;
        if (!after_relative && k.first >= relative_at) after_relative = ki;
      }
      if (after_relative) first = after_relative;
      if (first) chosen[fi] = first;
    }
  }
  // A describing metric's word yields to an outcome's in the figure's clause
  // ("погибли 40 граждан, воевавших за Россию"; "31 Nepalis fighting for
  // Russia were later confirmed dead"), when no other figure took that word
  // and none stands between them.
  {
    std::vector<bool> taken = taken_words();
    for (const auto& c : cands) {
      if (!chosen[c.fig] || taken[c.kw] || c.breaks > 0) continue;
      const Keyword& cur = s.keywords[*chosen[c.fig]];
      const MetricDef& event = m_pack.metrics[s.keywords[c.kw].metric];
      const Figure& f = s.figures[c.fig];
      if (!m_pack.metrics[cur.metric].describes || !event.outcome || !event.claim ||
          s.clause[s.keywords[c.kw].first] != s.clause[f.first] || of_a_whole(s, f) ||
          figures_between(s.figures, s.weak_figures,
                          gap_between(f, s.keywords[c.kw].first, s.keywords[c.kw].last)) > 0)
        continue;
      taken[*chosen[c.fig]] = false;
      chosen[c.fig] = c.kw;
      taken[c.kw] = true;
    }
  }
  // A verb right before the figure governs it over a participle after its
  // noun, which only describes the people ("rescued 22 citizens trafficked to
  // fight", "Kenya rescues 22 citizens lured by agents"); not over an outcome
  // there ("registered 40 Nepalis missing").
  {
    std::vector<bool> taken = taken_words();
    for (std::size_t fi = 0; fi < s.figures.size(); ++fi) {
      const Figure& f = s.figures[fi];
      if (!chosen[fi] || f.qual_first == 0) continue;
      const Keyword& cur = s.keywords[*chosen[fi]];
      // (nor over a word of a no-claim metric: "earned $300 a month at home")
      // (an outcome inside the noun phrase only describes the people:
      // "returned 8 captured Nepalis", "вернула 8 пленных непальцев")
      const bool modifier = cur.last <= f.last + 2 && cur.last + 1 < s.tokens.size() &&
                            m_subjects.names_people_at(s.tokens, cur.last + 1);
      if (cur.first <= f.last || (m_pack.metrics[cur.metric].outcome && !modifier) ||
          !m_pack.metrics[cur.metric].claim)
        continue;
      for (std::size_t ki = 0; ki < s.keywords.size(); ++ki) {
        const Keyword& k = s.keywords[ki];
        if (taken[ki] || k.last + 1 != f.qual_first || !m_pack.metrics[k.metric].claim ||
            s.clause[k.first] != s.clause[f.first] || keyword_score(s, f, k, nullptr) < 0)
          continue;
        taken[*chosen[fi]] = false;
        chosen[fi] = ki;
        taken[ki] = true;
        break;
      }
    }
  }
  // A metric word that is the figure's own people noun says what they were
  // ("3 Ghanaian POWs were freed", "12 recruits died"); an outcome verb after
  // it in the clause says what befell them.
  {
    std::vector<bool> taken = taken_words();
    for (std::size_t fi = 0; fi < s.figures.size(); ++fi) {
      const Figure& f = s.figures[fi];
      if (!chosen[fi]) continue;
      const Keyword& cur = s.keywords[*chosen[fi]];
      bool people = false;  // ("prisoners of war": the noun need not end it)
      for (std::size_t j = cur.first; j <= cur.last && !people; ++j)
        people = m_subjects.is_people_noun(s.tokens, j);
      if (cur.first <= f.last || cur.first > f.last + 3 || !people ||
          s.clause[cur.first] != s.clause[f.first])
        continue;
      // (not the whole of a part before it: in "59 of the 554 Nepali recruits
      // were killed" the 59 died, and the 554 are recruits)
      if (const auto part = partitive_part(s, f);
          part && *part < s.figures.size() && s.figures[*part].last < f.first)
        continue;
      for (std::size_t ki = 0; ki < s.keywords.size(); ++ki) {
        const Keyword& k = s.keywords[ki];
        const MetricDef& m = m_pack.metrics[k.metric];
        if (taken[ki] || k.first <= cur.last || !m.claim || !m.outcome || k.metric == cur.metric ||
            s.clause[k.first] != s.clause[f.first] ||
            figures_between(s.figures, s.weak_figures, gap_between(f, k.first, k.last)) > 0 ||
            keyword_score(s, f, k, nullptr) < 0)
          continue;
        taken[*chosen[fi]] = false;
        chosen[fi] = ki;
        taken[ki] = true;
        break;
      }
    }
  }
  // A partitive's whole is not what befell its part: in "Из 45 граждан
  // Шри-Ланки, уехавших в Россию, домой вернулись 12" the 45 went to Russia,
  // and in "Of the 45 Sri Lankans, 12 came home" nothing is said of the 45. The
  // whole keeps a word of its own between it and the part's word, or has none.
  // ("Eleven of the 40 Zambians, who had signed contracts, died": the part
  // before its whole, with no word of its own, takes the verb the whole took.)
  for (std::size_t fi = 0; fi < s.figures.size(); ++fi) {
    const Figure& f = s.figures[fi];
    const auto part = chosen[fi] ? partitive_part(s, f) : std::nullopt;
    if (!part || *part >= s.figures.size()) continue;
    // "59 of the 554 Nepali recruits were killed": the noun heading the whole
    // is the whole's, and the verb after it the part's
    if (chosen[*part] && chosen[*part] != chosen[fi] && s.figures[*part].last < f.first &&
        heads_phrase(f, s.keywords[*chosen[*part]]) &&
        s.keywords[*chosen[fi]].first > s.keywords[*chosen[*part]].last) {
      std::swap(chosen[*part], chosen[fi]);
      continue;
    }
    const Keyword& shared = s.keywords[*chosen[fi]];
    // (a part right before its whole, "1,497 out of 2,690 fighters were said
    // to have been killed", is as near the word as the whole)
    // (a word the part took from a clause before its own only names the set:
    // "Among Gambian recruits, 23 of 56 contract soldiers have died")
    const bool set_word =
        chosen[*part] && chosen[*part] != chosen[fi] &&
        s.keywords[*chosen[*part]].last < s.figures[*part].qual_first &&
        s.clause[s.keywords[*chosen[*part]].first] != s.clause[s.figures[*part].first];
    const bool part_before = (!chosen[*part] || set_word) && s.figures[*part].last < f.first &&
                             shared.first > f.last &&
                             (f.qual_first <= s.figures[*part].last + 4 ||
                              keyword_score(s, s.figures[*part], shared, nullptr) >= 0);
    if (chosen[*part] != chosen[fi] && !part_before) continue;
    if (part_before) {
      // "Two of the 16 Sri Lankans recruited by Russia have died": a claim's
      // word after the whole's own, in its clause, is the part's predicate,
      // however far; the whole keeps the word that describes it
      std::optional<std::size_t> main;
      for (std::size_t ki = 0; ki < s.keywords.size(); ++ki) {
        const Keyword& k = s.keywords[ki];
        // (a word of no claim counts: "Only 4 of the 18 who signed up are
        // still alive" are no recruits)
        if (k.first > shared.last && k.metric != shared.metric &&
            s.clause[k.first] == s.clause[f.first] &&
            figures_between(s.figures, s.weak_figures, gap_between(f, k.first, k.last)) == 0)
          main = ki;
      }
      if (main) {
        chosen[*part] = main;
        continue;
      }
      chosen[*part] = chosen[fi];
      // a metric noun heading the whole's own phrase names the whole as well:
      // "450 of the 1,100 Cuban recruits came from Havana"
      if (heads_phrase(f, shared)) continue;
    }
    // ("Of the 1,200 foreigners fighting for Russia, 400 are Nepali": a word
    // between the whole and its part, in a clause the part's is not, describes
    // the whole, and the part shares it; "Из 45 граждан домой вернулись 12" not)
    const Figure& p0 = s.figures[*part];
    if (p0.first > f.last && shared.first > f.last && shared.last < p0.qual_first &&
        s.clause[shared.first] != s.clause[p0.first])
      continue;
    // (nor when the word heads or follows the whole's own phrase: "Among the
    // 1,400 foreigners captured by Ukraine are 155 Chinese")
    if (p0.first > f.last && heads_phrase(f, shared)) continue;
    chosen[fi].reset();
    const Figure& p = s.figures[*part];
    const std::size_t end = p.first > f.last ? std::min(shared.first, p.qual_first) : shared.first;
    for (std::size_t ki = 0; ki < s.keywords.size() && !chosen[fi]; ++ki) {
      const Keyword& k = s.keywords[ki];
      if (k.first > f.last && k.last < end && m_pack.metrics[k.metric].claim &&
          keyword_score(s, f, k, nullptr) >= 0)
        chosen[fi] = ki;
    }
  }
  // "1,5 тисячі мігрантів, 140 із них підписали контракт": a word after a part
  // counted "of them" is the part's, not the whole's before it; the whole keeps
  // a word of its own before the part, or has none
  for (std::size_t pj = 1; pj < s.figures.size(); ++pj) {
    const Figure& part = s.figures[pj];
    if (!chosen[pj] || !m_partitives.longest_at(s.tokens, part.last + 1) ||
        s.keywords[*chosen[pj]].first <= part.last)
      continue;
    for (std::size_t fi = 0; fi < pj; ++fi) {
      if (chosen[fi] != chosen[pj]) continue;
      const Figure& f = s.figures[fi];
      chosen[fi].reset();
      for (std::size_t ki = 0; ki < s.keywords.size() && !chosen[fi]; ++ki) {
        const Keyword& k = s.keywords[ki];
        if (k.first > f.last && k.last < part.qual_first && m_pack.metrics[k.metric].claim &&
            keyword_score(s, f, k, nullptr) >= 0)
          chosen[fi] = ki;
      }
    }
  }
  // "seven POWs, including five Nepalis, a Cuban and a Sierra Leonean, say
  // they came for work": a part named after "including" is counted as its
  // whole is, unless a word of its own clause says otherwise
  for (std::size_t fi = 1; fi < s.figures.size(); ++fi) {
    const Figure& f = s.figures[fi];
    // (not the whole of a partitive: "18 of these 56 Moldovans")
    if (!chosen[fi - 1] || f.qual_first == 0 ||
        !m_partitives.longest_ending_at(s.tokens, f.qual_first - 1) || partitive_whole(s, f) ||
        (chosen[fi] && s.clause[s.keywords[*chosen[fi]].first] == s.clause[f.first]))
      continue;
    chosen[fi] = chosen[fi - 1];
  }
  // A narrower metric's word anywhere in the clause refines the figure's metric:
  // "На завод дронов завербовали 350 женщин" is labour, not army, recruitment.
  // (or in the clause before, past relative clauses only: "The Alabuga Start
  // programme, which says it has hosted women from 40 countries, aims to
  // recruit 8,000 more")
  auto same_or_across_relatives = [&](int kc, int fc) {
    if (kc == fc) return true;
    if (kc > fc || s.busy_clause[static_cast<std::size_t>(kc)]) return false;
    for (int c = kc + 1; c < fc; ++c)
      if (!s.relative[static_cast<std::size_t>(c)]) return false;
    return fc - kc >= 2;
  };
  for (std::size_t fi = 0; fi < s.figures.size(); ++fi) {
    if (!chosen[fi]) continue;
    const Figure& f = s.figures[fi];
    const std::string& broad = m_pack.metrics[s.keywords[*chosen[fi]].metric].name;
    for (std::size_t ki = 0; ki < s.keywords.size(); ++ki) {
      const Keyword& k = s.keywords[ki];
      const auto& refines = m_pack.metrics[k.metric].refines;
      if (std::find(refines.begin(), refines.end(), broad) != refines.end() &&
          same_or_across_relatives(s.clause[k.first], s.clause[f.first]) &&
          figures_between(s.figures, s.weak_figures, gap_between(f, k.first, k.last)) == 0)
        chosen[fi] = ki;
    }
  }
  return chosen;
}

void CompiledPack::extract_sentence(std::string_view text, std::size_t index,
                                    const std::vector<Span>& sentences, const DocContext& ctx,
                                    std::vector<Claim>& out, std::vector<Claim>& prev_claims,
                                    SourceMemo& sources, std::vector<FigureTrace>* trace) const {
  const Span sp = sentences[index];
  static thread_local Sentence s;
  s.clear();
  tokenize(text.substr(sp.start, sp.end - sp.start), sp.start, s.tokens);
  const auto& t = s.tokens;
  auto words = [&](std::size_t first, std::size_t last) {
    return std::string(text.substr(t[first].start, t[last].end - t[first].start));
  };
  for (auto& f : find_figures(t, m_numbers)) {
    const char* why = m_not_claims.why_not(t, f, m_subjects);
    if (!why && s.figures.empty() && m_not_claims.one_more(t, f, m_subjects))
      why = "one more, with no figure before it";
    // "one of the two Britons had been found dead": what happened, happened
    // to the one; the two are only the group it was one of (not a group with a
    // verb of its own, "one of the 18 who signed up", nor "he is one of 218
    // Kenyans who have enlisted", which counts them, nor one whose participle
    // tells what the group did: "one of the 16 Cubans recruited last year")
    if (!why && !s.weak_figures.empty() && f.qual_first > 0) {
      const auto d = m_determiners.longest_ending_at(t, f.qual_first - 1);
      bool relative = false;
      for (std::size_t j = f.last + 1; j < t.size() && j <= f.last + 3; ++j) {
        const auto verb = m_people_phrases.longest_at(t, j);
        relative = relative || m_relatives.longest_at(t, j).has_value() ||
                   (verb && m_pack.metrics[static_cast<std::size_t>(verb->id)].claim);
      }
      if (d && !relative && m_not_claims.one_of_group(t, s.weak_figures.back(), d->first))
        why = "the group 'one of' tells of, no count of an event";
    }
    if (!why) {
      s.figures.push_back(std::move(f));
      continue;
    }
    s.not_figures.push_back(f.last);
    if (m_not_claims.is_weak_word(t, f)) s.weak_figures.push_back(f.first);
    if (trace) trace->push_back({t[f.qual_first].start, t[f.last].end, why, {}, {}, {}, {}, {}});
  }
  elided_currency(s);
  // with a trace, each figure's record is filled as the figure is decided
  std::size_t trace_base = trace ? trace->size() : 0;
  if (trace) {
    for (const auto& f : s.figures)
      trace->push_back({t[f.qual_first].start, t[f.last].end, {}, {}, {}, {}, {}, {}});
  }
  auto note = [&](std::size_t fi) -> FigureTrace* {
    return trace ? &(*trace)[trace_base + fi] : nullptr;
  };
  auto left_out = [&](std::size_t fi, std::string why) {
    if (auto* n = note(fi)) n->verdict = std::move(why);
  };
  std::vector<Claim> here;
  if (s.figures.empty()) {
    prev_claims.clear();
    return;
  }
  s.retracted_from = retracted_from(t);
  s.forces = m_context.forces(t);
  std::vector<std::pair<std::size_t, std::size_t>> force_spans;
  for (const auto& f : s.forces) force_spans.emplace_back(f.first, f.last);
  s.mentions = m_subjects.find(t, force_spans);
  s.keywords = keywords(text, sp, t,
                        std::any_of(s.figures.begin(), s.figures.end(),
                                    [](const Figure& f) { return f.currency.has_value(); }));
  // "the Coordination Headquarters for the Treatment of Prisoners of War
  // published the names of 628 Tajiks who signed contracts": a metric word
  // inside an institution's name is no predicate
  if (!m_name_frames.empty())
    std::erase_if(s.keywords, [&](const Keyword& k) {
      return k.first > 0 && m_name_frames.longest_ending_at(t, k.first - 1).has_value();
    });
  // "в українському полоні", "in Russian custody": a side's adjective between
  // a place word and a metric word names where the people are held, never them
  std::erase_if(s.mentions, [&](const Mention& m) {
    if (m.strength != Strength::Weak || !m_pack.force.count(m.subject) || m.first == 0 ||
        !m_places_before.longest_ending_at(t, m.first - 1))
      return false;
    return std::any_of(s.keywords.begin(), s.keywords.end(),
                       [&](const Keyword& k) { return k.first == m.last + 1; });
  });
  // "from US$2,000 to US$2,500": a name inside a figure is its currency's
  std::erase_if(s.mentions, [&](const Mention& m) {
    return std::any_of(s.figures.begin(), s.figures.end(), [&](const Figure& f) {
      return f.currency && m.first >= f.qual_first && m.last <= f.last;
    });
  });
  s.lists = list_runs(t, s.mentions, m_conjunctions);
  s.clause = clause_ids(t, s.figures, s.mentions, s.lists);
  {
    // "22 гражданина Украины, России, Таджикистана, воевавших": a list of names
    // is one phrase, as far from the verb as its first name
    std::vector<bool> in_list(t.size());
    for (const auto& [first, last] : s.lists)
      for (std::size_t j = s.mentions[first].last + 1; j <= s.mentions[last].last; ++j)
        in_list[j] = true;
    s.listed.assign(t.size() + 1, 0);
    for (std::size_t j = 0; j < t.size(); ++j) s.listed[j + 1] = s.listed[j] + (in_list[j] ? 1 : 0);
  }
  // "a Ukrainian agency responsible for prisoner of war treatment reported
  // that 18,000 foreigners have fought": a metric word inside the name of who
  // speaks, right before its verb of saying, is part of that name, no predicate
  // (looked for only where a keyword and a verb of saying come before the
  // first figure: most sentences have neither, and finding a source costs)
  const std::size_t first_figure = s.figures.front().first;
  bool says_first = false;
  if (!s.keywords.empty() && s.keywords.front().last < first_figure)
    for (std::size_t j = s.keywords.front().last + 1; j < first_figure && !says_first; ++j)
      says_first = m_saying.longest_at(t, j).has_value();
  if (says_first) {
    if (!sources[index]) sources[index] = m_sources.source(text, t);
    if (const auto& said = sources[index]->name; said && !said->empty()) {
      const std::string_view sentence = text.substr(sp.start, sp.end - sp.start);
      if (const std::size_t at = sentence.find(*said); at != std::string_view::npos) {
        const std::size_t b = sp.start + at, e = b + said->size();
        std::size_t next = 0;  // the token after the name
        while (next < t.size() && t[next].start < e) ++next;
        // (not a count named as the speaker: "Кількість завербованих кубинців
        // оцінюють у 20 тисяч" names people, no one who speaks)
        const bool names_people =
            std::any_of(s.mentions.begin(), s.mentions.end(), [&](const Mention& m) {
              return m.strength >= Strength::People && t[m.first].start >= b && t[m.last].end <= e;
            });
        if (next < t.size() && !names_people && m_saying.longest_at(t, next) &&
            t[next].start < t[s.figures.front().first].start)
          std::erase_if(s.keywords, [&](const Keyword& k) {
            return t[k.first].start >= b && t[k.last].end <= e;
          });
      }
    }
  }
  // "handed over 4 prisoners": a qualifier word that ends a metric phrase
  // belongs to the phrase, and the figure is exact
  for (auto& f : s.figures) {
    if (f.qual_first == f.first) continue;
    const bool taken = std::any_of(s.keywords.begin(), s.keywords.end(), [&](const Keyword& k) {
      return k.first < f.qual_first && k.last >= f.qual_first && k.last < f.first;
    });
    if (!taken) continue;
    f.qual_first = f.first;
    f.qualifier = "exact";
    f.low = f.high = f.value;
  }
  // "the Russian death toll", "North Korean losses": a people's adjective on
  // an outcome noun says whose people the outcome befell
  for (auto& men : s.mentions) {
    if (men.strength != Strength::Weak || men.actor || men.institution || men.place) continue;
    for (const auto& k : s.keywords)
      if (k.first == men.last + 1 && m_pack.metrics[k.metric].outcome &&
          m_pack.metrics[k.metric].claim)
        men.strength = Strength::People;
  }
  const std::size_t n_clauses = static_cast<std::size_t>(s.clause.back()) + 1;
  s.busy_clause.assign(n_clauses, false);
  s.clause_tokens.assign(n_clauses, 0);
  for (const int c : s.clause) ++s.clause_tokens[static_cast<std::size_t>(c)];
  // (a lone "one" holds no figure of a clause: "300 Africans, one in five of
  // those sent, died"; numbers that are no counts, "five" there, are no figures)
  for (const auto& f : s.figures)
    if (!m_not_claims.is_weak_word(t, f))
      s.busy_clause[static_cast<std::size_t>(s.clause[f.first])] = true;
  s.clause_first.assign(n_clauses, 0);
  for (std::size_t i = t.size(); i-- > 0;)
    s.clause_first[static_cast<std::size_t>(s.clause[i])] = i;
  s.clause_first_mention.assign(n_clauses, std::string::npos);
  s.clause_first_claim_word.assign(n_clauses, std::string::npos);
  for (const auto& k : s.keywords) {
    auto& first = s.clause_first_claim_word[static_cast<std::size_t>(s.clause[k.first])];
    if (m_pack.metrics[k.metric].claim) first = std::min(first, k.first);
  }
  // "16 Indians, including two from Kerala, are still missing": a clause that
  // opens on a continuation word and has no claim word of its own names a part
  // of the figure before it, so it is an aside, not a figure's own clause
  for (const auto& f : s.figures) {
    const auto c = static_cast<std::size_t>(s.clause[f.first]);
    const std::size_t open =
        s.clause_first[c] + (c > 0 && is_clause_break(t[s.clause_first[c]]) ? 1 : 0);
    const auto cont = m_partitives.longest_at(t, open);
    if (c > 0 && cont && cont->last + 1 == f.qual_first &&
        s.clause_first_claim_word[c] == std::string::npos)
      s.busy_clause[c] = false;
  }
  s.busy_figures.assign(s.figures.size() + 1, 0);
  for (std::size_t i = 0; i < s.figures.size(); ++i)
    s.busy_figures[i + 1] =
        s.busy_figures[i] +
        (s.busy_clause[static_cast<std::size_t>(s.clause[s.figures[i].first])] ? 1 : 0);
  s.covered.assign(t.size() + 1, 0);
  s.mention_end.assign(t.size(), false);
  {
    std::vector<bool> cover(t.size());
    for (const auto& men : s.mentions) {
      auto& first = s.clause_first_mention[static_cast<std::size_t>(s.clause[men.first])];
      first = std::min(first, men.first);
      s.mention_end[men.last] = true;
      for (std::size_t j = men.first; j <= men.last; ++j) cover[j] = true;
    }
    for (std::size_t j = 0; j < t.size(); ++j) s.covered[j + 1] = s.covered[j] + (cover[j] ? 1 : 0);
  }
  s.relative.assign(n_clauses, false);
  s.relative_word.assign(t.size(), false);
  for (std::size_t i = 0; i < t.size(); ++i)
    s.relative_word[i] = t[i].kind == TokenKind::Word && m_relatives.longest_at(t, i).has_value();
  for (std::size_t i = 1; i < t.size(); ++i) {
    const auto c = static_cast<std::size_t>(s.clause[i]);
    // ", who", ", до якої": the relative word first, or after one preposition
    const bool opens = is_clause_break(t[i - 1]) ||
                       (i >= 2 && is_clause_break(t[i - 2]) && t[i - 1].kind == TokenKind::Word);
    if (c > 0 && opens && s.relative_word[i]) s.relative[c] = true;
  }
  bool periods_done = false;  // times and sources are found only once a claim needs them
  // exclusions only matter for metrics with a keyword here (usually one or two)
  s.excluded.resize(m_excludes.size());
  std::vector<bool> scanned(m_excludes.size());
  for (const auto& k : s.keywords) {
    if (scanned[k.metric]) continue;
    scanned[k.metric] = true;
    s.excluded[k.metric] = exclusions(k.metric, t);
  }

  std::optional<std::string> source;
  bool source_resolved = false;
  bool source_expanded = false;
  std::optional<std::string> prev_subject;
  bool prev_subject_resolved = false;
  bool prev_firm = false;
  bool prev_people = false;
  std::optional<std::string> prev_speaker;  // the country that spoke in the sentence before

  // Mentions inside the sentence's attribution ("South Korean intelligence
  // said") name who speaks, not whose people are counted. Found once a figure
  // needs a subject: most sentences with numbers make no claim.
  bool in_source_done = false;
  auto find_in_source = [&] {
    if (in_source_done) return;
    in_source_done = true;
    if (!sources[index]) sources[index] = m_sources.source(text, t);
    s.in_source.assign(s.mentions.size(), false);
    const auto& said = sources[index]->name;
    if (!said) return;
    const std::string_view sentence = text.substr(sp.start, sp.end - sp.start);
    const std::size_t at = sentence.find(*said);
    if (at == std::string_view::npos) return;
    const std::size_t b = sp.start + at, e = b + said->size();
    for (std::size_t mi = 0; mi < s.mentions.size(); ++mi)
      s.in_source[mi] = t[s.mentions[mi].first].start >= b && t[s.mentions[mi].last].end <= e;
  };
  const std::vector<std::optional<std::size_t>> governs = assign_keywords(s);
  std::vector<std::optional<std::size_t>> fig_metric(s.figures.size());
  for (std::size_t fi = 0; fi < s.figures.size(); ++fi) {
    const Figure& f = s.figures[fi];
    const bool money = f.currency.has_value();
    const bool vague = f.qualifier == "vague";
    const int fclause = s.clause[f.first];
    std::optional<Keyword> best;
    if (governs[fi]) best = s.keywords[*governs[fi]];
    std::optional<std::size_t> metric;
    std::string metric_cue;
    std::optional<PhraseMatch> frame;  // the phrase that reframed the metric
    bool series_exact = false;
    std::optional<std::string> series_subject;  // whose series goes on
    if (names_counted_set(s, f, out)) {
      left_out(fi, "names again a set a claim before it counted ('the families of all 16')");
      continue;
    }
    if (best) {
      metric = best->metric;
      if (trace) metric_cue = "\"" + words(best->first, best->last) + "\"";
      // "detained by Ukrainian troops": the side that holds them makes it a capture
      for (const Reframe& r : m_reframes) {
        if (r.from != *metric) continue;
        for (const PhraseMatch& fm : r.frame.find_all(t)) {
          // a frame after a metric word of the figure's own clause does not govern it
          // (unless the word is one the figure shares from before it: "85 were
          // discharged and 20 are awaiting release")
          const bool shared = best->last < f.qual_first && fm.first > f.last;
          const bool after = fm.first > best->first && s.clause[best->first] == fclause && !shared;
          // (in the figure's clause, or in its word's: "23 индийца, воюющих за
          // Россию, просят вернуть их домой")
          const bool near = s.clause[fm.first] == fclause ||
                            (s.clause[fm.first] == s.clause[best->first] && fm.last < best->first);
          if (!near || (r.before && after)) continue;
          metric = r.to;
          frame = fm;
          if (trace) metric_cue += " in the frame \"" + words(fm.first, fm.last) + "\"";
          break;
        }
      }
      // "the Philippines (17 volunteers, two “eliminated”)": in brackets that
      // open on the figure and hold another, a word outside the figure's own
      // item is another item's, and the figure's own noun tells its metric
      if (!money && f.qual_first >= 1 && t[f.qual_first - 1].lower == "(" &&
          fi + 1 < s.figures.size() &&
          !(best->first > f.last && best->last < s.figures[fi + 1].qual_first) &&
          std::none_of(t.begin() + static_cast<std::ptrdiff_t>(f.last),
                       t.begin() + static_cast<std::ptrdiff_t>(s.figures[fi + 1].first),
                       [](const Token& x) { return x.lower == ")"; })) {
        if (const auto n = metric_noun(s, f)) {
          metric = static_cast<std::size_t>(n->id);
          if (trace) metric_cue = "the noun \"" + words(n->first, n->last) + "\" of its bracket";
        }
      }
      // "60 Sri Lankans have been sent to Russia": people sent arrive to be
      // recruited, unless they are troops ("12,000 troops") or a state that is
      // no party to the war sends them ("Nepal has sent 15,000 men"): a deployment
      for (const Reframe& r : m_arrivals) {
        // (the word's own metric: "sent home" that a frame made serving
        // stays serving, "are seeking to be sent home")
        if (r.from != *metric || best->metric != *metric || !r.frame.longest_at(t, best->first))
          continue;
        bool troops = false;
        for (std::size_t j = f.last + 1; j < t.size() && j <= f.last + k_troops_gap && !troops; ++j)
          troops = m_subjects.is_servicemen(t, j);
        // (the state must be the sender: not one before a relative word that
        // gives the verb another subject, "Brazilian police raided an agency
        // that sent 11 men")
        auto relative_between = [&](const Mention& men) {
          for (std::size_t j = men.last + 1; j < best->first; ++j)
            if (s.relative_word[j] || m_complementizers.longest_at(t, j)) return true;
          return false;
        };
        const bool state_sends =
            std::any_of(s.mentions.begin(), s.mentions.end(), [&](const Mention& men) {
              return men.last < best->first && s.clause[men.first] == fclause && !men.place &&
                     men.strength != Strength::People && !m_pack.force.count(men.subject) &&
                     !relative_between(men);
            });
        if (troops || state_sends) break;
        metric = r.to;
        if (trace) metric_cue += ", people sent who arrive to be recruited";
        break;
      }
    }
    // "recruits Syrian fighters for $6,500 a month": a sum at a monthly or
    // yearly rate with no word of its own is pay, unless the clause says it is
    // some other money ("the average wage", "a fee")
    if (!metric && money && m_pay_metric && m_rates.longest_at(t, f.last + 1)) {
      // (found here: a sentence's exclusions are looked for only for the
      // metrics it has keywords of)
      const auto excluded = exclusions(*m_pay_metric, t);
      const bool vetoed = std::any_of(excluded.begin(), excluded.end(), [&](const PhraseMatch& ex) {
        return s.clause[ex.first] == fclause;
      });
      if (!vetoed) {
        metric = m_pay_metric;
        if (trace) metric_cue = "a sum at a rate";
      }
    }
    // "700 дел против тех, кто уехал воевать": cases with no word of their own
    // are the acts of a state, whatever the sentence goes on to tell
    if (!metric && !money && m_state_act_metric) {
      if (const std::string* u = counted_unit(s, f); u && *u == "cases") {
        metric = *m_state_act_metric;
        if (trace) metric_cue = "the cases it counts";
      }
    }
    // (a vague amount shares a list's metric only as an item of its own:
    // "India – about 200, Cuba – several hundred")
    const bool item = list_item(s, f);
    if (!metric && (!vague || item) && fi > 0 && fig_metric[fi - 1]) {
      // parallel figures share the metric of the one before them
      const Figure& p = s.figures[fi - 1];
      // (a metric word of its own after it, even one its clause vetoes, is its
      // own predicate: "15 have returned and two remain in hospital")
      bool keyword_between = false;
      for (const auto& k : s.keywords)
        keyword_between = keyword_between || (k.first > p.last && k.last < f.first) ||
                          (k.first > f.last && s.clause[k.first] == fclause);
      const bool same_kind = (p.currency.has_value() == money);
      // (a bare count in brackets names no item of a list unless a name ranks
      // it: "155 китайцев (7)" closes a headline with a count of comments; a
      // sum in brackets converts the one before it)
      if (same_kind && !keyword_between && f.qual_first - p.last <= k_max_inherit_gap &&
          !(!money && in_brackets(t, f) && !ranked(s, f))) {
        metric = fig_metric[fi - 1];
        metric_cue = "shared with the figure before it (a list)";
      }
    }
    // "Two Indian men died on the front line, bringing the toll to 12": a
    // series word right before the figure makes it the total of the figure
    // before it in this sentence, over a word of another clause
    if (metric && best && s.clause[best->first] != fclause && !here.empty() && !vague &&
        series_word_before(s, f))
      metric.reset();
    if (!metric && (!vague || item) && (!here.empty() || !prev_claims.empty()) &&
        continues_series(s, f)) {
      // "у 2023-му – 235, а в 2024 році їх кількість зросла до 518": a series
      // begun earlier in this sentence or in the one before goes on with its metric
      // (a ranking after the sentence before ranks its total, the first
      // figure it counted: "249 arrived, with 103 killed. Nigeria tops the
      // list with 97")
      const Claim& p = !here.empty()  ? here.back()
                       : ranked(s, f) ? prev_claims.front()
                                      : prev_claims.back();
      for (std::size_t mi = 0; mi < m_pack.metrics.size(); ++mi)
        if (m_pack.metrics[mi].name == p.metric && !m_pack.metrics[mi].subject &&
            p.unit.value_or("") == (money ? f.currency.value_or("") : "people"))
          metric = mi;
      if (metric) {
        metric_cue = "a series going on from the sentence before";
        series_subject = p.subject;
      }
    }
    // "Thousands of foreigners joined the legion. Their number has exceeded
    // 20,000": "their number" counts the set the sentence before named without
    // a figure, with that sentence's metric word
    // (a verb may stand between: "their number is estimated at 15,000"; the
    // words open with a possessive or open the clause, "Оно составляет": not
    // "The population of Pokhara has reached 500,000")
    auto series_in_clause = [&] {
      const std::size_t open = s.clause_first[static_cast<std::size_t>(fclause)];
      for (std::size_t j = f.qual_first >= 6 ? f.qual_first - 6 : 0; j < f.qual_first; ++j)
        if (auto g = m_series.longest_at(t, j);
            g && g->last < f.qual_first && s.clause[j] == fclause &&
            (m_possessives.longest_at(t, j) || j == open ||
             (j == open + 1 && is_clause_break(t[open])) ||
             // (or it names the set and stands right before the figure: "The
             // NIS put the figure at 3,000", where no verb alone would do)
             (g->last + 1 == f.qual_first && m_determiners.longest_at(t, j))))
          return true;
      return false;
    };
    if (!metric && !vague && here.empty() && prev_claims.empty() && index > 0 &&
        series_in_clause()) {
      metric = previous_metric(text, sentences[index - 1], money);
      if (metric) {
        metric_cue = "the set the sentence before named";
        // (its people too, however it named them: "Число граждан-участников
        // СВО ощутимо для населения Южной Осетии. Оно составляет ...")
        series_subject =
            previous_subject(text, sentences, index, prev_claims, nullptr, nullptr, sources);
      }
    }
    // "кількість ... зросла до 12": the words before the number were the
    // series', not a qualifier ("до" read as "up to")
    if (f.qual_first < f.first && m_series.longest_ending_at(t, f.first - 1)) series_exact = true;
    // "there are 3,000 North Korean troops in Kursk": in a clause that says
    // they are there, a noun that heads the figure's phrase, after names and
    // quotes only, tells the metric no word gave
    auto existential = [&] {
      for (std::size_t j = f.qual_first >= 3 ? f.qual_first - 3 : 0; j < f.qual_first; ++j)
        if (s.clause[j] == fclause && m_existentials.longest_ending_at(t, j)) return true;
      return false;
    };
    if (!metric && !money && existential()) {
      if (const auto n = metric_noun(s, f)) {
        metric = static_cast<std::size_t>(n->id);
        if (trace) metric_cue = "the noun \"" + words(n->first, n->last) + "\"";
      }
    }
    // "The number of North Korean troops in Kursk is about 11,000": a count
    // head before the figure, in its sentence, names the people it counts
    if (!metric && !money) {
      if (const auto n = counted_by_head(s, f)) {
        metric = static_cast<std::size_t>(n->id);
        if (trace) metric_cue = "the number of \"" + words(n->first, n->last) + "\"";
      }
    }
    if (!metric) {
      left_out(fi, money ? "no pay word near this sum" : "no metric word governs it");
      continue;
    }
    // "трое погибли, один погиб в Артемовске": a lone "one" counts only with a
    // verb of its own right after it, within three words ("Six died; one said
    // he was recruited" does not)
    if (m_not_claims.one_more(t, f, m_subjects) &&
        (!best || best->first <= f.last || best->first > f.last + 3 ||
         s.clause[best->first] != fclause)) {
      left_out(fi, "one, with no verb of its own after it");
      continue;
    }
    // "10 more citizens have died, bringing its toll to 49": the total of the
    // claim before it in the sentence is of the same people
    if (!series_subject && !here.empty() && here.back().metric == m_pack.metrics[*metric].name &&
        series_word_before(s, f))
      series_subject = here.back().subject;
    const MetricDef& m = m_pack.metrics[*metric];
    // "Soldiers earn up to $35 per month in Syria, while Russia promised $1,100":
    // pay in a country that is no party to the war is pay at home
    // (not when a party to the war pays in that clause: "русские предложили им
    // 1200 долларов ... по возвращении в Сирию")
    auto in_clause = [&](const Mention& men) { return s.clause[men.first] == fclause; };
    // (a place in the saying frame before the sum is where it was said, not
    // where the pay was: "told the court in Chisinau he had been paid 180,000
    // rubles", "in Chisinau, he said he was paid")
    auto said_after = [&](const Mention& men) {
      if (men.last >= f.qual_first) return false;
      for (std::size_t j = men.first >= 5 ? men.first - 5 : 0; j < f.qual_first; ++j)
        if (m_saying.longest_at(t, j)) return true;
      return false;
    };
    if (money &&
        std::any_of(s.mentions.begin(), s.mentions.end(),
                    [&](const Mention& men) {
                      return men.place && in_clause(men) && !m_pack.force.count(men.subject) &&
                             !said_after(men);
                    }) &&
        std::none_of(s.mentions.begin(), s.mentions.end(), [&](const Mention& men) {
          return !men.place && in_clause(men) && men.last < f.qual_first &&
                 m_pack.force.count(men.subject);
        })) {
      left_out(fi, "pay in a country at peace: pay at home, no claim");
      continue;
    }
    // "Граждане Непала платили до $9 тыс.", "Nepalis paid up to $9,000": a sum
    // the counted people pay is a fee, not their pay
    if (money && best && m_payer_verbs.longest_at(t, best->first) &&
        std::any_of(s.mentions.begin(), s.mentions.end(), [&](const Mention& men) {
          return men.strength == Strength::People && men.last + 1 == best->first &&
                 !m_pack.force.count(men.subject);
        })) {
      left_out(fi, "paid by the people counted: a fee, not their pay");
      continue;
    }
    // "Families paid recruiters $9,000", "sold land to pay the agent", "заплатили
    // 3000 долларов посреднику": a sum paid to a broker is the broker's fee.
    // The broker stands within a few words after the verb or the sum, in the
    // clause that pays ("paid by the agency" names the payer, not the payee).
    if (money && paid_to_broker(s, f, fclause)) {
      left_out(fi, "paid to a broker: a fee, not pay to recruits");
      continue;
    }
    if (money && civilian_pay(s, f, fclause)) {
      left_out(fi, "earned at civilian work: not pay to recruits");
      continue;
    }
    if (!money && f.value > k_max_head_count) {
      left_out(fi, "too large for a head count");
      continue;
    }
    // "three government officials told The Daily Beast": officials who speak
    // are a count of sources, not of the people a claim is about
    if (!money && speakers_count(s, f)) {
      left_out(fi, "counts the officials who speak, not people of a claim");
      continue;
    }
    if (!m.claim) {
      left_out(fi,
               "governed by " + metric_cue + ", which the pack says is no claim (" + m.name + ")");
      continue;
    }

    if (f.qual_first >= s.retracted_from) {
      left_out(fi, "retracted or doubted: a correction's wrong figure, or one a question doubts");
      continue;
    }
    // negated ("did not sign") or hypothetical ("if 500 were recruited"): not claims
    if (best) {
      const Gap g = gap_between(f, best->first, best->last);
      std::size_t from = g.from;
      if (g.after && best->first >= 2) from = std::min(from, best->first - 2);
      bool negated = false;
      // "denied that 300 Tajiks had been captured": a denial just before the figure,
      // also across the comma Slavic languages put before "that" ("отрицают, что 300")
      auto comma_only = [&](std::size_t j) {
        for (std::size_t k = j + 1; k < f.qual_first; ++k)
          if (is_clause_break(t[k]) && t[k].lower != ",") return false;
        return true;
      };
      // (a negation inside the metric phrase is the metric's own: "have not
      // heard from 11", "ничего не известно о 25")
      auto own = [&](std::size_t j) { return j >= best->first && j <= best->last; };
      // ("600 бойовиків (не враховуючи росіян) воюють": a negation in brackets
      // that hold neither the figure nor its word is an aside's own)
      auto depth_at = [&](std::size_t j) {
        int depth = 0;
        for (std::size_t k = 0; k < j && k < t.size(); ++k)
          depth += t[k].lower == "(" ? 1 : t[k].lower == ")" ? -1 : 0;
        return depth;
      };
      auto aside = [&](std::size_t j) {
        const int d = depth_at(j);
        return d > depth_at(f.qual_first) && d > depth_at(best->first);
      };
      // (after the figure, "no" before a noun other than the metric word is
      // that noun's: "200 Kenyans with no military experience have signed")
      auto a_nouns = [&](std::size_t j) {
        const auto d = j > f.last ? m_negative_determiners.longest_at(t, j) : std::nullopt;
        return d && d->last + 1 != best->first;
      };
      // (a negation inside another figure's qualifier is that qualifier: "не
      // менее 1 780 … и около 600" says "at least", it denies nothing)
      auto qualifies = [&](std::size_t j) {
        return std::any_of(s.figures.begin(), s.figures.end(),
                           [&](const Figure& o) { return j >= o.qual_first && j < o.first; });
      };
      // (nor does one in a clause between the figure and its word, an aside
      // about the people: "15 South Africans, who reached the front through
      // fake courses, have come home")
      const int kclause = s.clause[best->first];
      auto between = [&](std::size_t j) {
        const int c = s.clause[j];
        return c != fclause && c != kclause && c > std::min(fclause, kclause) &&
               c < std::max(fclause, kclause);
      };
      auto negates = [&](std::size_t j) {
        return !own(j) && m_negations.longest_at(t, j) && !aside(j) &&
               !m_not_only.longest_at(t, j) && !a_nouns(j) && !qualifies(j);
      };
      for (std::size_t j = f.qual_first >= 3 ? f.qual_first - 3 : 0; j < f.qual_first && !negated;
           ++j)
        if ((s.clause[j] == fclause || comma_only(j)) && negates(j)) negated = true;
      // ("оплати конкретики не було — казали про суми від 100 тисяч": what
      // a dash or a semicolon sets apart is a clause of its own, which the
      // negation before it does not reach)
      auto set_apart = [&](std::size_t j) {
        for (std::size_t k = j + 1; k < f.qual_first; ++k)
          if (t[k].lower == ";" || t[k].lower == "\xE2\x80\x94") return true;
        return false;
      };
      for (std::size_t j = from; j < std::max(g.to, best->first) && !negated; ++j)
        if ((j < f.qual_first || j > f.last) && negates(j) && !(j < f.qual_first && set_apart(j)) &&
            !between(j))
          negated = true;
      // "Минобороны опровергло сообщения о том, что в армии служат 300": a
      // denial a few words before the complementizer that opens the figure's
      // reported clause (the nearest one before it, with no dash or semicolon
      // between) denies it
      for (std::size_t c = f.qual_first; c > 0 && !negated; --c) {
        const Token& w = t[c - 1];
        if (w.lower == ";" || w.lower == "\xE2\x80\x94") break;
        if (!m_complementizers.longest_at(t, c - 1)) continue;
        for (std::size_t j = c - 1 >= 6 ? c - 7 : 0; j + 1 < c && !negated; ++j)
          negated = m_denials.longest_at(t, j).has_value();
        break;
      }
      // "Посольство опровергло сообщения индийских СМИ о гибели 50 граждан",
      // "denied reports of 50 deaths": a denial of reports a few words before
      // the figure, in its clause, with no other figure between
      for (std::size_t j = f.qual_first >= 8 ? f.qual_first - 8 : 0; j < f.qual_first && !negated;
           ++j) {
        const auto d = m_denials.longest_at(t, j);
        if (!d || s.clause[j] != fclause) continue;
        for (std::size_t k = d->last + 1; k <= d->last + 3 && k < f.qual_first && !negated; ++k)
          negated = m_denied_objects.longest_at(t, k) &&
                    figures_between(s.figures, s.weak_figures, Gap{k, f.qual_first, true}) == 0;
      }
      if (negated) {
        left_out(fi, "negated (" + metric_cue + " is denied or negated)");
        continue;
      }
    }
    bool hypothetical = false;
    for (std::size_t j = 0; j < t.size() && !hypothetical; ++j) {
      if (s.clause[j] != fclause || (j >= f.qual_first && j <= f.last)) continue;
      const auto h = m_hypotheticals.longest_at(t, j);
      // pay is offered in the conditional: "could earn 433,000 rubles a month";
      // and a condition after a sum is what it is paid for: "$16,500 if they
      // are killed"
      // (not a condition that opens the clause: "якщо виплати скоротять до 195
      // тисяч", "if payments are cut to 195,000"; a modal there, "could earn",
      // still offers pay)
      const bool opens = m_conditions.longest_at(t, j) &&
                         (j == 0 || is_clause_break(t[j - 1]) || s.clause[j - 1] != fclause);
      // (and pay on offer is pay: "предлагает контракт с выплатой 195 тысяч")
      hypothetical = h && !(money && best && h->last + 1 == best->first && !opens) &&
                     !(money && j > f.last) && !(money && m_offers.longest_at(t, j));
    }
    if (hypothetical) {
      left_out(fi, "hypothetical or planned, not a reported figure");
      continue;
    }

    std::optional<std::string> subject = m.subject;
    std::string subject_cue = "fixed by the metric";
    if (!subject) {
      int rank = 0;
      find_in_source();
      subject = choose_subject(s, f, best, trace ? &subject_cue : nullptr, &rank, frame);
      // "Разведка Южной Кореи оценила их число в 3 тыс.": a series the sentence
      // before began goes on with its people, not the speaker's country
      if (subject && series_subject && *subject != *series_subject) {
        bool named = false, spoken_only = true;
        for (std::size_t mi = 0; mi < s.mentions.size(); ++mi)
          if (s.mentions[mi].subject == *subject) {
            named = true;
            spoken_only = spoken_only && mi < s.in_source.size() && s.in_source[mi];
          }
        if (named && spoken_only) {
          subject = series_subject;
          subject_cue = "the subject of the series it goes on (not the speaker's country)";
        }
      }
      // "Kenya says 82 of its citizens are fighting; 18 have been repatriated":
      // a figure whose clause names no one goes on with the people of the
      // claim before it in the sentence
      // ("300 из них — выходцы из Африки" is a part, its people after the dash)
      const bool bare = f.last + 1 < t.size() && t[f.last + 1].kind == TokenKind::Word &&
                        !m_subjects.names_people_at(t, f.last + 1) &&
                        !m_partitives.longest_at(t, f.last + 1) &&
                        !m_partitive_preps.longest_at(t, f.last + 1);
      // and so does a part of them that names no people of its own: "272
      // citizens left, 55 of whom died", "з іх 55" (not "серед яких 272 особи –
      // громадяни Гани", whose people follow the dash)
      // (over a name in a clause before: "Georgia is followed by Canada, which
      // sent 1,005, at least 491 of whom died" are Canada's)
      const bool named_after =
          subject && std::any_of(s.mentions.begin(), s.mentions.end(), [&](const Mention& men) {
            return men.first > f.last && men.subject == *subject;
          });
      const bool part =
          (!named_after || m_pack.force.count(*subject)) &&
          (m_partitives.longest_at(t, f.last + 1) ||
           (f.qual_first >= 1 && m_partitives.longest_ending_at(t, f.qual_first - 1)));
      // (a place, or a country inside the verb phrase itself, names no people:
      // "102 died, and 98 left Ukraine", "18 died in Russia")
      const auto in_metric = [&](const Mention& men) {
        return std::any_of(s.keywords.begin(), s.keywords.end(), [&](const Keyword& k) {
          return men.first >= k.first && men.last <= k.last;
        });
      };
      // (nor past a name that stands between the two: "на третьем — Кыргызстан,
      // откуда родом 61 погибший" are Kyrgyzstan's)
      // (a name of a clause of its own: not the claim before's own noun, "About
      // 120 Kyrgyz migrants ...; 40 of them signed")
      const int prev_clause = [&] {
        if (here.empty()) return fclause;
        for (std::size_t j = 0; j < t.size(); ++j)
          if (t[j].start >= here.back().start) return s.clause[j];
        return fclause;
      }();
      const auto named_between = [&](const Mention& men) {
        return men.strength >= Strength::Name && t[men.first].start >= here.back().end &&
               s.clause[men.first] > prev_clause && men.last < f.qual_first && !men.place &&
               !in_metric(men) && !m_pack.force.count(men.subject);
      };
      if ((bare || part) && !here.empty() &&
          std::none_of(s.mentions.begin(), s.mentions.end(), [&](const Mention& men) {
            return (s.clause[men.first] == fclause && !men.place && !in_metric(men)) ||
                   named_between(men);
          })) {
        if (auto carried = last_people(here)) {
          subject = std::move(carried);
          subject_cue = "the people of the claim before it in the sentence";
        }
      }
      // "Двох із них українські військові взяли в полон": a part of the set
      // the sentence before counted is that set's people, not the side a
      // name of this sentence stands for
      if (part && here.empty() && !prev_claims.empty() && subject && m_pack.force.count(*subject)) {
        if (auto carried = last_people(prev_claims)) {
          subject = std::move(carried);
          subject_cue = "the people of the set the sentence before counted";
        }
      }
      // the last mention that fits, two to a few sentences back (the one just
      // before is previous()'s)
      auto named_back = [&](const auto& fits) -> std::optional<std::string> {
        for (std::size_t back = 2; back <= k_citizens_lookback && back <= index; ++back) {
          const Span bs = sentences[index - back];
          const auto bt = tokenize(text.substr(bs.start, bs.end - bs.start), bs.start);
          const auto bm = m_subjects.find(bt, {});
          for (auto men = bm.rbegin(); men != bm.rend(); ++men)
            if (fits(*men)) return men->subject;
        }
        return std::nullopt;
      };
      // the people of the last claim a few sentences back, no party's
      auto counted_just_before = [&]() -> std::optional<std::string> {
        const std::size_t from =
            sentences[index >= k_citizens_lookback ? index - k_citizens_lookback : 0].start;
        for (auto c = out.rbegin(); c != out.rend() && c->start >= from; ++c)
          if (!m_pack.force.count(c->subject) && c->subject != m_aggregate && c->unit == "people")
            return c->subject;
        return std::nullopt;
      };
      auto previous = [&] {
        if (!prev_subject_resolved) {
          prev_subject = previous_subject(text, sentences, index, prev_claims, &prev_firm,
                                          &prev_people, sources, &prev_speaker);
          prev_subject_resolved = true;
        }
        return prev_subject;
      };
      // a sentence that names its own people does not borrow the previous one's
      // (not people named past another figure, which are that figure's: "3,300
      // of those recruits were killed, while 700 mercenaries from 40 countries")
      // (nor does a country that only owns the institution speaking: "- заявил
      // полковник МВД Кубы")
      bool names_own = false;
      for (const auto& men : s.mentions)
        names_own =
            names_own ||
            (men.strength >= Strength::Name && mention_rank(s, men) > k_rank_weak &&
             !men.institution && !is_agent(s, f, best, men) &&
             figures_between(s.figures, s.weak_figures, Gap{f.last + 1, men.first, true}) == 0);
      const bool citizens = !subject && !names_own && counts_citizens(s, f);
      if (citizens) {
        // "Sri Lankan authorities say 59 of the 554 citizens ...": the speaker's
        // own; "по данным правительства Шри-Ланки, 59 граждан": the country
        // whose institution speaks, where no speaker was parsed
        for (const bool institutions : {false, true})
          for (std::size_t mi = 0; mi < s.mentions.size() && !subject; ++mi) {
            const Mention& men = s.mentions[mi];
            const bool spoke =
                institutions ? men.institution : mi < s.in_source.size() && s.in_source[mi];
            if (spoke && !m_pack.force.count(men.subject)) {
              subject = men.subject;
              subject_cue = institutions ? "citizens of the country whose institution speaks"
                                         : "the speaker's own citizens";
            }
          }
      }
      // (not a series the sentence before began: its people go on)
      if (!subject && !names_own && !series_subject &&
          !m_subjects.names_people_at(s.tokens, f.last + 1)) {
        // "Brazil's Foreign Ministry confirmed 11 deaths", "Nepal's embassy
        // said 12 had died": a figure that names no people, told by a state
        // at peace through its institution (not its press), counts its citizens
        for (const Mention& men : s.mentions)
          if (men.institution && men.last < f.qual_first && !m_pack.force.count(men.subject) &&
              s.clause[men.first] == s.clause[f.first] && !press_of(s, men)) {
            subject = men.subject;
            subject_cue = "citizens of the country whose institution tells of them";
            break;
          }
      }
      if (!subject) {
        // "seven POWs, including five Nepalis, a Cuban and a Sierra Leonean":
        // a whole whose parts are of several peoples counts them together
        if (auto several = including_peoples(s, f)) {
          subject = std::move(several);
          subject_cue = "the several peoples it includes";
        }
      }
      if (!subject && adds_to_previous(s, f)) {
        // "12 citizens died, another 16 are missing": the noun left out is the
        // last claim's of this sentence (not a metric's fixed subject)
        if (auto carried = last_people(here)) {
          subject = std::move(carried);
          subject_cue = "the subject of the figure it adds to";
        }
      }
      if (!subject && series_subject) {
        // "convicted 18 people last year, up from six in 2023": the series' own
        subject = series_subject;
        subject_cue = "the subject of the series it goes on";
      } else if (!subject && !names_own) {
        // only people carry over: the claims of the sentence before, or people
        // it names ("Russian citizens"); a country it merely mentions may be anyone's
        subject = previous();
        // (and the people a state acts on: "Sri Lanka's police are
        // investigating. Seven individuals have been arrested")
        const bool acted_on =
            m.state_act && f.last + 1 < t.size() && m_subjects.is_people_noun(t, f.last + 1);
        // (citizens are a country's: "до країни вдалося повернути 119 громадян";
        // so are people a state acts on, where the sentence before named the
        // state: "В Латвии следят за этим. Служба госбезопасности страны
        // возбудила дела против 13 человек")
        if (!prev_people && !((citizens || acted_on) && subject && !m_pack.force.count(*subject)))
          subject.reset();
        subject_cue = "carried over from the sentence before";
        if (!subject && (citizens || acted_on) && prev_speaker) {
          // "Nepal's foreign ministry has confirmed more deaths. So far 33
          // citizens have been killed": the country that spoke, its citizens
          subject = prev_speaker;
          subject_cue = citizens ? "citizens of the country that spoke in the sentence before"
                                 : "people the state that spoke in the sentence before acts on";
        }
        if (!subject && citizens) {
          // "Russia recruited 202 citizens of India. The country's foreign
          // ministry said so. It says 119 citizens were brought home": a
          // country's citizens counted a few sentences before, no party's
          if (auto recent = counted_just_before()) {
            subject = std::move(recent);
            subject_cue = "citizens of the country whose people were counted just before";
          }
        }
        // "Проєкт оприлюднив список білорусів ... . До переліку увійшли 1 132
        // людини. Щонайменше 196 із них загинули": a part of a set ("of them")
        // whose sentence before named no people is of the people counted, or
        // named as people, a few sentences before
        // (or a bare count opening its sentence with a verb next: "Three have
        // been killed and two are being held")
        // (or its reported clause: "he said that three have been killed")
        const bool opens = f.qual_first == 0 ||
                           (m_complementizers.longest_ending_at(t, f.qual_first - 1).has_value());
        const bool bare_opening =
            opens && f.last + 1 < t.size() && t[f.last + 1].kind == TokenKind::Word &&
            !m_subjects.names_people_at(t, f.last + 1) && !m_subjects.is_people_noun(t, f.last + 1);
        const bool part_of_them = m_partitives.longest_at(t, f.last + 1) ||
                                  (f.qual_first > 0 && m_partitives.longest_at(t, 0)) ||
                                  bare_opening;
        if (!subject && part_of_them) {
          if (auto recent = counted_just_before()) {
            subject = std::move(recent);
            subject_cue = "the people counted a few sentences before (a part of them)";
          }
          if (!subject) {
            subject = named_back([&](const Mention& men) {
              return men.strength == Strength::People && !men.institution && !men.official &&
                     !m_pack.force.count(men.subject);
            });
            if (subject) subject_cue = "the people named a few sentences before (a part of them)";
          }
        }
      } else if (subject && rank == k_rank_party && !names_own && m_pack.force.count(*subject) &&
                 !counts_own_troops(s, f)) {
        // only a party to the war here ("Russia recruited 15,000 residents"):
        // the people named just before are firmer. Not when the party speaks
        // ("the 700,000 troops that Putin claims"): it speaks of its own; nor
        // when it owns the troops ("325,000 of its troops dead").
        // Citizens are the speaker's own, where the speaker is of a country at
        // peace ("since the war between Russia and Ukraine began, Nepal's
        // bureau estimates 6,000 citizens were recruited").
        for (std::size_t mi = 0; counts_citizens(s, f) && mi < s.in_source.size(); ++mi)
          if (s.in_source[mi] && !m_pack.force.count(s.mentions[mi].subject)) {
            subject = s.mentions[mi].subject;
            subject_cue = "the speaker's own citizens (the sentence names only a party besides)";
            break;
          }
        if (auto prev = previous();
            prev && prev_firm && *prev != *subject && m_pack.force.count(*subject)) {
          subject = prev;
          subject_cue = "carried over from the sentence before (this one names only a party)";
        }
      }
      // "Россия завербовала около 15 тысяч жителей страны": the people of the
      // country named before, whoever recruited them
      // (in this sentence first: "Парламенту Ганы сообщили, что выехали 272
      // гражданина страны", a country no party to the war, however it is named)
      if ((!subject || m_pack.force.count(*subject)) && of_that_country(s, f)) {
        const Mention* named = nullptr;
        for (const auto& men : s.mentions)
          if (men.last < f.qual_first && men.strength >= Strength::Name &&
              !m_pack.force.count(men.subject))
            named = &men;
        if (named) {
          subject = named->subject;
          subject_cue = "the country named before (\"of the country\")";
        } else if (auto prev = !names_own ? previous() : std::nullopt;
                   prev && !m_pack.force.count(*prev)) {
          subject = prev;
          subject_cue = "the country named before (\"of the country\")";
        } else if (!names_own) {
          // or a few sentences back, by name or by its institution ("Власти
          // Шри-Ланки ... . Об этом заявил глава МИД. ... уничтожили троих
          // граждан страны")
          // (only where no subject was found: a party's stays)
          if (auto back = !subject ? named_back([&](const Mention& men) {
                return (men.strength >= Strength::Name || men.institution) &&
                       !m_pack.force.count(men.subject);
              })
                                   : std::nullopt) {
            subject = std::move(back);
            subject_cue = "the country named a few sentences before (\"of the country\")";
          }
        }
      }
      // "According to Sri Lankan authorities, at least 16 people were reported
      // dead": a bare people noun no sentence names is the speaking state's
      // people, when that state is no party to the war
      if (!subject && !names_own && f.last + 1 < t.size() &&
          m_subjects.is_people_noun(t, f.last + 1)) {
        for (std::size_t mi = 0; mi < s.mentions.size() && !subject; ++mi) {
          const Mention& men = s.mentions[mi];
          const bool speaks = (mi < s.in_source.size() && s.in_source[mi]) || men.official;
          if (speaks && men.last < f.qual_first && !m_pack.force.count(men.subject)) {
            subject = men.subject;
            subject_cue = "the people of the state that speaks";
          }
        }
        // "Police arrested two Sri Lankans. The scheme ran for a year. By
        // Friday nine people had been detained": or the people counted a few
        // sentences before, no party's
        if (auto recent = !subject ? counted_just_before() : std::nullopt) {
          subject = std::move(recent);
          subject_cue = "the people counted just before";
        }
      }
      // (a side alone, "released from the Russian army", names no one's people:
      // such figures were wrong on every article read)
      // "Moscow claimed its troops killed 6,000 mercenaries": people who fight
      // in another country's war, named by no country, are foreigners together
      // (a word may come between: "3,000 foreign-born mercenaries")
      // (and so are those a party's courts try: "Russian courts sentenced 1,004
      // mercenaries" are no Russians)
      const bool party_acts = subject && m_pack.force.count(*subject) && m.state_act;
      // (cases name their people past the case words: "185 уголовных дел в
      // отношении наемников", "40 criminal cases against mercenaries")
      const std::string* counted = counted_unit(s, f);
      const bool cases = m.state_act && ((counted && *counted == "cases") ||
                                         m_case_nouns.longest_at(t, f.last + 1).has_value());
      const std::size_t reach = cases ? 6 : 2;
      for (std::size_t j = f.last + 1; (!subject || party_acts) && m_aggregate && j < t.size() &&
                                       j <= f.last + reach && s.clause[j] == s.clause[f.last];
           ++j)
        if (m_outsiders.longest_at(t, j)) {
          subject = m_aggregate;
          subject_cue = "people who fight in another country's war, named by no country";
          break;
        }
    }
    if (!subject) {
      left_out(fi,
               "no subject: no people, country or aggregate it counts (metric " + metric_cue + ")");
      continue;
    }
    // "His crime: a ticket to Russia on the flight of a group of 11": a party's
    // own figures (its losses, its recruits, its call-ups) are of an army's
    // scale; fewer people, whose noun does not name the party's, are others
    if (!money && f.value < k_min_party_count && m_pack.force.count(*subject) &&
        !names_party_people(s, f, *subject)) {
      // (the people another country's name counts in its clause before the
      // figure, if any: "The number of Nepali nationals confirmed killed in
      // Russia's war has risen to 54")
      const Mention* people = nullptr;
      for (const auto& men : s.mentions)
        if (men.strength == Strength::People && men.last < f.qual_first && !men.place &&
            s.clause[men.first] == fclause && !m_pack.force.count(men.subject))
          people = &men;
      // (or the people of the figure before it, whose number this one goes
      // on with: "33 citizens were missing; by March that number had risen to 41")
      if (!people && !here.empty() && series_word_before(s, f)) {
        subject = here.back().subject;
        if (trace) subject_cue = "the people of the figure whose series it goes on";
      } else if (!people) {
        left_out(fi, "too few for a party's own army, and not named as its people");
        continue;
      } else {
        subject = people->subject;
        if (trace) subject_cue = "the people named before it (too few for a party's own army)";
      }
    }
    // "1.8 million Uzbek citizens went to Russia": no country at peace has sent
    // a million people to the war; so many of its people are migrants or a population
    // (an army's size is no such count: "North Korea's army numbers 1.2 million")
    if (!money && f.value > k_max_peoples_count && !m_pack.force.count(*subject) && !m.force_size) {
      left_out(fi, "too large for a count of a people at peace: a population or migrants");
      continue;
    }
    fig_metric[fi] = metric;
    if (!source_resolved) {
      if (!sources[index]) sources[index] = m_sources.source(text, t);
      source = sources[index]->name;
      if (!source && sources[index]->pronoun)
        source = previous_source(text, sentences, index, sources);
      source_resolved = true;
    }
    if (!periods_done) {
      s.periods = m_context.periods(text, t, ctx);
      periods_done = true;
    }

    if (source && !source_expanded) {
      const std::string full = m_sources.full_name(text, sp.start, *source);
      source = m_sources.canonical(full);
      if (!source) {
        // ("по данным южнокорейской разведки": Russian writes an institution and
        // the people's adjective that says whose in lower case; it is a party)
        const auto mentions = m_subjects.find(tokenize(full, 0), {});
        source = m_sources.canonical(
            full, std::any_of(mentions.begin(), mentions.end(),
                              [](const Mention& men) { return men.institution || men.official; }));
      }
      // ("five Nepalis, a Cuban, and a Sierra-Leonian say": a people's word
      // alone names people, no party that speaks)
      if (source && m_subjects.people_only(tokenize(*source, 0))) source.reset();
      source_expanded = true;
    }

    Claim c;
    c.subject = *subject;
    c.metric = m.name;
    // "200 Yemenis drafted into the Russian army": a call-up is a party's own;
    // others' people drafted into its army were recruited
    // (not when the sentence makes them its citizens: "Russia mobilised 700
    // naturalised Uzbeks")
    bool naturalized = false;
    for (std::size_t j = 0; j < t.size() && m.others_as && !naturalized; ++j)
      naturalized = m_naturalized[*metric].longest_at(t, j).has_value();
    // (in a sentence that names no party, a call-up is the state's own: "В
    // Южной Осетии мобилизовали 200 мужчин"; whose recruits are counted is
    // told no better there)
    // (foreigners have no call-up of their own: "15 мигрантов отправили на
    // военную службу по призыву" were recruited)
    auto own_call_up = [&] {
      const bool party_named =
          !s.forces.empty() ||
          std::any_of(s.mentions.begin(), s.mentions.end(),
                      [&](const Mention& men) { return m_pack.force.count(men.subject) > 0; });
      return !party_named && !(m_aggregate && *subject == *m_aggregate);
    };
    if (m.others_as && !m_pack.force.count(*subject) && !naturalized && !own_call_up()) {
      c.metric = *m.others_as;
      if (trace) metric_cue += ", and its people are no party's: " + c.metric;
    }
    // "Ten Bangladeshis were trafficked ... Then the ten were pushed to the
    // front": a definite figure an earlier sentence counted refers back to
    // those people, as they were counted there (annotation.md: a repeat)
    if (!money && f.qualifier == "exact" && f.qual_first == f.first && f.first > 0 &&
        m_determiners.longest_ending_at(t, f.first - 1)) {
      for (auto e = out.rbegin(); e != out.rend(); ++e)
        if (e->start < sp.start && e->unit == "people" && e->value == f.value) {
          c.subject = e->subject;
          c.metric = e->metric;
          if (trace) subject_cue = "the people an earlier sentence counted, referred back to";
          break;
        }
    }
    c.value = f.value;
    c.low = f.low;
    c.high = f.high;
    c.qualifier = f.qualifier;
    if (series_exact) {
      c.qualifier = "exact";
      c.low = c.high = f.value;
    }
    c.unit = unit_of(s, f, m);
    c.source = source;
    // "Two Nigerians captured in Luhansk told reporters": the people counted
    // are the speakers, so no party vouches for their number
    if (const auto v = sources[index] ? sources[index]->verb : std::nullopt;
        source && v && *v > f.last && s.clause[*v] == fclause)
      c.source.reset();
    set_period(s, f, c);
    if (money) {
      // pay at a rate: "190,000 rubles a month", "a monthly wage of $1,800";
      // past a conversion in brackets right after the sum ("316 тыс. шиллингов
      // (почти 200 тыс. руб.) в месяц"), whose rate is the sum's too
      std::size_t after = f.last + 2;
      if (f.last + 1 < t.size() && t[f.last + 1].lower == "(")
        for (std::size_t j = f.last + 2; j < t.size() && j <= f.last + 12; ++j)
          if (t[j].lower == ")") {
            after = j + 2;
            break;
          }
      for (std::size_t j = f.qual_first >= 4 ? f.qual_first - 4 : 0; j <= after; ++j) {
        if (j >= f.qual_first && j <= f.last) continue;
        if (auto r = m_rates.longest_at(t, j); r && (j > f.last || r->last < f.qual_first)) {
          c.period = words(r->first, r->last);
          break;
        }
      }
    }
    c.force = force_of(s, f);
    // "31,000 Ukrainian soldiers": a side's own people fight for that side
    if (c.unit == "people" && m_pack.force.count(c.subject)) c.force = c.subject;
    c.quote = std::string(text.substr(sp.start, sp.end - sp.start));
    c.start = t[f.first].start;
    c.end = t[f.last].end;
    if (auto* n = note(fi)) {
      n->subject_cue = subject_cue;
      n->metric_cue = metric_cue;
      n->source_cue = source ? "\"" + *source + "\"" : "none named";
      n->period_cue = c.period ? "\"" + *c.period + "\"" : "none";
      n->claim = c;
    }
    here.push_back(std::move(c));
  }
  // "citizens of Kenya, Ghana and Zambia: 9, 6 and 4 respectively": a list of
  // figures takes, in order, the names of the one list of names as long as it
  // (people counted, not sums, and not when the names are places: "in Kursk
  // and Donetsk")
  bool respectively = false;
  for (std::size_t j = 0; j < t.size() && here.size() >= 2 && !respectively; ++j)
    respectively = m_respectively.longest_at(t, j).has_value();
  if (respectively) {
    const bool people =
        std::all_of(here.begin(), here.end(), [](const Claim& c) { return c.unit == "people"; });
    const auto runs = std::count_if(s.lists.begin(), s.lists.end(), [&](const auto& run) {
      return run.second - run.first + 1 == here.size();
    });
    for (const auto& [first, last] : s.lists) {
      if (!people || runs != 1 || last - first + 1 != here.size()) continue;
      if (std::any_of(s.mentions.begin() + static_cast<std::ptrdiff_t>(first),
                      s.mentions.begin() + static_cast<std::ptrdiff_t>(last) + 1,
                      [](const Mention& m) { return m.place; }))
        continue;
      for (std::size_t i = 0; i < here.size(); ++i) here[i].subject = s.mentions[first + i].subject;
      if (trace)
        for (std::size_t fi = 0, ci = 0; fi < s.figures.size() && ci < here.size(); ++fi)
          if (auto* n = note(fi); n && n->claim) {
            n->claim = here[ci++];
            n->subject_cue = "the name in the same place of the list, \"respectively\"";
          }
    }
  }
  // "On Kyiv's side 300 Belarusians fight. 48 Belarusians have died since 2022.":
  // a sentence that names no side goes on with the side of the one before, when
  // that gave its claims about the same subject one side
  if (s.forces.empty()) {
    for (Claim& c : here) {
      std::optional<std::string> side;
      bool one_side = true;
      for (const Claim& p : prev_claims) {
        if (p.subject != c.subject) continue;
        if (!p.force || (side && *side != *p.force)) one_side = false;
        side = p.force;
      }
      if (one_side && side) c.force = side;
    }
    if (trace) {
      for (std::size_t fi = 0, ci = 0; fi < s.figures.size() && ci < here.size(); ++fi)
        if (auto* n = note(fi); n && n->claim) n->claim = here[ci++];
    }
  }
  out.insert(out.end(), here.begin(), here.end());
  prev_claims = std::move(here);
}

bool CompiledPack::of_a_whole(const Sentence& s, const Figure& f) const {
  for (std::size_t j = f.qual_first >= 4 ? f.qual_first - 4 : 0; j < f.qual_first; ++j)
    if (auto h = m_fractions.longest_at(s.tokens, j); h && h->last < f.qual_first) return true;
  return false;
}

bool CompiledPack::press_of(const Sentence& s, const Mention& m) const {
  for (std::size_t j = m.last + 1; j < s.tokens.size() && j <= m.last + 3; ++j)
    if (m_press.longest_at(s.tokens, j)) return true;
  return false;
}

bool CompiledPack::counts_own_troops(const Sentence& s, const Figure& f) const {
  for (std::size_t j = f.last + 1; j < s.tokens.size() && j <= f.last + 3; ++j)
    if (const auto p = m_possessives.longest_at(s.tokens, j))
      return m_subjects.is_servicemen(s.tokens, p->last + 1);
  return false;
}

bool CompiledPack::counts_citizens(const Sentence& s, const Figure& f) const {
  const auto& t = s.tokens;
  for (std::size_t j = f.last + 1; j < t.size() && j <= f.last + 5; ++j) {
    if (is_clause_break(t[j])) return false;
    if (m_citizens.longest_at(t, j)) return true;
  }
  return false;
}

std::optional<std::string> CompiledPack::including_peoples(const Sentence& s,
                                                           const Figure& f) const {
  if (!m_aggregate) return std::nullopt;
  const auto& t = s.tokens;
  for (std::size_t j = f.last + 1; j < t.size() && j <= f.last + k_including_gap; ++j) {
    const auto inc = m_partitives.longest_at(t, j);
    if (!inc) continue;
    std::set<std::string> peoples;
    for (const auto& m : s.mentions)
      if (m.first > inc->last && m.first <= inc->last + k_including_span &&
          m.strength >= Strength::Weak && !m.place && !m_pack.force.count(m.subject))
        peoples.insert(m.subject);
    if (peoples.size() >= 2) return m_aggregate;
    return std::nullopt;
  }
  return std::nullopt;
}

bool CompiledPack::names_party_people(const Sentence& s, const Figure& f,
                                      const std::string& party) const {
  const int fclause = s.clause[f.first];
  for (const auto& m : s.mentions)
    if (m.subject == party && m.first > f.last && m.first <= f.last + k_party_noun_gap &&
        s.clause[m.first] == fclause)
      return true;
  return false;
}

bool CompiledPack::adds_to_previous(const Sentence& s, const Figure& f) const {
  if (m_additions.empty()) return false;
  const auto& t = s.tokens;
  return (f.qual_first >= 1 && m_additions.longest_ending_at(t, f.qual_first - 1)) ||
         m_additions.longest_at(t, f.last + 1);
}

bool CompiledPack::of_that_country(const Sentence& s, const Figure& f) const {
  const auto& t = s.tokens;
  for (std::size_t j = f.last + 2; j < t.size() && j <= f.last + 4; ++j)
    if (m_subjects.is_people_noun(t, j - 1) && m_anaphors.longest_at(t, j)) return true;
  return false;
}

int CompiledPack::mention_rank(const Sentence& s, const Mention& m) const {
  const auto index = static_cast<std::size_t>(&m - s.mentions.data());
  // the speaker of the sentence ranks lowest
  if (index < s.in_source.size() && s.in_source[index]) return k_rank_speaker;
  // a place ("sent to Russia") says where; a party to the war named as a
  // country ("talks with Russia") mostly says whose side: both rank below
  // even an adjective ("the South African government"); so does a party the
  // people came from ("Из России в Кению вернулись 18 из 82 граждан")
  if (m.place || ((m.strength < Strength::People || m.away) && m_pack.force.count(m.subject) > 0))
    return k_rank_party;
  return k_rank_weak + 4 * (static_cast<int>(m.strength) - static_cast<int>(Strength::Weak));
}

std::size_t CompiledPack::listed_peoples(const Sentence& s, const Mention& m) const {
  const auto at = static_cast<std::size_t>(&m - s.mentions.data());
  for (const auto& [first, last] : s.lists) {
    if (at < first || at > last) continue;
    std::vector<std::string_view> peoples;
    for (std::size_t i = first; i <= last; ++i) {
      const auto& n = s.mentions[i];
      // (a party in the list is one of its peoples only when the list opens
      // with a party: "22 citizens of Ukraine, Russia and Tajikistan")
      const bool party_aside = m_pack.force.count(n.subject) && !m_pack.force.count(m.subject);
      if (party_aside || n.strength < Strength::Weak) continue;
      if (std::find(peoples.begin(), peoples.end(), n.subject) == peoples.end())
        peoples.push_back(n.subject);
    }
    return peoples.size();
  }
  return 1;
}

bool CompiledPack::is_agent(const Sentence& s, const Figure& f, const std::optional<Keyword>& verb,
                            const Mention& m) const {
  // ("Russia recruited 417,000 contract soldiers" are Russia's: only a metric
  // the other side inflicts says the doer is not the counted)
  // the verb just before the figure, in its clause ("завербовала в свои ряды около 15 тысяч")
  if (!verb || !m_pack.metrics[verb->metric].inflicted) return false;
  // ("Russia lost 5,000 soldiers": the side that suffers it counts its own)
  if (const auto own = m_suffered[verb->metric].longest_at(s.tokens, verb->first);
      own && own->last >= verb->last)
    return false;
  if (verb->last >= f.qual_first || f.qual_first - verb->last > 4) return false;
  const int c = s.clause[f.first];
  if (s.clause[verb->first] != c || s.clause[m.first] != c || m.last >= verb->first) return false;
  return m_pack.force.count(m.subject) > 0;
}

std::optional<std::string> CompiledPack::choose_subject(
    const Sentence& s, const Figure& f, const std::optional<Keyword>& verb, std::string* cue,
    int* rank, const std::optional<PhraseMatch>& frame) const {
  const auto& t = s.tokens;
  auto said = [&](const Mention& m, const char* how) -> std::optional<std::string> {
    if (rank) *rank = mention_rank(s, m);
    // "men from Asia, Africa and the Middle East": several countries together
    if (m_aggregate && listed_peoples(s, m) >= 2) {
      if (cue) *cue = std::string(how) + " several countries listed together";
      return m_aggregate;
    }
    if (cue) {
      *cue = std::string(how) + " \"";
      for (std::size_t i = m.first; i <= m.last; ++i) *cue += (i > m.first ? " " : "") + t[i].lower;
      *cue += "\"";
    }
    return m.subject;
  };
  const int fclause = s.clause[f.first];
  // a place after the figure says where ("killed in Ukraine"), not whose people
  // and an adjective inside the attribution names the speaker's side, not the
  // people counted ("according to Ukrainian intelligence, 157 signed")
  // ...unless the figure counts the speaker's own ("5,000 of their citizens")
  bool own = false, own_people = false;  // "of its nationals": a possessive, then people
  // ("з іх", "of them": a partitive's pronoun is no possessive)
  const auto part = m_partitives.longest_at(t, f.last + 1);
  for (std::size_t j = part ? part->last + 1 : f.last + 1; j < t.size() && j <= f.last + 3; ++j)
    if (const auto p = m_possessives.longest_at(t, j)) {
      own = true;
      own_people = own_people || m_subjects.is_people_noun(t, p->last + 1);
    }
  auto usable = [&](const Mention& m) {
    const auto index = static_cast<std::size_t>(&m - s.mentions.data());
    // (unless the speaker is the state that acts: "Cuba's interior ministry
    // said it had arrested 17 people")
    const bool state_speaks =
        (m.institution || m.official) && verb && m_pack.metrics[verb->metric].state_act;
    const bool speaker = index < s.in_source.size() && s.in_source[index];
    const bool speaker_adjective =
        m.strength == Strength::Weak && !m.actor && !own && !state_speaks && speaker;
    // a relative clause without the figure tells of the noun before it ("the
    // region, which Ukrainian troops entered, received 11,000 soldiers")
    const auto mc = static_cast<std::size_t>(s.clause[m.first]);
    const bool elsewhere = s.clause[m.first] != fclause && s.relative[mc];
    // "Two men in Uzbekistan were convicted": people in a country at peace are its people
    const bool residents = m.place && m.first == f.last + 3 &&
                           m_subjects.is_people_noun(t, f.last + 1) &&
                           !m_pack.force.count(m.subject);
    // "Из России в Кению вернулись 18": people come home from where they were
    // (and so does a party the people come home from: "brought home 30
    // ex-soldiers from Russia")
    const bool left_behind = (m.away || (m.origin && m_pack.force.count(m.subject))) && verb &&
                             m_pack.metrics[verb->metric].homecoming;
    // "a hearing in the US Congress": an institution's country counts no one
    // (unless it counts its own: "Kenya's embassy said 40 of its citizens", or
    // acts on them: "Kazakhstan's courts convicted 18 people")
    const bool institution =
        m.institution && !own && !(verb && m_pack.metrics[verb->metric].state_act);
    // "97 criminal cases were opened in Kazakhstan": the country whose courts
    // act is the subject of a state's act, and a place names it
    const bool state_place =
        m.place && verb && m_pack.metrics[verb->metric].state_act && !m_pack.force.count(m.subject);
    // "1,100 soldiers returned to North Korea": people come home to their own country
    const bool home = m.place && verb && m_pack.metrics[verb->metric].homecoming &&
                      !m_pack.force.count(m.subject);
    // a name inside the figure's own metric phrase ("в Россию выехали") is where
    // they went, not who they are
    // (a phrase around the figure names its people inside: "taken 6 Cuban
    // mercenaries prisoner")
    const bool in_verb = verb && m.first >= verb->first && m.last <= verb->last &&
                         (verb->last < f.qual_first || verb->first > f.last);
    // "Украинские силы задержали двух камерунцев": the side in the frame that
    // makes a detention a capture holds the people; it is not them
    const bool in_frame = frame && m.first >= frame->first && m.last <= frame->last;
    return m.strength >= Strength::Weak && (m.last < f.qual_first || m.first > f.last) &&
           !in_verb && !in_frame && !left_behind && !institution &&
           !(m.place && m.first > f.last && !residents && !state_place && !home) &&
           !speaker_adjective && !elsewhere && !is_agent(s, f, verb, m);
  };
  // "sent 11,000 troops to Russia": a destination names where, not who
  auto destination = [&](const Mention& m) {
    return m.first > 0 && m.strength < Strength::People &&
           (t[m.first - 1].lower == "to" || t[m.first - 1].lower == "into");
  };
  // "27 громадян Шрі-Ланки та 11 — Непалу": after another figure, a dash and
  // a country that ends the item stand for the noun left out, and name its people
  if (f.last + 2 < t.size() && t[f.last + 1].lower == "\xE2\x80\x94" &&
      s.figures.front().first < f.first)
    for (const Mention& m : s.mentions) {
      const std::size_t n = m.last + 1;
      if (m.first == f.last + 2 && m.strength >= Strength::Name && !m.actor &&
          (n >= t.size() || t[n].kind == TokenKind::Punct || m_conjunctions.longest_at(t, n)))
        return said(m, "the country after the dash, for the noun left out,");
    }
  // "600 Belarusians", "35 Indian citizens", "5,000 of their citizens"
  for (std::size_t mi = 0; mi < s.mentions.size(); ++mi) {
    const Mention& m = s.mentions[mi];
    // ("Cuba busts 17 in Russian trafficking scheme": what follows a
    // preposition is not what the number counts)
    if (!usable(m) || destination(m) || m.first <= f.last || m.first > f.last + 3 ||
        s.clause[m.first] != fclause || m.after_place_word)
      continue;
    // (nor what follows a conjunction or a comma right after the figure: in
    // "Algeria with 60 and South Africa with 35" the country is the next item's)
    bool past_preposition = false;
    for (std::size_t j = f.last + 1; j < m.first; ++j)
      past_preposition = past_preposition || m_prepositions.longest_at(t, j).has_value() ||
                         (j == f.last + 1 &&
                          (is_clause_break(t[j]) || m_conjunctions.longest_at(t, j).has_value()));
    if (past_preposition) continue;
    // "300 migrants from Central Asia", "12 foreign fighters from Nepal": the
    // aggregate's origin, named right after it, says whose people they are
    if (mi + 1 < s.mentions.size() && m_aggregate && m.subject == *m_aggregate) {
      const Mention& origin = s.mentions[mi + 1];
      // (not the people of another figure: "Среди 1400 пленных иностранцев 155
      // граждан Китая")
      const bool own_origin =
          figures_between(s.figures, s.weak_figures, Gap{m.last + 1, origin.first, true}) == 0;
      // (not a place the sentence names: "1400 иностранцев содержатся в
      // украинских лагерях для военнопленных")
      if (origin.strength == Strength::People && !origin.away && !origin.after_place_word &&
          origin.first > m.last && origin.first <= m.last + 3 &&
          s.clause[origin.first] == fclause && own_origin && usable(origin))
        return said(origin, "the origin of the noun it counts,");
    }
    return said(m, "the noun it counts,");
  }
  // "more than 8,500 from Europe, more than 1,700 from Asia": an origin right
  // after the figure, with no noun between, says whose people it counts
  for (const Mention& m : s.mentions) {
    if (!m.origin || m.first <= f.last + 1 || m.first > f.last + 4 ||
        s.clause[m.first] != fclause || m_pack.force.count(m.subject) || !usable(m))
      continue;
    bool plain = true;
    for (std::size_t j = f.last + 1; j < m.first && plain; ++j)
      plain = t[j].kind == TokenKind::Word && !m_subjects.is_people_noun(t, j);
    if (plain) return said(m, "the origin named right after it,");
    break;
  }
  // "followed by Georgia (50) and the United Kingdom (23)", "followed by
  // Algeria with 60": a figure a ranking gives a name counts that name's people
  if (const Mention* m = ranking_name(s, f, usable))
    return said(*m, "the name its ranking gives the figure,");
  // "550 of those confirmed deaths were foreign nationals"; a partitive goes on
  // across a dash: "более 300 из них — выходцы из Африки"
  const auto partitive = m_partitives.longest_at(t, f.last + 1);
  // and so does a bare people noun: "272 особи – громадяни Гани"
  auto reaches = [&](const Mention& m) {
    if (s.clause[m.first] == fclause) return true;
    if (s.clause[m.first] != fclause + 1) return false;
    std::size_t from = f.last + 1;
    if (partitive)
      from = partitive->last + 1;
    else if (from < t.size() && m_subjects.is_people_noun(t, from))
      ++from;
    else if (!(f.qual_first > 0 && m_partitives.longest_ending_at(t, f.qual_first - 1)))
      return false;  // (a part before it reaches too: "з іх 7 тыс. — замежнікі")
    for (std::size_t j = from; j < m.first; ++j)
      if (is_clause_break(t[j])) return t[j].lower == "\xE2\x80\x94";
    return false;
  };
  // (not when the figure counts the speaker's own: "rescued 27 of its
  // nationals from Russia" are the speaker's people, not Russia's)
  for (const auto& m : s.mentions)
    if (!own_people && usable(m) && m.strength == Strength::People && m.first > f.last &&
        m.first <= f.last + 8 && reaches(m))
      return said(m, "people named after it,");
  // "Togo confirmed that one of its citizens": the possessive points to the
  // nearest country before it that is no party to the war
  if (own) {
    // (not one in brackets: "Ботсвана (держава на півдні Африки) заявила, що
    // Росія завербувала двох її громадян")
    auto bracketed = [&](const Mention& m) {
      int depth = 0;
      for (std::size_t j = 0; j < m.first; ++j)
        depth += t[j].lower == "(" ? 1 : t[j].lower == ")" ? -1 : 0;
      return depth > 0;
    };
    for (auto m = s.mentions.rbegin(); m != s.mentions.rend(); ++m)
      if (m->last < f.qual_first && m->strength >= Strength::Name &&
          !m_pack.force.count(m->subject) && usable(*m) && !bracketed(*m))
        return said(*m, "the country its possessive points to,");
    // "The Kremlin ... a war that has left 325,000 of its troops dead": with no
    // such country, the first party of the sentence, its subject, counts its own people
    if (own_people)
      for (const Mention& m : s.mentions)
        if (m.last < f.qual_first && m_pack.force.count(m.subject) && !m.place &&
            !m.after_place_word && !bracketed(m))
          return said(m, "the party its possessive points to,");
    // "“We have lost 12 of our boys,” said Nepal's foreign minister": with no
    // country before it, "our" is the speaker's
    for (std::size_t mi = 0; mi < s.mentions.size() && mi < s.in_source.size(); ++mi)
      if (s.in_source[mi] && s.mentions[mi].first > f.last &&
          !m_pack.force.count(s.mentions[mi].subject))
        return said(s.mentions[mi], "the speaker its possessive points to,");
  }
  // "Georgia is followed by Canada, which has sent 1,005 mercenaries": a figure
  // in a relative clause counts the people of the name the clause is about,
  // not of the sentence's subject
  if (s.relative[static_cast<std::size_t>(fclause)]) {
    std::size_t r = s.clause_first[static_cast<std::size_t>(fclause)];
    while (r < f.qual_first && !s.relative_word[r]) ++r;
    // (the break before the relative word, or before its preposition: ", in which")
    std::size_t k = r;
    if (k >= 1 && t[k - 1].kind == TokenKind::Word) --k;
    if (r < f.qual_first && k >= 2 && t[k - 1].lower == ",")
      for (const auto& m : s.mentions)
        if (m.last == k - 2 && m.strength >= Strength::Name && !m.away && usable(m) &&
            !m_pack.force.count(m.subject))
          return said(m, "the name its relative clause is about,");
  }
  // the strongest mention before the figure in its clause, nearest first; then
  // in the clauses before ("Among South Asian countries, Nepal lost 41": Nepal)
  // (a party, a place or the speaker in its own clause yields to firmer people
  // in the clauses before: "Nepalis are out of contact, though Russia confirmed 40")
  const int weak = k_rank_weak;
  auto firmness = [&](const Mention& m) { return mention_rank(s, m); };
  // "Russia has sent thousands", "на допомогу Росії направлено 11 000": a party
  // to the war named near a figure that serves is whom they serve or who sent
  // them, not the people counted, when no noun says who they are
  const bool serves = verb && m_pack.metrics[verb->metric].describes;
  auto counted = [&](const Mention& m) {
    return usable(m) && !(serves && m_pack.force.count(m.subject));
  };
  struct Pass {
    bool same_clause;
    int min_rank;
  };
  for (const Pass pass :
       {Pass{true, weak + 1}, Pass{false, weak + 1}, Pass{true, 0}, Pass{false, 0}}) {
    const Mention* left = nullptr;
    for (const auto& m : s.mentions)
      if (counted(m) && m.last < f.qual_first &&
          (!pass.same_clause || s.clause[m.first] == fclause) && firmness(m) >= pass.min_rank &&
          (!left || firmness(m) >= firmness(*left)))
        left = &m;
    if (left) return said(*left, "the strongest mention before it,");
  }
  for (const auto& m : s.mentions) {
    if (!counted(m) || m.first <= f.last || s.clause[m.first] != fclause) continue;
    // ("lost 5,000 soldiers near Kyiv": where, not whose)
    if (m.first >= 1 && m_prepositions.longest_ending_at(t, m.first - 1)) continue;
    return said(m, "a mention after it in its clause,");
  }
  // "Nearly 20 people still remain in the Russian army, and we are pressing
  // for the discharge of all remaining Indians": people named later in the
  // sentence, with no other figure between, are the ones it counts
  // (only for a figure of a bare people noun: "20 people")
  const bool bare_people = f.last + 1 < t.size() && m_subjects.is_people_noun(t, f.last + 1);
  for (const auto& m : s.mentions) {
    if (!bare_people) break;
    if (!counted(m) || m.first <= f.last || m.strength != Strength::People ||
        m_pack.force.count(m.subject))
      continue;
    const bool between = std::any_of(s.figures.begin(), s.figures.end(), [&](const Figure& o) {
      return o.first > f.last && o.first < m.first;
    });
    if (between) break;
    return said(m, "people named later in the sentence,");
  }
  return std::nullopt;
}

std::optional<std::string> CompiledPack::unit_of(const Sentence& s, const Figure& f,
                                                 const MetricDef& m) const {
  if (f.currency) return f.currency;
  if (m.unit == "cases") return std::string("cases");
  if (const std::string* u = counted_unit(s, f)) return *u;
  if (m.state_act && m_case_nouns.longest_at(s.tokens, f.last + 1)) return std::string("cases");
  return std::string("people");
}

bool CompiledPack::speakers_count(const Sentence& s, const Figure& f) const {
  const auto& t = s.tokens;
  // the figure, up to two words, an institution's noun, then a saying verb;
  // or an informants' phrase with its verb ("two people say": not "300 people
  // reported missing", which a saying verb alone would take)
  for (std::size_t j = f.last + 1; j < t.size() && j <= f.last + 3; ++j) {
    if (t[j].kind != TokenKind::Word) return false;
    if (m_informants.longest_at(t, j)) return true;
    if (const auto i = m_institution_nouns.longest_at(t, j))
      return i->last + 1 < t.size() && m_saying.longest_at(t, i->last + 1).has_value();
  }
  return false;
}

bool CompiledPack::paid_to_broker(const Sentence& s, const Figure& f, int fclause) const {
  const auto& t = s.tokens;
  // a broker among the few words after `from`, in the clause, not past a payer
  // mark ("paid $2,000 by the agency": the broker pays)
  auto broker_after = [&](std::size_t from) {
    for (std::size_t j = from; j < t.size() && j < from + k_broker_gap; ++j) {
      if (s.clause[j] != fclause || m_payer_marks.longest_at(t, j)) return false;
      if (m_brokers.longest_at(t, j)) return true;
    }
    return false;
  };
  bool pays = false;
  for (std::size_t k = 0; k < t.size(); ++k) {
    if (s.clause[k] != fclause) continue;
    // "the ring earned more than $1 million": what a broker earns is its income
    if (k < f.qual_first && m_earners.longest_at(t, k))
      for (std::size_t j = k + 1; j < f.qual_first && j <= k + k_broker_gap; ++j)
        if (m_income_verbs.longest_at(t, j)) return true;
    if (const auto v = m_payer_verbs.longest_at(t, k)) {
      pays = true;
      if (broker_after(v->last + 1)) return true;
    }
  }
  return pays && broker_after(f.last + 1);
}

bool CompiledPack::civilian_pay(const Sentence& s, const Figure& f, int fclause) const {
  const auto& t = s.tokens;
  bool earns = false;
  for (std::size_t j = f.qual_first > k_broker_gap ? f.qual_first - k_broker_gap : 0;
       j < f.qual_first && !earns; ++j)
    earns = s.clause[j] == fclause && m_income_verbs.longest_at(t, j).has_value();
  if (!earns) return false;
  // (the work is the figure's own: no other figure stands between them, so
  // "200,000 rubles at the front, against $300 driving a taxi" keeps the first)
  const auto fi = static_cast<std::size_t>(&f - s.figures.data());
  const std::size_t lo = fi > 0 ? s.figures[fi - 1].last + 1 : 0;
  const std::size_t hi = fi + 1 < s.figures.size() ? s.figures[fi + 1].qual_first : t.size();
  for (std::size_t j = lo; j < hi; ++j)
    if (s.clause[j] == fclause && m_civilian_work.longest_at(t, j)) return true;
  return false;
}

const std::string* CompiledPack::counted_unit(const Sentence& s, const Figure& f) const {
  for (std::size_t j = f.last + 1; j < s.tokens.size() && j <= f.last + 2; ++j)
    if (auto u = m_unit_phrases.longest_at(s.tokens, j))
      return &m_unit_names[static_cast<std::size_t>(u->id)];
  return nullptr;
}

void CompiledPack::set_period(const Sentence& s, const Figure& f, Claim& c) const {
  const PeriodHit* best = nullptr;
  int best_score = 0;
  for (const auto& p : s.periods) {
    if (p.last >= f.qual_first && p.first <= f.last) continue;
    // another clause's time belongs to that clause, unless it opens the sentence
    if (s.clause[p.first] != s.clause[f.first] && p.first != 0) continue;
    const Gap g = gap_between(f, p.first, p.last);
    const int score =
        static_cast<int>(g.to - g.from) + (g.after ? 0 : 1) +
        k_other_figure_penalty * static_cast<int>(figures_between(s.figures, s.weak_figures, g));
    if (!best || score < best_score) {
      best = &p;
      best_score = score;
    }
  }
  if (!best) return;
  c.period = best->text;
  c.as_of = best->as_of;
}

std::optional<std::string> CompiledPack::force_of(const Sentence& s, const Figure& f) const {
  const ForceHit* best = nullptr;
  int best_score = 0;
  for (const auto& h : s.forces) {
    const Gap g = gap_between(f, h.first, h.last);
    const int score =
        static_cast<int>(g.to - g.from) + 20 * std::abs(s.clause[h.first] - s.clause[f.first]);
    if (!best || score < best_score) {
      best = &h;
      best_score = score;
    }
  }
  if (!best) return std::nullopt;
  return best->side;
}

}  // namespace nw::claims
