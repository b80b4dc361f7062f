// Compiling a rule pack, the prefilter, and what carries from one sentence to the next.
#include "claims/engine_sentence.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <sstream>
#include <tuple>

namespace nw::claims {
using namespace engine_detail;

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

std::string longest_literal(const std::vector<Term>& terms) {
  std::string best;
  for (const Term& t : terms)
    if ((t.kind == Term::Kind::Exact || t.kind == Term::Kind::Prefix) &&
        t.text.size() > best.size())
      best = t.text;
  return best;
}

// A literal for the prefilter regexes that matches any apostrophe the
// tokenizer folds to "'" ("дев’ятеро" in the text, "дев'ятеро" in the pack),
// and "ё" where it folds "ё" to "е" ("наёмничеству" in the text).
std::string literal_pattern(std::string_view lit) {
  std::string out;
  std::size_t from = 0;
  // a word's first "у" may be written "ў" (the tokenizer reads both as "у")
  if (lit.substr(0, 2) == "\xD1\x83") {
    out = "(?:\xD1\x83|\xD1\x9E)";
    from = 2;
  }
  std::size_t at = from;
  auto flush = [&](std::size_t end) { out += RE2::QuoteMeta(lit.substr(from, end - from)); };
  while (at < lit.size()) {
    if (lit[at] == '\'') {
      flush(at);
      out += "(?:'|\xE2\x80\x99|\xE2\x80\x98|\xCA\xBC|\xCA\xBB)";
      from = at += 1;
    } else if (lit.substr(at, 2) == "\xD0\xB5") {  // е
      flush(at);
      out += "(?:\xD0\xB5|\xD1\x91)";
      from = at += 2;
    } else {
      ++at;
    }
  }
  flush(lit.size());
  return out;
}

}  // namespace

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
  // a sentence holding the longest literal of `phrase` passes the prefilter
  auto prefilter_on = [&](const std::string& phrase) {
    if (const auto terms = compile_terms(phrase))
      if (const std::string lit = longest_literal(*terms); !lit.empty())
        m_prefilter->Add(literal_pattern(lit), nullptr);
  };
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
      if (m_metric_nouns.add(n, static_cast<int>(mi))) prefilter_on(n);
    }
    // (a sum and a head count look words up apart: "back home" is a homecoming
    // for people and pay earned at home for a sum, and neither shadows the other)
    PhraseSet& phrases = money ? m_money_phrases : m_people_phrases;
    for (const auto& k : m.keywords) {
      if (!phrases.add(k, static_cast<int>(mi))) continue;
      prefilter_on(k);
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
  // (and "In 2023 the figure was 11" goes on with a claim two sentences back)
  for (const auto& w : m_pack.figure_anaphors)
    if (m_figure_anaphors.add(w, 0)) prefilter_on(w);
  for (const auto& w : m_pack.series) prefilter_on(w);
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
    words += "|" + literal_pattern(fold_case(w));
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
  for (const auto& w : m_pack.abilities) m_abilities.add(w, 0);
  for (const auto& w : m_pack.compatriots) m_compatriots.add(w, 0);
  for (const auto& w : m_pack.doer_marks) m_doer_marks.add(w, 0);
  for (const auto& w : m_pack.routes) m_routes.add(w, 0);
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
  // ("о соотечественниках": compatriots are the speaker's own by themselves)
  for (std::size_t j = 0; j + 1 < t.size() && !citizens_named; ++j) {
    if (m_compatriots.longest_at(t, j))
      citizens_named = true;
    else if (const auto p = m_possessives.longest_at(t, j))
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

}  // namespace nw::claims
