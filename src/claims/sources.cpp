#include "claims/sources.hpp"

#include <algorithm>
#include <array>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace nw::claims {
namespace {

bool is_article(const Token& t) {
  return t.lower == "the" || t.lower == "an" || t.lower == "a";
}

// A noun phrase of an attribution runs at most this many tokens.
constexpr std::size_t k_max_phrase = 12;
// "X, a spokesman for Y, said": how far back the opening comma is looked for.
constexpr std::size_t k_max_apposition = 25;
// A known party's alias found inside a longer source has at most this many words.
constexpr std::size_t k_max_alias_words = 12;

// A party named before a headline's colon ("МЗС Кенії: ...") has at most this many tokens.
constexpr std::size_t k_max_colon_name = 6;

// A quoted name ("I Want to Live") spans at most this many tokens.
constexpr std::size_t k_max_quoted = 10;

// An abbreviation or short name in brackets after a party's name ("(MEA)",
// "(Rosgvardia)") holds at most this many tokens.
constexpr std::size_t k_max_bracketed = 4;

bool is_one_of(const Token& t, std::initializer_list<std::string_view> words) {
  for (auto w : words)
    if (t.lower == w) return true;
  return false;
}

// Words that end a noun phrase when walking away from an attribution verb.
bool is_stop(const Token& t) {
  return t.kind != TokenKind::Word ||
         is_one_of(t, {"that",    "who",   "which",  "when", "while", "but",   "as",   "if",
                       "because", "after", "before", "on",   "at",    "since", "with", "by",
                       "than",    "where", "also",   "in",   "to",    "and"});
}

// Short words that join the parts of a name when capitalized words flank
// them: "I Want to Live", "Authorities in Qazaqstan", "Doctors and Nurses".
bool is_joiner(const Token& t) {
  return is_one_of(t, {"to", "in", "and", "of", "for", "the", "de"});
}

bool is_determiner(const Token& t) {
  return is_one_of(t, {"the", "a", "an"});
}

bool is_quote(const Token& t) {
  return t.kind == TokenKind::Punct && t.lower == "\"";
}

bool is_aux(const Token& t) {
  return is_one_of(t, {"has", "have", "had", "was", "were", "is", "are", "also", "previously",
                       "earlier", "later", "recently", "has", "had", "reportedly", "publicly"});
}

// A conditional joiner ("to", "in", "and") between tokens l and r joins them.
bool joins(const std::vector<Token>& t, std::size_t l, std::size_t r) {
  return t[l].kind == TokenKind::Word && t[r].capitalized &&
         (t[l].capitalized || t[l].lower == "'s");
}

// A word that can be part of a name: "Memorial", also "iStories" or "eDemocracy".
bool name_like(std::string_view doc, const Token& t) {
  if (t.capitalized) return true;
  if (t.kind != TokenKind::Word) return false;
  for (char c : doc.substr(t.start, t.end - t.start))
    if (c >= 'A' && c <= 'Z') return true;
  return false;
}

// Whether tokens [b, e) stand alone as a name in a headline, before its colon
// or after its closing dash: one word in capitals ("СБУ: ...", "... – AFP"),
// or, in a Cyrillic sentence, two or three capitalized words ("Die Welt: ...",
// "Владимир Зеленский: ...") or one in Latin letters ("... – Reuters").
// English headlines capitalize every word ("Russia Ukraine War: ..."), and
// one capitalized word alone may be any sentence's first ("Итог: ...").
bool named_span(std::string_view doc, const std::vector<Token>& t, std::size_t b, std::size_t e) {
  if (e <= b || e - b > 3) return false;
  for (std::size_t i = b; i < e; ++i)
    if (t[i].kind != TokenKind::Word || !t[i].capitalized) return false;
  bool cyrillic_elsewhere = false;
  for (std::size_t i = 0; i < t.size(); ++i)
    cyrillic_elsewhere =
        cyrillic_elsewhere || ((i < b || i >= e) && t[i].kind == TokenKind::Word &&
                               static_cast<unsigned char>(doc[t[i].start]) >= 0x80);
  if (e - b >= 2) return cyrillic_elsewhere;
  const std::string_view w = doc.substr(t[b].start, t[b].end - t[b].start);
  const bool latin = static_cast<unsigned char>(w[0]) < 0x80;
  // (capitals: its second letter is upper case too, "СБУ", "NABU")
  const auto n = static_cast<int32_t>(w.size());
  int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(w.data(), i, n, c);
  bool capitals = false;
  if (i < n) {
    U8_NEXT(w.data(), i, n, c);
    capitals = c >= 0 && u_isupper(c);
  }
  return (latin && cyrillic_elsewhere) || capitals;
}

bool is_dash(const Token& t) {
  return t.lower == "-" || t.lower == "\xE2\x80\x93" || t.lower == "\xE2\x80\x94";
}

// A hyphen inside a word, with no space on either side, is part of it: the
// name goes on through "Шри-Ланки", "Гвінеї-Бісау", "Бі-Бі-Сі".
bool in_word_hyphen(const std::vector<Token>& t, std::size_t i) {
  return i > 0 && i + 1 < t.size() && t[i].lower == "-" && !t[i].space_before &&
         !t[i + 1].space_before && t[i - 1].kind == TokenKind::Word &&
         t[i + 1].kind == TokenKind::Word;
}

std::string span_text(std::string_view doc, const std::vector<Token>& t, std::size_t b,
                      std::size_t e) {
  return std::string(doc.substr(t[b].start, t[e - 1].end - t[b].start));
}

}  // namespace

SourceRules::SourceRules(const RulePack& pack) {
  for (const auto& p : pack.according) m_according.add(p, 0);
  for (const auto& p : pack.attribution_verbs) m_verbs.add(p, 0);
  for (const auto& p : pack.source_pronouns) m_pronouns.add(p, 0);
  for (const auto& p : pack.titles) m_titles.add(p, 0);
  for (const auto& p : pack.evidence_nouns) m_evidence.add(p, 0);
  for (const auto& p : pack.continuations) m_continuations.add(p, 0);
  for (const auto& p : pack.source_passives) m_passives.add(p, 0);
  for (const auto& p : pack.source_participles) m_participles.add(p, 0);
  for (const auto& p : pack.institutions) m_institutions.add(p, 0);
  for (const auto& p : pack.place_words) m_places.add(p, 0);
  for (const auto& [name, aliases] : pack.source_names) {
    m_aliases[fold_case(name)] = name;
    for (const auto& a : aliases) m_aliases[fold_case(a)] = name;
  }
  for (const auto& w : pack.not_source_names) m_not_names.insert(fold_case(w));
  for (const auto& w : pack.generic_sources) m_generic.insert(fold_case(w));
}

std::optional<std::string> SourceRules::canonical(const std::string& name, bool qualified) const {
  // words, with quotes and brackets around them dropped
  std::vector<std::string> words;
  std::string w;
  auto flush = [&] {
    while (!w.empty() && std::string_view("\"'()[]").find(w.back()) != std::string_view::npos)
      w.pop_back();
    std::size_t b = 0;
    while (b < w.size() && std::string_view("\"'()[]").find(w[b]) != std::string_view::npos) ++b;
    for (std::string_view q : {"\xC2\xAB", "\xC2\xBB", "\xE2\x80\x9C", "\xE2\x80\x9D"}) {
      if (w.compare(b, q.size(), q) == 0) b += q.size();
      if (w.size() >= q.size() + b && w.compare(w.size() - q.size(), q.size(), q) == 0)
        w.resize(w.size() - q.size());
    }
    if (b < w.size()) words.push_back(w.substr(b));
    w.clear();
  };
  for (char c : name) {
    if (c == ' ' || c == '\n' || c == '\t')
      flush();
    else
      w.push_back(c);
  }
  flush();
  std::string joined;
  for (const auto& x : words) joined += (joined.empty() ? "" : " ") + x;
  if (auto it = m_aliases.find(fold_case(joined)); it != m_aliases.end()) return it->second;
  // a known party inside a longer span is that party, under its one name:
  // "проєкту Хочу жити", "the Ukrainian project I Want to Live in October"
  // (the longest alias found, the first of equals)
  {
    std::optional<std::string> known;
    std::size_t known_len = 0;
    for (std::size_t i = 0; i < words.size(); ++i) {
      std::string span;
      for (std::size_t n = 1; n <= k_max_alias_words && i + n <= words.size(); ++n) {
        span += (n == 1 ? "" : " ") + fold_case(words[i + n - 1]);
        if (n <= known_len) continue;
        if (auto it = m_aliases.find(span); it != m_aliases.end()) {
          known = it->second;
          known_len = n;
        }
      }
    }
    if (known) return known;
  }
  std::size_t b = 0, e = words.size();
  while (b < e && m_not_names.count(fold_case(words[b]))) ++b;
  while (e > b && m_not_names.count(fold_case(words[e - 1]))) --e;
  bool named = false, generic = true;
  for (std::size_t i = b; i < e; ++i) {
    named = named || fold_case(words[i]) != words[i];
    generic = generic && m_generic.count(fold_case(words[i]));
  }
  if (!(named || qualified) || generic) return std::nullopt;
  std::string out;
  for (std::size_t i = b; i < e; ++i) out += (out.empty() ? "" : " ") + words[i];
  if (auto it = m_aliases.find(fold_case(out)); it != m_aliases.end()) return it->second;
  return out;
}

std::optional<std::string> SourceRules::name_in(std::string_view doc, const std::vector<Token>& t,
                                                std::size_t b, std::size_t e, bool& pronoun) const {
  if (b >= e) return std::nullopt;
  if (auto p = m_pronouns.longest_at(t, b); p && p->last + 1 == e) {
    pronoun = true;
    return std::nullopt;
  }
  while (b < e && (is_determiner(t[b]) || is_joiner(t[b]))) ++b;
  // "Mediazona's data", "the BBC's count": the owner of the evidence
  for (std::size_t k = b + 1; k + 1 < e; ++k) {
    if (t[k].lower != "'s") continue;
    bool evidence = false;
    for (std::size_t j = k + 1; j < e; ++j) evidence = m_evidence.longest_at(t, j).has_value();
    if (evidence) e = k;
  }
  if (e > b + 1 && t[e - 1].lower == "'s") --e;
  // a title before a personal name: "Foreign Minister Narayan Prakash Saud"
  for (std::size_t i = b; i < e; ++i) {
    const auto title = m_titles.longest_at(t, i);
    if (!title || title->last + 1 >= e) continue;
    bool name_follows = true;
    for (std::size_t j = title->last + 1; j < e; ++j)
      name_follows = name_follows && t[j].capitalized && t[j].kind == TokenKind::Word;
    if (name_follows) b = title->last + 1;
  }
  // a descriptor before a name: "the rights group Memorial", "the project I Want to Live"
  // (not an institution's own words before the country it serves: "Министерство
  // обороны Шри-Ланки" is the ministry, "Шри-Ланки" alone a fragment)
  const bool institution = m_institutions.longest_at(t, b).has_value();
  std::size_t d = e;
  bool quoted = false;  // words inside a quoted name are the name ("Хочу жить")
  for (std::size_t i = b; i < e; ++i) {
    if (is_quote(t[i])) quoted = !quoted;
    if (!quoted && t[i].kind == TokenKind::Word && !name_like(doc, t[i]) && !is_joiner(t[i]) &&
        t[i].lower != "'s")
      d = i;
  }
  if (!institution && d + 1 < e && (name_like(doc, t[d + 1]) || is_quote(t[d + 1]))) b = d + 1;
  if (e - b >= 3 && is_quote(t[b]) && is_quote(t[e - 1])) ++b, --e;
  if (b >= e) return std::nullopt;
  return span_text(doc, t, b, e);
}

std::optional<std::string> SourceRules::phrase_before(std::string_view doc,
                                                      const std::vector<Token>& t, std::size_t verb,
                                                      bool& pronoun) const {
  std::size_t e = verb;
  while (e > 0 && is_aux(t[e - 1])) --e;
  if (e == 0) return std::nullopt;
  // "the Ministry of External Affairs (MEA) reported": the party's abbreviation
  // in brackets stands between it and its verb (a bracket that holds a number
  // is an aside of figures, no name)
  if (t[e - 1].lower == ")") {
    std::size_t open = e - 1;
    while (open > 0 && e - open <= k_max_bracketed && t[open - 1].lower != "(" &&
           t[open - 1].kind != TokenKind::Number)
      --open;
    if (open > 1 && open + 1 < e && t[open - 1].lower == "(") e = open - 1;
  }
  // «...», — заявил министр: the dash that opens the author's words after a
  // quotation, as Russian, Ukrainian and Belarusian write it
  bool dashed = false;
  if (e >= 2 && t[e - 1].lower == "\xE2\x80\x94" && (t[e - 2].lower == "," || is_quote(t[e - 2]))) {
    --e;
    dashed = true;
  }
  // a quote closing on a comma or stop is a quotation ("...," said X), not a quoted name
  const bool quotation =
      is_quote(t[e - 1]) && e >= 2 && (dashed || t[e - 2].kind == TokenKind::Punct);
  if (t[e - 1].lower == "," || quotation) {
    // "Mediazona, collaborating with the BBC, has documented": skip the apposition
    std::size_t open = e - 1;
    while (open > 0 && e - open < k_max_apposition && t[open - 1].lower != "," &&
           !is_quote(t[open - 1]) && !is_clause_break(t[open - 1]))
      --open;
    // (what stands before an apposition is a name or an institution: before
    // ", как их заманили в армию," stands the clause it goes on)
    // (and holds no number: ", из них 314 человек уже погибли," is a clause
    // of the figures, "Беларуси" before it no speaker)
    const bool numbers = std::any_of(t.begin() + static_cast<std::ptrdiff_t>(open),
                                     t.begin() + static_cast<std::ptrdiff_t>(e),
                                     [](const Token& x) { return x.kind == TokenKind::Number; });
    const bool apposition =
        !numbers && t[e - 1].lower == "," && open > 1 && t[open - 1].lower == "," &&
        (is_determiner(t[open]) || !t[open].capitalized) &&
        (name_like(doc, t[open - 2]) || m_institutions.longest_ending_at(t, open - 2));
    if (!apposition) {
      // inverted: "..., said Ivan Petrov" / "...," said the ministry
      // (or "..., сообщает проект «Хочу жить»": a descriptor and a quoted name;
      // "..., заявил министр иностранных дел": an institution)
      // ("..., повідомили у МЗС Куби": an institution after a preposition)
      if (verb + 2 < t.size() && m_places.longest_at(t, verb + 1) &&
          m_institutions.longest_at(t, verb + 2))
        return phrase_after(doc, t, verb + 2, pronoun);
      // ("..., сообщил «Грузинский легион»": a quoted name right after the verb)
      if (verb + 1 < t.size() && (t[verb + 1].capitalized || is_determiner(t[verb + 1]) ||
                                  is_quote(t[verb + 1]) || m_institutions.longest_at(t, verb + 1) ||
                                  (verb + 2 < t.size() && is_quote(t[verb + 2]))))
        return phrase_after(doc, t, verb + 1, pronoun);
      return std::nullopt;
    }
    e = open - 1;
  }
  std::size_t b = e;
  while (b > 0 && e - b < k_max_phrase) {
    const Token& w = t[b - 1];
    if (is_quote(w)) {
      // a quoted name: "I Want to Live" said (not a quotation closing on its
      // punctuation: "“We have lost 14 of our men,” Ghana's minister said")
      std::size_t k = b - 1;
      while (k > 0 && b - k < k_max_quoted && !is_quote(t[k - 1])) --k;
      if (k == 0 || !is_quote(t[k - 1]) || !t[k].capitalized || t[b - 2].kind == TokenKind::Punct)
        break;
      b = k - 1;
      continue;
    }
    if (w.lower == "'s" && b >= 2 && t[b - 2].kind == TokenKind::Word) {
      --b;
      continue;
    }
    if (is_stop(w) && !in_word_hyphen(t, b - 1) &&
        !(is_joiner(w) && b >= 2 && b < e && joins(t, b - 2, b)))
      break;
    --b;
  }
  // "A Moldovan who fought in the Donbas told": a name inside a relative
  // clause is that clause's, not the speaker
  for (std::size_t k = b; k > 0 && b - k < 5; --k) {
    if (is_clause_break(t[k - 1])) break;
    if (is_one_of(t[k - 1], {"who", "which", "whose"})) return std::nullopt;
  }
  bool named = false;
  for (std::size_t i = b; i < e; ++i) named = named || name_like(doc, t[i]);
  if (auto p = m_pronouns.longest_at(t, b); p && p->last + 1 == e) {
    pronoun = true;
    return std::nullopt;
  }
  if (!named) return std::nullopt;
  return name_in(doc, t, b, e, pronoun);
}

std::optional<std::string> SourceRules::phrase_after(std::string_view doc,
                                                     const std::vector<Token>& t, std::size_t from,
                                                     bool& pronoun, bool agent) const {
  std::size_t b = from;
  if (b >= t.size()) return std::nullopt;
  // "the project «I Want to Live»": a descriptor before a quoted name is no pronoun
  if (auto p = m_pronouns.longest_at(t, b);
      p && !(p->last + 1 < t.size() && is_quote(t[p->last + 1]))) {
    pronoun = true;
    return std::nullopt;
  }
  while (b < t.size() && is_determiner(t[b])) ++b;
  if (b < t.size() && is_quote(t[b])) {
    std::size_t e = b + 1;
    while (e < t.size() && e - b < k_max_quoted && !is_quote(t[e])) ++e;
    if (e < t.size() && is_quote(t[e]) && e > b + 1) return span_text(doc, t, b + 1, e);
  }
  auto walk = [&](std::size_t from_tok) {
    std::size_t e = from_tok;
    while (e < t.size() && e - from_tok < k_max_phrase) {
      const Token& w = t[e];
      const bool joined =
          is_joiner(w) && e > from_tok && e + 1 < t.size() && joins(t, e - 1, e + 1);
      if (is_stop(w) && w.lower != "'s" && !joined && !in_word_hyphen(t, e)) break;
      ++e;
    }
    return e;
  };
  std::size_t e = walk(b);
  // "по данным проекта «Хочу жить»": a descriptor and the quoted name after it
  if (e > b && e + 1 < t.size() && is_quote(t[e])) {
    std::size_t close = e + 1;
    while (close < t.size() && close - e < k_max_quoted && !is_quote(t[close])) ++close;
    if (close < t.size() && is_quote(t[close]) && close > e + 1) e = close + 1;
  }
  // "an August report by Nasha Niva", "a list compiled by the project X": the author
  if (std::size_t by = e + 1; e < t.size() && t[e].lower == "by") {
    while (by < t.size() && is_determiner(t[by])) ++by;
    const std::size_t by_end = walk(by);  // "by the rights group Memorial": a name within
    bool names = false;
    for (std::size_t i = by; i < by_end; ++i) names = names || name_like(doc, t[i]);
    if (names) {
      b = by;
      e = by_end;
      agent = true;
    }
  }
  // An agent ends with its name: "by the project I Want to Live names 742" is not "...names".
  if (agent) {
    std::size_t last = e;
    for (std::size_t i = b; i < e; ++i)
      if (name_like(doc, t[i]) || is_quote(t[i])) last = i + 1;
    if (last != e && last > b) e = last;
  }
  return name_in(doc, t, b, e, pronoun);
}

SourceHit SourceRules::source(std::string_view doc, const std::vector<Token>& t) const {
  SourceHit verb_hit, according_hit;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (auto a = m_according.longest_at(t, i)) {
      if (!according_hit.name && !according_hit.pronoun)
        according_hit.name = phrase_after(doc, t, a->last + 1, according_hit.pronoun);
      // the words of an attribution are not themselves attributions ("Ukrainian estimates")
      i = a->last;
      while (i + 1 < t.size() && !is_stop(t[i + 1])) ++i;
    } else if (auto v = m_verbs.longest_at(t, i);
               v && !verb_hit.name && !(i > 0 && is_article(t[i - 1]))) {
      // ("the estimated 8,000", "an estimated 4,700": a participle, no one speaks)
      bool pron = false;
      // passive: "a list published by the project X names ..." is X's
      if (v->last + 2 < t.size() && t[v->last + 1].lower == "by")
        verb_hit.name = phrase_after(doc, t, v->last + 2, pron, true);
      // ("Seven men were released from prison": a passive without "by" has
      // the people it befell before it, not a speaker)
      else if (i > 0 && m_passives.longest_ending_at(t, i - 1))
        continue;
      // ("The number of Nepalis confirmed killed has risen to 54, the ministry
      // said": a participle of the people counted, and the speaker comes later)
      else if (m_participles.longest_at(t, v->last + 1))
        continue;
      else
        verb_hit.name = phrase_before(doc, t, i, pron);
      // ("Как" before the verb is a word that names no one)
      if (verb_hit.name && !canonical(*verb_hit.name)) verb_hit.name.reset();
      if (verb_hit.name) verb_hit.verb = i;
      verb_hit.pronoun = verb_hit.pronoun || pron;
    }
  }
  if (verb_hit.name) return verb_hit;
  if (according_hit.name || according_hit.pronoun) return according_hit;
  // "МЗС Кенії: понад 200 кенійців воюють", "BBC: ...": a headline that opens
  // on a known party or an institution and a colon is that party's
  for (std::size_t c = 1; c < t.size() && c <= k_max_colon_name; ++c) {
    if (t[c].lower != ":") continue;
    const std::string lead = span_text(doc, t, 0, c);
    if (m_aliases.count(fold_case(lead)) || m_institutions.longest_at(t, 0) ||
        (named_span(doc, t, 0, c) && canonical(lead))) {
      SourceHit colon;
      colon.name = lead;
      return colon;
    }
    break;
  }
  // "Близько 200 громадян Китаю воюють на боці РФ – Reuters": a headline (no
  // closing stop) that ends on a dash and a name is that name's
  for (std::size_t d = t.size() >= 2 ? t.size() - 2 : 0; d > 0 && t.size() - d <= 4; --d) {
    if (!is_dash(t[d])) continue;
    if (t[d].space_before && named_span(doc, t, d + 1, t.size())) {
      const std::string tail = span_text(doc, t, d + 1, t.size());
      if (canonical(tail)) {
        SourceHit dashed;
        dashed.name = tail;
        return dashed;
      }
    }
    break;
  }
  // "Of them, 40 are missing" goes on the sentence before, and so its source;
  // "1,500 Kenyans joined, with 80 of them missing" counts its own figure's part
  if (!verb_hit.pronoun)
    for (const auto& c : m_continuations.find_all(t))
      if (std::none_of(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(c.first),
                       [](const Token& x) { return x.kind == TokenKind::Number; }))
        verb_hit.pronoun = true;
  return verb_hit;
}

std::string SourceRules::full_name(std::string_view doc, std::size_t before,
                                   const std::string& name) const {
  if (name.empty() || name.find(' ') != std::string::npos) return name;
  // the first mention with capitalized words in front: "President Vladimir Putin"
  for (std::size_t pos = doc.find(name); pos != std::string_view::npos && pos < before;
       pos = doc.find(name, pos + 1)) {
    const std::size_t from = pos >= 80 ? pos - 80 : 0;
    const auto t = tokenize(doc.substr(from, pos + name.size() - from), from);
    if (t.empty() || t.back().start != pos || t.back().end != pos + name.size()) continue;
    std::size_t b = t.size() - 1;
    while (b > 0 && t.size() - b < 4 && t[b - 1].capitalized && !m_titles.longest_at(t, b - 1) &&
           !m_pronouns.longest_at(t, b - 1) && t[b - 1].end + 1 == t[b].start)
      --b;
    if (b + 1 >= t.size() || b == 0) continue;
    // "President Vladimir Putin", or mid-sentence; never "How Putin" opening a line
    const Token& prev = t[b - 1];
    const bool mid_sentence =
        prev.kind == TokenKind::Word &&
        doc.substr(prev.end, t[b].start - prev.end).find('\n') == std::string_view::npos;
    if (mid_sentence || m_titles.longest_at(t, b - 1)) return span_text(doc, t, b, t.size());
  }
  return name;
}

}  // namespace nw::claims
