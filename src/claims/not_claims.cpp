#include "claims/not_claims.hpp"

#include <algorithm>

namespace nw::claims {

NotClaims::NotClaims(const RulePack& pack) {
  for (const auto& p : pack.before_not_claim) m_before.add(p, 0);
  for (const auto& p : pack.after_not_claim) m_after.add(p, 0);
  for (const auto& p : pack.not_people) m_not_people.add(p, 0);
  for (const auto& p : pack.time_units) m_time_units.add(p, 0);
  for (const auto& forms : pack.months)
    for (const auto& p : forms) m_months.add(p, 0);
  for (const auto& p : pack.weekdays) m_weekdays.add(p, 0);
  for (const auto& p : pack.weak_numbers) m_weak.add(p, 0);
  for (const auto& p : pack.weak_of) m_weak_of.add(p, 0);
  for (const auto& p : pack.weak_own) m_weak_own.add(p, 0);
  for (const auto& p : pack.conjunctions) m_list_joins.add(p, 0);
  for (const auto& p : pack.range_joins) m_range_joins.add(p, 0);
  for (const auto& p : pack.ordinal_suffixes) m_ordinal_suffixes.add(p, 0);
  for (const auto& p : pack.rates) m_rates.add(p, 0);
  for (const auto& p : pack.comparisons) m_comparisons.add(p, 0);
  for (const auto& p : pack.ago) m_ago.add(p, 0);
  for (const auto& p : pack.place_words) m_prepositions.add(p, 0);
  for (const auto& p : pack.prepositions) m_prepositions.add(p, 0);
  for (const auto& p : pack.age_nouns) m_age_nouns.add(p, 0);
  for (const auto& p : pack.weak_more) m_weak_more.add(p, 0);
  // a word said to be no count both before and after a number joins a share's
  // two numbers ("out of")
  for (const auto& p : pack.before_not_claim)
    if (std::find(pack.after_not_claim.begin(), pack.after_not_claim.end(), p) !=
        pack.after_not_claim.end())
      m_share_bases.add(p, 0);
}

bool NotClaims::one_more(const std::vector<Token>& t, const Figure& f,
                         const SubjectIndex& subjects) const {
  if (!f.spelled || f.first != f.last || f.qual_first == 0 || !m_weak.longest_at(t, f.first))
    return false;
  // ("трое погибли под Авдеевкой, один погиб в Артемовске": one opening a
  // clause of its own in a list of counts)
  const Token& b = t[f.qual_first - 1];
  const bool opens = b.lower == "," || b.lower == ";" ||
                     m_list_joins.longest_ending_at(t, f.qual_first - 1).has_value();
  if (!opens && !m_weak_more.longest_ending_at(t, f.qual_first - 1)) return false;
  // (before a people noun it counts anyway: "ще один непалець")
  std::size_t n = f.last + 1;
  if (n < t.size() && t[n].kind == TokenKind::Word && !subjects.names_people_at(t, n)) ++n;
  return !(n < t.size() && subjects.names_people_at(t, n));
}

bool NotClaims::an_age(const std::vector<Token>& t, const Figure& f,
                       const SubjectIndex& subjects) const {
  if (m_age_nouns.empty() || f.currency) return false;
  if (f.last + 1 < t.size() && subjects.names_people_at(t, f.last + 1)) return false;
  for (std::size_t j = f.qual_first; j-- > 0 && f.qual_first - j <= k_age_window;) {
    // (past the count of the people whose ages they are: "the average age of
    // the 40 Nepalis killed was 30")
    // (a dash right before the figure stands for "was": "найстаршому — 61")
    const bool was = j + 1 == f.qual_first && t[j].lower == "\xE2\x80\x94";
    if ((is_clause_break(t[j]) && !was) ||
        (t[j].kind == TokenKind::Number && !subjects.names_people_at(t, j + 1)))
      return false;
    if (m_age_nouns.longest_at(t, j)) return true;
  }
  return false;
}

bool NotClaims::compared(const std::vector<Token>& t, const Figure& f) const {
  if (m_comparisons.empty()) return false;
  // "as many as died in Afghanistan, 650": the other war in the words before the
  // figure, across at most one comma; "650 in Afghanistan": right after it
  std::size_t commas = 0;
  for (std::size_t j = f.qual_first; j-- > 0 && f.qual_first - j <= k_compare_window;) {
    if (is_clause_break(t[j]) && (t[j].lower != "," || ++commas > 1)) break;
    // (it may end on what was taken for a qualifier: "rose from 700,000")
    // (and one right before another figure compares that one: "rose from 40 to
    // 65" compares the 40)
    if (auto c = m_comparisons.longest_at(t, j);
        c && c->last < f.first &&
        !(c->last + 1 < f.qual_first && t[c->last + 1].kind == TokenKind::Number))
      return true;
  }
  // (or a few words on, in its clause: "lost about 15,000 troops over 10 years
  // in Afghanistan")
  for (std::size_t j = f.last + 1; j < t.size() && j <= f.last + 6; ++j) {
    if (is_clause_break(t[j])) break;
    if (m_comparisons.longest_at(t, j)) return true;
  }
  return false;
}

bool NotClaims::of_a_total(const std::vector<Token>& t, std::size_t i) {
  // "1,497 out of 2,690 fighters": a count of a counted total; "3 out of 10", "one
  // in 100" are shares of a round base
  if (i >= t.size() || t[i].kind != TokenKind::Number) return false;
  std::string digits;
  for (const char c : t[i].lower)
    if (c >= '0' && c <= '9') digits += c;
  if (digits.empty()) return false;
  return !(digits[0] == '1' && digits.find_first_not_of('0', 1) == std::string::npos);
}

bool NotClaims::one_of_group(const std::vector<Token>& t, std::size_t w, std::size_t b) const {
  const auto of = m_weak_of.longest_at(t, w + 1);
  return of && of->last + 1 == b && !m_weak_own.longest_at(t, b);
}

bool NotClaims::is_weak_word(const std::vector<Token>& tokens, const Figure& f) const {
  return f.spelled && f.first == f.last && m_weak.longest_at(tokens, f.first).has_value();
}

bool NotClaims::is_month(const std::vector<Token>& tokens, std::size_t i) const {
  return i < tokens.size() && m_months.longest_at(tokens, i).has_value();
}

bool NotClaims::is_year(const std::vector<Token>& t, const Figure& f,
                        const SubjectIndex& subjects) const {
  if (!f.plain_int || f.value < 1900 || f.value > 2100 || f.currency || f.qualifier != "exact")
    return false;
  // "2000 Belarusians", "2022 people", "2000 северокорейских военных": a count
  // that happens to look like a year ("in 2023 Kenyan police" stays a year)
  const std::size_t n = f.last + 1;
  if (n < t.size() && subjects.is_people_noun(t, n)) return false;
  if (n >= t.size() || !subjects.names_people_at(t, n)) return true;
  for (std::size_t j = n + 1; j < t.size() && j <= n + 2; ++j)  // ("North Korean soldiers")
    if (subjects.is_people_noun(t, j)) return false;
  return true;
}

bool NotClaims::a_rate(const std::vector<Token>& t, std::size_t after) const {
  // "1,000 casualties a day", "500 Cubans a month": the words that name the
  // people counted stand between the figure and the rate ("in a month" is a span)
  std::size_t k = after;
  while (k < t.size() && k < after + k_rate_window && t[k].kind == TokenKind::Word &&
         !m_prepositions.longest_at(t, k) && !m_rates.longest_at(t, k))
    ++k;
  if (k == after) return false;
  const auto r = m_rates.longest_at(t, k);
  return r && !m_ago.longest_at(t, r->last + 1);
}

bool NotClaims::rate_closes(const std::vector<Token>& t, std::size_t after) const {
  // "to send up to 300 fighters to Ukraine every day": a rate further on in
  // the figure's clause counts it by the day too ("in a month" is a span, "a
  // month later" a time, and a rate after another number is that number's)
  for (std::size_t k = after; k < t.size() && k < after + k_rate_reach; ++k) {
    if (t[k].kind == TokenKind::Number || is_clause_break(t[k])) return false;
    const auto r = m_rates.longest_at(t, k);
    if (!r) continue;
    const bool span = k > 0 && m_prepositions.longest_ending_at(t, k - 1);
    return !span && !m_ago.longest_at(t, r->last + 1);
  }
  return false;
}

bool NotClaims::rate_opens(const std::vector<Token>& t, const Figure& f) const {
  // "Every month, about 1,500 migrants sign", "Ежемесячно армия теряет около
  // 1 500": a rate that opens the sentence counts its figures by the month
  const auto r = m_rates.longest_at(t, 0);
  if (!r || r->last >= f.qual_first || f.qual_first - r->last > k_rate_lead) return false;
  if (m_ago.longest_at(t, r->last + 1)) return false;
  for (std::size_t j = r->last + 1; j < f.qual_first; ++j)
    if (t[j].kind == TokenKind::Number || (is_clause_break(t[j]) && t[j].lower != ","))
      return false;
  return true;
}

const char* NotClaims::why_not(const std::vector<Token>& t, const Figure& f,
                               const SubjectIndex& subjects) const {
  if (f.value > 1e10) return "too large for a count (an id or a phone number)";
  if (is_year(t, f, subjects)) return "a year";
  const std::size_t before = f.qual_first;
  const std::size_t after = f.last + 1;
  // dates: "September 11", "24 February", "February 24, 2022"
  if (!f.spelled && f.value <= 31 && f.plain_int) {
    if (before > 0 && is_month(t, before - 1)) return "a day of a month";
    // "Feb. 1"
    if (before > 1 && t[before - 1].lower == "." && is_month(t, before - 2))
      return "a day of a month";
    if (is_month(t, after)) return "a day of a month";
    // "on Wednesday (15)": the day's number in brackets after its weekday
    if (before > 1 && t[before - 1].lower == "(" && after < t.size() && t[after].lower == ")" &&
        m_weekdays.longest_ending_at(t, before - 2))
      return "a day of a month";
    // the first day of a span: "с 12 по 25 ноября", "from 3 to 9 March"
    if (const auto j = m_range_joins.longest_at(t, after);
        j && j->last + 2 < t.size() && t[j->last + 1].kind == TokenKind::Number &&
        is_month(t, j->last + 2))
      return "a day of a month";
  }
  // a span of days read as a range: "from 3 to 9 March", "12–25 ноября"
  if (!f.spelled && !f.currency && f.qualifier == "range" && f.high && *f.high <= 31 &&
      is_month(t, after))
    return "a span of days of a month";
  // times of day: "19:12", "at 7:30" (hours and minutes glued by a colon)
  if (!f.spelled && f.plain_int && f.value <= 59) {
    auto glued = [&](std::size_t i) { return i < t.size() && !t[i].space_before; };
    if (after + 1 < t.size() && f.value <= 24 && t[after].lower == ":" && glued(after) &&
        glued(after + 1) && t[after + 1].kind == TokenKind::Number)
      return "a time of day";
    if (before > 1 && t[before - 1].lower == ":" && glued(before - 1 + 1) && glued(before - 1) &&
        t[before - 2].kind == TokenKind::Number)
      return "a time of day";
  }
  // "Lemekhani Nyirenda, 23, who ...": a small number set off by commas after
  // a name that is no country or people is a person's age; so it is after a
  // person's noun ("one Kenyan recruit, 24, was killed")
  // (or ends an item of a list of them: "Agbo Omale, 43; Adamu Ismail, 25; and ...")
  if (!f.spelled && f.plain_int && f.value >= 14 && f.value <= 99 && before >= 2 &&
      t[before - 1].lower == "," && t[before - 2].kind == TokenKind::Word &&
      (after == t.size() || t[after].lower == "," || t[after].lower == ")" ||
       t[after].lower == ";" || t[after].lower == ".")) {
    if ((t[before - 2].capitalized && !subjects.names_subject_ending_at(t, before - 2) &&
         !is_month(t, before - 2)) ||
        subjects.is_people_noun(t, before - 2))
      return "an age (a small number in commas after a name)";
  }
  // "Article 154-1", "Part 2-3": a number glued to a number before it by a hyphen
  // is part of a code
  if (before > 1 && !t[before].space_before && !t[before - 1].space_before &&
      t[before - 1].lower == "-" && t[before - 2].kind == TokenKind::Number)
    return "part of a code (a number glued to another by a hyphen)";
  // "Su-25", "MiG-29", "COVID-19", "Шахед-136": a number glued by a hyphen to
  // a word is a model's or a code's name
  if (before > 1 && !t[before].space_before && !t[before - 1].space_before &&
      t[before - 1].lower == "-" && t[before - 2].kind == TokenKind::Word)
    return "part of a name (a number glued to a word by a hyphen)";
  // "the 2024/25 budget": the second year of a fiscal year
  if (before > 1 && !t[before].space_before && t[before - 1].lower == "/" &&
      t[before - 2].kind == TokenKind::Number && t[before - 2].lower.size() == 4 &&
      t[before - 2].lower[0] >= '1' && t[before - 2].lower[0] <= '2' && f.plain_int &&
      (f.value < 100 || (f.value >= 1900 && f.value <= 2100)))
    return "a year (the second of a fiscal year)";
  // ("out of 10" is a share's base; "out of 1,417 Africans it identified, 234
  // are Ghanaians" counts the whole)
  // ("number in the hundreds": a vague amount is never a rank or an age; nor
  // is one with a scale word: "armed forces now number 1.5 million")
  const bool scaled = f.first < f.last && t[f.last].kind == TokenKind::Word && !f.currency;
  if (before > 0 && f.qualifier != "vague" && !scaled)
    if (auto b = m_before.longest_ending_at(t, before - 1);
        b && !(m_share_bases.longest_at(t, b->first) && of_a_total(t, f.first)))
      return "a word before it says it is no count (age, rank, number, score)";
  // "aged 23, 25 and 31": the items of a list after such a word are no counts either
  {
    std::size_t j = before;
    while (j >= 2 && t[j - 2].kind == TokenKind::Number &&
           (t[j - 1].lower == "," || m_list_joins.longest_at(t, j - 1)))
      j -= 2;
    while (j >= 1 && t[j - 1].kind == TokenKind::Number) --j;  // "23 , 25": the first item's digits
    // (the word itself, not a pattern with a number in it: "235 in 2023 and 518")
    const auto word = j < before && j > 0 ? m_before.longest_ending_at(t, j - 1) : std::nullopt;
    bool has_number = false;
    for (std::size_t k = word ? word->first : 0; word && k <= word->last; ++k)
      has_number = has_number || t[k].kind == TokenKind::Number;
    if (word && !has_number)
      return "an item of a list after a word that says it is no count (ages, units)";
  }
  // "190,000 rubles a month" is pay at a rate; "800 a day" is no head count
  // (the total is the number after the words, or their last: "из #")
  // (also glued by a hyphen: "three-fold", "two-thirds")
  const bool hyphened = after + 1 < t.size() && t[after].lower == "-" && !t[after].space_before &&
                        !t[after + 1].space_before;
  if (auto a = m_after.longest_at(t, hyphened ? after + 1 : after);
      a && !(f.currency && m_rates.longest_at(t, after)) && !m_ago.longest_at(t, a->last + 1) &&
      !of_a_total(t, t[a->last].kind == TokenKind::Number ? a->last : a->last + 1))
    return "a word after it makes it a share, rate or measure";
  if (!f.currency && (a_rate(t, after) || rate_closes(t, after) || rate_opens(t, f)))
    return "a rate (people counted by the day or month)";
  if (compared(t, f)) return "given to compare (another war or time)";
  if (an_age(t, f, subjects)) return "an age (its clause tells of ages)";
  // durations and ages: "two weeks", "four-year conflict", "24-year-old"
  std::size_t u = after;
  if (u < t.size() && t[u].lower == "-") ++u;
  if (m_time_units.longest_at(t, u)) return "a duration or an age";
  // "sentenced to 13 and 19 years": a list's first item shares the unit of the
  // item after it
  if (after + 2 < t.size() && (t[after].lower == "," || m_list_joins.longest_at(t, after))) {
    std::size_t n = after + 1;
    if (auto j = m_list_joins.longest_at(t, n); j && t[after].lower == ",") n = j->last + 1;
    if (n + 1 < t.size() && t[n].kind == TokenKind::Number && m_time_units.longest_at(t, n + 1))
      return "a duration or an age";
  }
  // ordinals written with a suffix: "119-й полк", "25-я дивизия"
  if (u > after && u < t.size() && !t[u].space_before && m_ordinal_suffixes.longest_at(t, u))
    return "an ordinal (a rank or a unit's number)";
  // weak numbers ("one") count people only right before a people noun (or
  // with a qualifier, which only a count takes, before its verb: "at least one
  // has been killed"; not "nearly one in five", "about one of them")
  const bool counted = f.qual_first < f.first && after < t.size() &&
                       t[after].kind == TokenKind::Word && !m_weak_of.longest_at(t, after) &&
                       !m_prepositions.longest_at(t, after);
  if (f.spelled && m_weak.longest_at(t, f.first) && f.first == f.last && !counted) {
    if (auto of = m_weak_of.longest_at(t, after)) {
      // ("one of its own was killed": one of a country's people, a count of one)
      if (!m_weak_own.longest_at(t, of->last + 1)) return "one of a group: a person, no count";
      return nullptr;
    }
    // ("шестеро непальцев погибли, еще один попал в плен": one more of them;
    // the engine keeps it only after another figure)
    if (one_more(t, f, subjects)) return nullptr;
    std::size_t n = after;
    // ("one individual", "one Kenyan", "one Nepali soldier")
    if (n < t.size() && t[n].kind == TokenKind::Word && !subjects.names_people_at(t, n)) ++n;
    if (!(n < t.size() && subjects.names_people_at(t, n)))
      return "a weak number word not before a people noun";
  }
  if (f.currency) return nullptr;
  // counts of things: "40 different countries", "300 families", "96
  // Moscow-bound flights" (the parts of a hyphened word count as one word)
  for (std::size_t j = after, words = 0; j < t.size() && words <= 2; ++j) {
    if (t[j].lower == "-" && !t[j].space_before && j + 1 < t.size() && !t[j + 1].space_before)
      continue;
    if (t[j].kind != TokenKind::Word || subjects.is_people_noun(t, j)) break;
    if (m_not_people.longest_at(t, j)) return "counts things, not people";
    if (!(j + 1 < t.size() && t[j + 1].lower == "-" && !t[j + 1].space_before)) ++words;
  }
  return nullptr;
}

}  // namespace nw::claims
