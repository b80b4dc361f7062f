#include "claims/context.hpp"

#include <array>
#include <chrono>
#include <cstdio>

namespace nw::claims {
namespace {

// Words that end a noun phrase when walking away from an attribution verb.
bool stops_phrase(const Token& t) {
  static constexpr std::array<std::string_view, 22> k_stops = {
      "that",   "who", "which", "when", "while", "but",  "and", "as", "if",   "because", "after",
      "before", "in",  "on",    "at",   "since", "with", "by",  "to", "than", "where",   "also"};
  if (t.kind != TokenKind::Word) return true;
  for (auto s : k_stops)
    if (t.lower == s) return true;
  return false;
}

bool is_aux(const Token& t) {
  static constexpr std::array<std::string_view, 14> k_aux = {
      "has",  "have",       "had",     "was",   "were",     "is",  "are",
      "also", "previously", "earlier", "later", "recently", "has", "had"};
  for (auto s : k_aux)
    if (t.lower == s) return true;
  return false;
}

std::string span_text(std::string_view doc, const std::vector<Token>& t, std::size_t b,
                      std::size_t e) {
  return std::string(doc.substr(t[b].start, t[e].end - t[b].start));
}

std::string iso(std::optional<int> y, std::optional<int> m, std::optional<int> d) {
  char buf[16];
  if (!y) return {};
  if (m && d) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", *y, *m, *d);
  } else if (m) {
    std::snprintf(buf, sizeof buf, "%04d-%02d", *y, *m);
  } else {
    std::snprintf(buf, sizeof buf, "%04d", *y);
  }
  return buf;
}

std::optional<int> small_int(const Token& t, int lo, int hi) {
  if (t.kind != TokenKind::Number || t.lower.size() > 4) return std::nullopt;
  int v = 0;
  for (char c : t.lower) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v < lo || v > hi) return std::nullopt;
  return v;
}

}  // namespace

ContextRules::ContextRules(const RulePack& pack) {
  for (const auto& p : pack.according) m_according.add(p, 0);
  for (const auto& p : pack.attribution_verbs) m_verbs.add(p, 0);
  for (const auto& p : pack.source_pronouns) m_pronouns.add(p, 0);
  for (const auto& p : pack.titles) m_titles.add(p, 0);
  for (std::size_t m = 0; m < pack.months.size(); ++m)
    for (const auto& p : pack.months[m]) m_months.add(p, static_cast<int>(m + 1));
  for (const auto& p : pack.period_leads) m_leads.add(p, 0);
  for (const auto& p : pack.period_parts) {
    m_parts.add(p, static_cast<int>(m_parts_text.size()));
    m_parts_text.push_back(p);
  }
  for (const auto& p : pack.relative_periods) {
    m_relative.add(p, static_cast<int>(m_relative_text.size()));
    m_relative_text.push_back(fold_case(p));
  }
  for (const auto& [side, phrases] : pack.force) {
    for (const auto& p : phrases) m_force.add(p, static_cast<int>(m_sides.size()));
    m_sides.push_back(side);
  }
}

std::optional<std::string> ContextRules::noun_phrase_before(std::string_view doc,
                                                            const std::vector<Token>& t,
                                                            std::size_t verb, bool& pronoun) const {
  std::size_t e = verb;
  while (e > 0 && is_aux(t[e - 1])) --e;
  if (e == 0) return std::nullopt;
  std::size_t b = e;
  while (b > 0 && e - b < 9) {
    const Token& w = t[b - 1];
    if (stops_phrase(w) && w.lower != "'s") {
      // keep "of"/"for"/"the" inside names: "Headquarters for the Treatment of Prisoners"
      const bool joiner = (w.lower == "of" || w.lower == "for" || w.lower == "the") && b - 1 > 0 &&
                          t[b - 2].kind == TokenKind::Word;
      if (!joiner) break;
    }
    --b;
  }
  if (b == e) return std::nullopt;
  if (auto p = m_pronouns.longest_at(t, b); p && p->last == e - 1) {
    pronoun = true;
    return std::nullopt;
  }
  while (b < e && (t[b].lower == "the" || t[b].lower == "a" || t[b].lower == "an")) ++b;
  while (b < e) {
    auto title = m_titles.longest_at(t, b);
    if (!title || title->last + 1 >= e) break;
    b = title->last + 1;
  }
  bool named = false;
  for (std::size_t i = b; i < e; ++i) named = named || t[i].capitalized;
  if (!named || b >= e) return std::nullopt;
  return span_text(doc, t, b, e - 1);
}

std::optional<std::string> ContextRules::noun_phrase_after(std::string_view doc,
                                                           const std::vector<Token>& t,
                                                           std::size_t from, bool& pronoun) const {
  std::size_t b = from;
  if (auto p = m_pronouns.longest_at(t, b)) {
    pronoun = true;
    return std::nullopt;
  }
  while (b < t.size() && (t[b].lower == "the" || t[b].lower == "a" || t[b].lower == "an")) ++b;
  std::size_t e = b;
  while (e < t.size() && e - b < 8 && (!stops_phrase(t[e]) || t[e].lower == "'s")) ++e;
  // "an August report by Nasha Niva": the author, not the report
  if (e + 1 < t.size() && t[e].lower == "by" && t[e + 1].capitalized) {
    b = e + 1;
    e = b;
    while (e < t.size() && e - b < 8 && (!stops_phrase(t[e]) || t[e].lower == "'s")) ++e;
  }
  if (e == b) return std::nullopt;
  return span_text(doc, t, b, e - 1);
}

SourceHit ContextRules::source(std::string_view doc, const std::vector<Token>& t) const {
  SourceHit verb_hit, according_hit;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (auto a = m_according.longest_at(t, i)) {
      if (!according_hit.name && !according_hit.pronoun)
        according_hit.name = noun_phrase_after(doc, t, a->last + 1, according_hit.pronoun);
      // the words of an attribution are not themselves attributions ("Ukrainian estimates")
      i = a->last;
      while (i + 1 < t.size() && !stops_phrase(t[i + 1])) ++i;
    } else if (m_verbs.longest_at(t, i) && !verb_hit.name) {
      bool pron = false;
      verb_hit.name = noun_phrase_before(doc, t, i, pron);
      verb_hit.pronoun = verb_hit.pronoun || pron;
    }
  }
  if (verb_hit.name) return verb_hit;
  if (according_hit.name || according_hit.pronoun) return according_hit;
  return verb_hit;
}

bool ContextRules::relative_at(const std::vector<Token>& t, std::size_t i) const {
  if (m_relative.longest_at(t, i)) return true;
  const auto part = m_parts.longest_at(t, i);
  return part && m_relative.longest_at(t, part->last + 1);
}

std::optional<ContextRules::Date> ContextRules::date_at(const std::vector<Token>& t, std::size_t i,
                                                        const DocContext& ctx) const {
  Date d;
  std::optional<int> part_month;
  if (auto p = m_parts.longest_at(t, i)) {
    const std::string& txt = m_parts_text[static_cast<std::size_t>(p->id)];
    if (txt.find("first half") != std::string::npos) part_month = 6;
    if (txt.find("second half") != std::string::npos || txt.find("end") != std::string::npos)
      part_month = 12;
    i = p->last + 1;
    if (i >= t.size()) return std::nullopt;
  }
  std::optional<int> year_now, month_now;
  if (ctx.published) {
    const auto ymd =
        std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(*ctx.published));
    year_now = static_cast<int>(ymd.year());
    month_now = static_cast<int>(static_cast<unsigned>(ymd.month()));
  }
  if (auto r = m_relative.longest_at(t, i)) {
    const std::string& txt = m_relative_text[static_cast<std::size_t>(r->id)];
    d.last = r->last;
    d.relative = true;
    if (year_now) {
      if (txt.find("this year") != std::string::npos) d.year = year_now;
      if (txt.find("last year") != std::string::npos) d.year = *year_now - 1;
      if (txt == "this month" || txt == "last month") {
        int y = *year_now, m = *month_now - (txt == "last month" ? 1 : 0);
        if (m == 0) m = 12, --y;
        d.year = y;
        d.month = m;
      }
    }
  } else if (auto m = m_months.longest_at(t, i)) {
    d.month = m->id;
    d.last = m->last;
    std::size_t j = m->last + 1;
    if (j < t.size()) {
      if (auto day = small_int(t[j], 1, 31)) {
        d.day = day;
        d.last = j++;
        if (j < t.size() && t[j].lower == ",") ++j;
      }
    }
    if (j < t.size()) {
      if (auto y = small_int(t[j], 1900, 2100)) {
        d.year = y;
        d.last = j;
      }
    }
    if (!d.year) d.day.reset();
  } else if (auto day = small_int(t[i], 1, 31);
             day && i + 1 < t.size() && m_months.longest_at(t, i + 1)) {
    auto mm = m_months.longest_at(t, i + 1);
    d.day = day;
    d.month = mm->id;
    d.last = mm->last;
    if (d.last + 1 < t.size()) {
      if (auto y = small_int(t[d.last + 1], 1900, 2100)) {
        d.year = y;
        ++d.last;
      }
    }
    if (!d.year) d.day.reset();
  } else if (auto y = small_int(t[i], 1900, 2100)) {
    d.year = y;
    d.last = i;
  } else {
    return std::nullopt;
  }
  if (part_month && !d.month) d.month = part_month;
  if (d.month && !d.year) {
    d.month.reset();  // "in December": the year is unknown
    d.day.reset();
  }
  return d;
}

std::vector<PeriodHit> ContextRules::periods(std::string_view doc, const std::vector<Token>& t,
                                             const DocContext& ctx) const {
  std::vector<PeriodHit> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    auto lead = m_leads.longest_at(t, i);
    if (!lead && !relative_at(t, i)) continue;  // without a lead only "this year" & co. count
    const std::size_t at = lead ? lead->last + 1 : i;
    if (at >= t.size()) break;
    auto d = date_at(t, at, ctx);
    if (!d || (!lead && !d->relative)) continue;
    PeriodHit p{i, d->last, {}, std::nullopt};
    Date end = *d;
    // "between February 24, 2022, and early July 2025": as of the second date
    std::size_t j = d->last + 1;
    if (j < t.size() && t[j].lower == ",") ++j;
    if (lead && j < t.size() &&
        (t[j].lower == "and" || t[j].lower == "to" || t[j].lower == "until")) {
      if (auto d2 = date_at(t, j + 1, ctx)) {
        end = *d2;
        p.last = d2->last;
      }
    }
    const bool since = t[i].lower == "since" || t[i].lower == "from";
    if (end.year && !(since && p.last == d->last)) p.as_of = iso(end.year, end.month, end.day);
    p.text = span_text(doc, t, p.first, p.last);
    out.push_back(std::move(p));
    i = p.last;
  }
  return out;
}

std::vector<ForceHit> ContextRules::forces(const std::vector<Token>& t) const {
  std::vector<ForceHit> out;
  for (const auto& m : m_force.find_all(t))
    out.push_back({m.first, m.last, m_sides[static_cast<std::size_t>(m.id)]});
  return out;
}

}  // namespace nw::claims
