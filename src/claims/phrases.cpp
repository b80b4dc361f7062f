#include "claims/phrases.hpp"

#include <algorithm>

namespace nw::claims {
namespace {

bool term_matches(const Term& t, const Token& tok) {
  switch (t.kind) {
    case Term::Kind::Exact:
      return tok.hash == t.hash && tok.lower == t.text;
    case Term::Kind::Prefix:
      return tok.kind == TokenKind::Word && tok.lower.starts_with(t.text);
    case Term::Kind::Number:
      return tok.kind == TokenKind::Number;
    case Term::Kind::AnyWord:
      return tok.kind == TokenKind::Word;
  }
  return false;
}

}  // namespace

std::optional<std::vector<Term>> compile_terms(std::string_view phrase) {
  const std::vector<Token> toks = tokenize(phrase);
  std::vector<Term> terms;
  for (std::size_t i = 0; i < toks.size(); ++i) {
    const Token& t = toks[i];
    Term term;
    term.text = t.lower;
    if (t.lower == "#") {
      term.kind = Term::Kind::Number;
    } else if (t.lower == "?") {
      term.kind = Term::Kind::AnyWord;
    } else if (i + 1 < toks.size() && toks[i + 1].lower == "*" && !toks[i + 1].space_before) {
      term.kind = Term::Kind::Prefix;
      ++i;
    }
    term.hash = word_hash(term.text);
    terms.push_back(std::move(term));
  }
  if (terms.empty()) return std::nullopt;
  return terms;
}

bool PhraseSet::add(std::string_view phrase, int id) {
  auto terms = compile_terms(phrase);
  if (!terms) return false;
  const std::size_t idx = m_phrases.size();
  m_max_len = std::max(m_max_len, terms->size());
  if ((*terms)[0].kind == Term::Kind::Exact) {
    const std::uint32_t h = (*terms)[0].hash;
    if (!starting(h)) {
      if ((m_by_first.size() + 1) * 2 > m_slots.size())
        rehash(std::max<std::size_t>(16, m_slots.size() * 2));
      std::size_t at = h & (m_slots.size() - 1);
      while (m_slots[at].list >= 0) at = (at + 1) & (m_slots.size() - 1);
      m_slots[at] = {h, static_cast<std::int32_t>(m_by_first.size())};
      m_by_first.emplace_back();
    }
    m_by_first[static_cast<std::size_t>(starting(h) - m_by_first.data())].push_back(idx);
  } else if ((*terms)[0].kind == Term::Kind::Prefix && !(*terms)[0].text.empty()) {
    m_prefix_first.push_back(idx);
    m_prefix_bytes.set(static_cast<unsigned char>((*terms)[0].text[0]));
  } else {
    m_wild_first.push_back(idx);
  }
  m_phrases.push_back({std::move(*terms), id});
  return true;
}

const std::vector<std::size_t>* PhraseSet::starting(std::uint32_t h) const {
  if (m_slots.empty()) return nullptr;
  const std::size_t mask = m_slots.size() - 1;
  for (std::size_t at = h & mask;; at = (at + 1) & mask) {
    const Slot& s = m_slots[at];
    if (s.list < 0) return nullptr;
    if (s.hash == h) return &m_by_first[static_cast<std::size_t>(s.list)];
  }
}

void PhraseSet::rehash(std::size_t slots) {
  std::vector<Slot> old = std::move(m_slots);
  m_slots.assign(slots, Slot{});
  for (const Slot& s : old) {
    if (s.list < 0) continue;
    std::size_t at = s.hash & (slots - 1);
    while (m_slots[at].list >= 0) at = (at + 1) & (slots - 1);
    m_slots[at] = s;
  }
}

template <typename F>
void PhraseSet::for_each_inexact(const Token& tok, F&& f) const {
  if (!tok.lower.empty() && m_prefix_bytes.test(static_cast<unsigned char>(tok.lower[0])))
    for (std::size_t idx : m_prefix_first) f(idx);
  for (std::size_t idx : m_wild_first) f(idx);
}

bool PhraseSet::matches(const Phrase& p, const std::vector<Token>& tokens, std::size_t i) const {
  if (i + p.terms.size() > tokens.size()) return false;
  for (std::size_t k = 0; k < p.terms.size(); ++k) {
    if (!term_matches(p.terms[k], tokens[i + k])) return false;
  }
  return true;
}

std::optional<PhraseMatch> PhraseSet::longest_at(const std::vector<Token>& tokens,
                                                 std::size_t i) const {
  if (i >= tokens.size()) return std::nullopt;
  std::optional<PhraseMatch> best;
  auto consider = [&](std::size_t idx) {
    const Phrase& p = m_phrases[idx];
    if (best && p.terms.size() <= best->last - best->first + 1) return;
    if (matches(p, tokens, i)) best = PhraseMatch{i, i + p.terms.size() - 1, p.id};
  };
  if (const auto* list = starting(tokens[i].hash)) {
    for (std::size_t idx : *list) consider(idx);
  }
  for_each_inexact(tokens[i], consider);
  return best;
}

std::optional<PhraseMatch> PhraseSet::longest_ending_at(const std::vector<Token>& tokens,
                                                        std::size_t last) const {
  if (last >= tokens.size()) return std::nullopt;
  // only phrases whose first word fits the candidate start are tried
  for (std::size_t len = std::min(m_max_len, last + 1); len >= 1; --len) {
    const std::size_t first = last + 1 - len;
    auto fits = [&](std::size_t idx) {
      const Phrase& p = m_phrases[idx];
      return p.terms.size() == len && matches(p, tokens, first);
    };
    if (const auto* list = starting(tokens[first].hash)) {
      for (std::size_t idx : *list)
        if (fits(idx)) return PhraseMatch{first, last, m_phrases[idx].id};
    }
    std::optional<PhraseMatch> hit;
    for_each_inexact(tokens[first], [&](std::size_t idx) {
      if (!hit && fits(idx)) hit = PhraseMatch{first, last, m_phrases[idx].id};
    });
    if (hit) return hit;
  }
  return std::nullopt;
}

std::vector<PhraseMatch> PhraseSet::find_all(const std::vector<Token>& tokens) const {
  std::vector<PhraseMatch> out;
  for (std::size_t i = 0; i < tokens.size();) {
    if (auto m = longest_at(tokens, i); m) {
      out.push_back(*m);
      i = m->last + 1;
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace nw::claims
