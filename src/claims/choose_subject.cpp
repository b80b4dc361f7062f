// Whose people a figure counts: mentions ranked by their role in the sentence.
#include "claims/engine_sentence.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <sstream>
#include <tuple>

namespace nw::claims {
using namespace engine_detail;

bool CompiledPack::of_a_whole(const Sentence& s, const Figure& f) const {
  for (std::size_t j = f.qual_first >= 4 ? f.qual_first - 4 : 0; j < f.qual_first; ++j)
    if (auto h = m_fractions.longest_at(s.tokens, j); h && h->last < f.qual_first) return true;
  return false;
}

bool CompiledPack::on_route(const Sentence& s, const Mention& m) const {
  return m.first >= 1 && m_routes.longest_ending_at(s.tokens, m.first - 1).has_value();
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
  const int c = s.clause[f.first];
  // "Five were taken prisoner by Ukrainian soldiers", "попали в плен к
  // украинским военным": a side a doer mark names right after the verb did it
  if (m.first > verb->last && m.first <= verb->last + 3 && s.clause[verb->first] == c &&
      s.clause[m.first] == c && m_pack.force.count(m.subject) > 0)
    if (const auto d = m_doer_marks.longest_ending_at(s.tokens, m.first - 1);
        d && d->first > verb->last)
      return true;
  if (verb->last >= f.qual_first || f.qual_first - verb->last > 4) return false;
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
    // "made their way home through Belarus": a route is no one's people
    const bool route = on_route(s, m);
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
           !in_verb && !in_frame && !left_behind && !institution && !route &&
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

}  // namespace nw::claims
