#include "claims/subjects.hpp"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <map>

#include "claims/countries.hpp"

namespace nw::claims {
namespace {

// The first letter is upper case: "Chad", "Куба" (a pack's capitalised names).
bool starts_upper(std::string_view s) {
  if (s.empty()) return false;
  int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
  return c > 0 && u_isupper(c);
}

}  // namespace

SubjectIndex::SubjectIndex(const RulePack& pack) {
  std::vector<SubjectDef> defs;
  if (pack.countries) defs = builtin_countries(pack.language);
  for (const auto& s : pack.subjects) {
    // a pack subject extends a built-in country of the same name
    auto it = std::find_if(defs.begin(), defs.end(),
                           [&](const SubjectDef& d) { return d.name == s.name; });
    if (it == defs.end()) {
      defs.push_back(s);
      if (std::find(s.names.begin(), s.names.end(), s.name) == s.names.end() && !s.names.empty()) {
        defs.back().names.push_back(s.name);
      }
      continue;
    }
    using Lists = std::pair<std::vector<std::string>*, const std::vector<std::string>*>;
    for (const Lists& l : {Lists{&it->names, &s.names}, Lists{&it->demonyms, &s.demonyms},
                           Lists{&it->plurals, &s.plurals}, Lists{&it->actors, &s.actors}})
      l.first->insert(l.first->end(), l.second->begin(), l.second->end());
  }
  for (const auto& [name, phrases] : pack.force) m_forces.push_back(name);
  for (std::size_t si = 0; si < defs.size(); ++si) {
    m_names.push_back(defs[si].name);
    if (defs[si].aggregate) m_aggregate = defs[si].name;
    const std::pair<const std::vector<std::string>*, int> lists[] = {
        {&defs[si].names, k_name},
        {&defs[si].demonyms, k_demonym},
        {&defs[si].plurals, k_plural},
        {&defs[si].actors, k_actor}};
    for (const auto& [list, kind] : lists) {
      for (const auto& phrase : *list) {
        const int id = static_cast<int>(m_phrase_subject.size());
        // Written with a capital in the pack: only a capitalised word is this name
        // ("Chad", "Turkey"); lower-case entries ("foreigners") match any case.
        // The two are kept apart, so that a name stem ("Киргизі*") that a
        // lower-case word fails does not hide a people stem ("киргиз*").
        const bool capital = pack.capitalized_names && starts_upper(phrase);
        if (!(capital ? m_capital_phrases : m_phrases).add(phrase, id)) continue;
        m_phrase_subject.push_back(static_cast<int>(si));
        m_phrase_kind.push_back(kind);
      }
    }
  }
  for (const auto& p : pack.people_nouns) m_people.add(p, 0);
  for (const auto& p : pack.origin_words) m_origin.add(p, 0);
  for (const auto& p : pack.place_words) m_places.add(p, 0);
  for (const auto& p : pack.institutions) m_institutions.add(p, 0);
  for (const auto& p : pack.servicemen) m_servicemen.add(p, 0);
  for (const auto& p : pack.links) m_links.add(p, 0);
}

bool SubjectIndex::is_people_noun(const std::vector<Token>& tokens, std::size_t i) const {
  return m_people.longest_at(tokens, i).has_value();
}

bool SubjectIndex::is_servicemen(const std::vector<Token>& tokens, std::size_t i) const {
  return m_servicemen.longest_at(tokens, i).has_value();
}

std::optional<PhraseMatch> SubjectIndex::longest_at(const std::vector<Token>& tokens,
                                                    std::size_t i) const {
  auto m = m_phrases.longest_at(tokens, i);
  if (i < tokens.size()) {
    // (a name of several words whose first is written small still counts when
    // its last is capitalised: "17 south Africans", "north Korean troops")
    auto c = m_capital_phrases.longest_at(tokens, i);
    if (c && (tokens[i].capitalized || (c->last > i && tokens[c->last].capitalized)) &&
        (!m || c->last >= m->last))
      m = c;
  }
  return m;
}

bool SubjectIndex::names_people_at(const std::vector<Token>& tokens, std::size_t i) const {
  if (is_people_noun(tokens, i)) return true;
  const auto m = longest_at(tokens, i);
  return m && people_phrase(*m);
}

bool SubjectIndex::people_phrase(const PhraseMatch& m) const {
  const int kind = m_phrase_kind[static_cast<std::size_t>(m.id)];
  return kind == k_plural || kind == k_demonym;
}

std::vector<Mention> SubjectIndex::find(
    const std::vector<Token>& tokens,
    const std::vector<std::pair<std::size_t, std::size_t>>& force_spans) const {
  std::vector<Mention> out;
  for (std::size_t i = 0; i < tokens.size();) {
    const auto m = longest_at(tokens, i);
    if (!m) {
      ++i;
      continue;
    }
    const auto id = static_cast<std::size_t>(m->id);
    Mention men{m->first, m->last, m_names[static_cast<std::size_t>(m_phrase_subject[id])],
                Strength::Weak};
    // "non-Russians", "non-Ukrainian fighters": people other than that country's,
    // the aggregate if the pack has one, else no one named
    if (m->first >= 2 && tokens[m->first - 1].lower == "-" && !tokens[m->first - 1].space_before &&
        !tokens[m->first].space_before && tokens[m->first - 2].lower == "non") {
      if (m_aggregate.empty()) {
        i = m->last + 1;
        continue;
      }
      men.subject = m_aggregate;
    }
    switch (m_phrase_kind[id]) {
      case k_plural:
        men.strength = Strength::People;
        break;
      case k_name: {
        men.strength = Strength::Name;
        // "citizens of Nepal", "men from Nepal"
        if (m->first >= 1) {
          std::optional<PhraseMatch> from;
          if (tokens[m->first - 1].lower == "from")
            from = PhraseMatch{m->first - 1, m->first - 1, 0};
          else
            from = m_origin.longest_ending_at(tokens, m->first - 1);
          if (from) {
            men.strength = Strength::People;
            men.origin = true;
            men.away = !(from->first >= 1 && is_people_noun(tokens, from->first - 1));
          }
        }
        // inflected languages put the country after the people, in the genitive:
        // "граждан Беларуси", "громадян Білорусі"
        if (m->first >= 1 && is_people_noun(tokens, m->first - 1)) men.strength = Strength::People;
        if (m->first >= 2 && tokens[m->first - 1].lower == "of" &&
            is_people_noun(tokens, m->first - 2))
          men.strength = Strength::People;
        {
          // "in Ukraine", "in the US Congress"
          std::size_t before = m->first;
          if (before >= 2 && tokens[before - 1].lower == "the") --before;
          men.place = men.strength == Strength::Name && before >= 1 &&
                      m_places.longest_ending_at(tokens, before - 1).has_value();
        }
        // "the US Congress", "Kenya's embassy": a name that qualifies an
        // institution names who speaks or acts, no people
        if (men.strength == Strength::Name) {
          // ("U.S. military officials": one word may come between)
          std::size_t n = m->last + 1;
          if (n < tokens.size() && tokens[n].lower == "'s") ++n;
          // An institution before the name owns it too: inflected languages
          // put the country after it in the genitive ("посольство Кении"),
          // English after "of" ("the embassy of Kenya").
          std::size_t b = m->first;
          if (b >= 2 && tokens[b - 1].lower == "of") --b;
          const bool qualifies =
              m_institutions.longest_at(tokens, n) ||
              (n + 1 < tokens.size() && tokens[n].kind == TokenKind::Word &&
               !is_people_noun(tokens, n) && m_institutions.longest_at(tokens, n + 1)) ||
              (b >= 1 && m_institutions.longest_ending_at(tokens, b - 1).has_value());
          if (qualifies) {
            men.strength = Strength::Weak;
            men.institution = true;
          }
        }
        break;
      }
      case k_demonym:
        // "Indian citizens", "North Korean special forces soldiers"
        for (std::size_t j = m->last + 1; j < tokens.size() && j <= m->last + 3; ++j) {
          if (is_people_noun(tokens, j)) {
            men.strength = Strength::People;
            men.last = j;
            break;
          }
          if (tokens[j].kind != TokenKind::Word) break;
        }
        men.official = men.strength != Strength::People && m->last + 1 < tokens.size() &&
                       m_institutions.longest_at(tokens, m->last + 1).has_value();
        break;
      default:
        men.strength = Strength::Weak;
        men.actor = true;
        // "солдатів Кім Чен Ина", "бойцов Пхеньяна": a state's people, named
        // by its leader or capital in the genitive after the people noun
        if (m->first >= 1 && is_people_noun(tokens, m->first - 1)) men.strength = Strength::People;
    }
    {
      std::size_t before = m->first;
      if (before >= 2 && tokens[before - 1].lower == "the") --before;
      men.after_place_word =
          before >= 1 && m_places.longest_ending_at(tokens, before - 1).has_value();
    }
    // people that open the side's phrase are counted ("Russian troops"); people
    // inside it are the side ("fought on behalf of the Russians"), unless the
    // phrase names the army whose servicemen come right before it ("soldiers
    // of the Russian army" are Russia's own)
    for (const auto& [b, e] : force_spans) {
      if (men.first < b || men.first > e || (men.strength == Strength::People && men.first == b))
        continue;
      const auto own = servicemen_before(tokens, b);
      const bool counted_before =
          !out.empty() && out.back().strength == Strength::People && own && out.back().last >= *own;
      if (own && !counted_before) {
        men.strength = Strength::People;
        men.first = *own;
      } else {
        men.strength = Strength::Force;
      }
    }
    // "вихідців із 36 країн Африки": people of many countries, and the region
    // they are of in the genitive right after, are that region's people
    if (!out.empty() && out.back().subject == m_aggregate && !m_aggregate.empty() &&
        out.back().strength == Strength::People && out.back().last + 1 == men.first &&
        men.strength == Strength::Name && !men.place &&
        std::find(m_forces.begin(), m_forces.end(), men.subject) == m_forces.end()) {
      out.back().subject = men.subject;
      out.back().last = men.last;
    } else {
      out.push_back(men);
    }
    i = m->last + 1;
  }
  return out;
}

bool SubjectIndex::people_only(const std::vector<Token>& tokens) const {
  if (tokens.empty()) return false;
  const auto m = longest_at(tokens, 0);
  return m && m->last + 1 == tokens.size() && people_phrase(*m);
}

std::optional<std::size_t> SubjectIndex::servicemen_before(const std::vector<Token>& tokens,
                                                           std::size_t first) const {
  if (first == 0) return std::nullopt;
  // English joins them with "of (the)"; inflected languages put the army in the
  // genitive right after, but not a side's phrase that opens on a preposition
  // ("бойцов на стороне России" may be anyone's)
  std::size_t j = first;
  if (const auto link = m_links.longest_ending_at(tokens, first - 1)) {
    j = link->first;
  } else if (!m_links.empty() || (!tokens[first].capitalized && tokens[first].lower.size() <= 4 &&
                                  tokens[first].lower.size() > 0)) {
    return std::nullopt;
  }
  if (j == 0) return std::nullopt;
  const auto who = m_servicemen.longest_ending_at(tokens, j - 1);
  if (!who) return std::nullopt;
  return who->first;
}

bool SubjectIndex::names_subject_ending_at(const std::vector<Token>& tokens,
                                           std::size_t last) const {
  // (names run to a few words: "Democratic Republic of the Congo")
  for (std::size_t j = last >= 5 ? last - 5 : 0; j <= last; ++j)
    if (auto m = longest_at(tokens, j); m && m->last == last) return true;
  return false;
}

}  // namespace nw::claims
