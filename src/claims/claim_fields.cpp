// A claim's other fields: unit, period and side, and the sums that are no pay
// to recruits (brokers' fees, civilian wages).
#include "claims/engine_sentence.hpp"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <sstream>
#include <tuple>

namespace nw::claims {
using namespace engine_detail;

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
