#include "claims/context.hpp"

#include <array>
#include <chrono>
#include <cstdio>

namespace nw::claims {
namespace {

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
  for (std::size_t m = 0; m < pack.months.size(); ++m)
    for (const auto& p : pack.months[m]) m_months.add(p, static_cast<int>(m + 1));
  for (const auto& p : pack.period_leads) m_leads.add(p, 0);
  // packs written before [time] since existed: the English words
  for (const auto& p :
       pack.since_leads.empty() ? std::vector<std::string>{"since", "from"} : pack.since_leads)
    m_since.add(p, 0);
  for (const auto& p : pack.period_parts) {
    m_parts.add(p, static_cast<int>(m_parts_text.size()));
    m_parts_text.push_back(p);
  }
  for (const auto& p : pack.relative_periods) {
    m_relative.add(p, static_cast<int>(m_relative_text.size()));
    m_relative_text.push_back(fold_case(p));
  }
  // other languages name what their phrases mean: "в этом году" is "this year"
  for (const auto& [meaning, phrases] : pack.period_meanings) {
    const bool relative =
        meaning.find("year") != std::string::npos || meaning.find("month") != std::string::npos;
    for (const auto& p : phrases) {
      if (relative) {
        m_relative.add(p, static_cast<int>(m_relative_text.size()));
        m_relative_text.push_back(meaning);
      } else {
        m_parts.add(p, static_cast<int>(m_parts_text.size()));
        m_parts_text.push_back(meaning);
      }
    }
  }
  for (const auto& [side, phrases] : pack.force) {
    for (const auto& p : phrases) m_force.add(p, static_cast<int>(m_sides.size()));
    m_sides.push_back(side);
  }
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
    // "с начала года": a relative phrase that opens with a lead word
    if (!d && lead && relative_at(t, i)) {
      d = date_at(t, i, ctx);
      lead.reset();
    }
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
    const bool since = lead && m_since.longest_at(t, i).has_value();
    if (end.year && !(since && p.last == d->last)) p.as_of = iso(end.year, end.month, end.day);
    // "в 2022-м", "у 2023-му": a case ending hyphenated to the year is part of it
    while (p.last + 2 < t.size() && t[p.last + 1].lower == "-" && !t[p.last + 1].space_before &&
           !t[p.last + 2].space_before && t[p.last + 2].kind == TokenKind::Word &&
           t[p.last + 2].lower.size() <= 6)
      p.last += 2;
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
