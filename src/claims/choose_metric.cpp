// Which metric word governs each figure of a sentence: scoring words against
// figures, partitives, lists, series and rankings.
#include "claims/engine_sentence.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <sstream>
#include <tuple>

namespace nw::claims {
using namespace engine_detail;

namespace {

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

std::optional<std::size_t> CompiledPack::series_metric(const Claim& c, const Figure& f) const {
  // (a sum goes on in its own currency, a head count in people; a count of
  // cases goes on as a bare figure: "opened 26 criminal cases. In 2023 the
  // figure was 11")
  const bool money = f.currency.has_value();
  const bool unit_fits =
      c.unit.value_or("") == (money ? *f.currency : "people") || (!money && c.unit == "cases");
  if (!unit_fits) return std::nullopt;
  for (std::size_t mi = 0; mi < m_pack.metrics.size(); ++mi)
    if (m_pack.metrics[mi].name == c.metric && !m_pack.metrics[mi].subject) return mi;
  return std::nullopt;
}

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

}  // namespace nw::claims
