// One sentence's figures to claims: numbers, metric, subject, source, period,
// and every reason a figure is left out.
#include "claims/engine_sentence.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <sstream>
#include <tuple>

namespace nw::claims {
using namespace engine_detail;

namespace {

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
  // "1 тыс. граждан стран Центральной Азии": the point of an abbreviated scale
  // before the people it counts is the figure's, so that their noun and its
  // country stand as near as after "1000" (only before a people noun: the
  // words after "10 тыс. получивших гражданство РФ мигрантов" are no noun)
  for (auto& f : s.figures) {
    const std::size_t d = f.last + 1;
    if (!f.currency && f.last > f.first && t[f.last].kind == TokenKind::Word && d + 1 < t.size() &&
        t[d].lower == "." && !t[d].space_before && m_subjects.names_people_at(t, d + 1))
      f.last = d;
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
      // (nor does a figure whose clause vetoes that metric: "a monthly salary
      // of $2,500, while pocketing $1,000 for every man they brought in")
      const auto& vetoes = s.excluded[*fig_metric[fi - 1]];
      const bool vetoed_here =
          std::any_of(vetoes.begin(), vetoes.end(),
                      [&](const PhraseMatch& ex) { return s.clause[ex.first] == fclause; });
      if (same_kind && !keyword_between && !vetoed_here &&
          f.qual_first - p.last <= k_max_inherit_gap &&
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
      metric = series_metric(p, f);
      if (metric) {
        metric_cue = "a series going on from the sentence before";
        series_subject = p.subject;
      }
    }
    // "opened 26 criminal cases ... In 2023 the figure was 11": words right
    // before the figure that point back at a figure take the last claim of
    // this sentence or the two before, its metric and its people
    if (!metric && !vague && f.qual_first > 0 &&
        m_figure_anaphors.longest_ending_at(t, f.qual_first - 1)) {
      const std::size_t from = sentences[index >= 2 ? index - 2 : 0].start;
      if (const Claim* p = !here.empty()                              ? &here.back()
                           : !out.empty() && out.back().start >= from ? &out.back()
                                                                      : nullptr) {
        metric = series_metric(*p, f);
        if (metric) {
          metric_cue = "the figure before it that the words before it point back at";
          series_subject = p->subject;
        }
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
      auto h = m_hypotheticals.longest_at(t, j);
      if (h && m_abilities.longest_at(t, j)) h.reset();
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
             !men.institution && !is_agent(s, f, best, men) && !on_route(s, men) &&
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

}  // namespace nw::claims
