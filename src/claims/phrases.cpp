#include "claims/phrases.hpp"

namespace nw::claims {
namespace {

bool term_matches(const Term& t, const Token& tok) {
  switch (t.kind) {
    case Term::Kind::Exact:
      return tok.lower == t.text;
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
    m_by_first[(*terms)[0].text].push_back(idx);
  } else {
    m_wild_first.push_back(idx);
  }
  m_phrases.push_back({std::move(*terms), id});
  return true;
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
  if (auto it = m_by_first.find(tokens[i].lower); it != m_by_first.end()) {
    for (std::size_t idx : it->second) consider(idx);
  }
  for (std::size_t idx : m_wild_first) consider(idx);
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
    if (auto it = m_by_first.find(tokens[first].lower); it != m_by_first.end()) {
      for (std::size_t idx : it->second)
        if (fits(idx)) return PhraseMatch{first, last, m_phrases[idx].id};
    }
    for (std::size_t idx : m_wild_first)
      if (fits(idx)) return PhraseMatch{first, last, m_phrases[idx].id};
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
