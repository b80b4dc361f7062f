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
      return tok.kind == TokenKind::Word || tok.kind == TokenKind::Ordinal;
  }
  return false;
}

}  // namespace

std::optional<std::vector<Term>> compile_terms(std::string_view phrase) {
  // a lone hyphen ("150-200") would read as a dash opening a phrase
  if (phrase == "-") return std::vector<Term>{Term{Term::Kind::Exact, "-", word_hash("-")}};
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
  const Term& head = (*terms)[0];
  if (head.kind == Term::Kind::Exact) {
    m_exact.add(head.hash, idx);
    m_heads.set(head.hash & (k_head_bits - 1));
  } else if (head.kind == Term::Kind::Prefix && head.text.size() >= k_stem_bytes) {
    const std::uint32_t h = word_hash(std::string_view(head.text).substr(0, k_stem_bytes));
    m_stems.add(h, idx);
    m_stem_heads.set(h & (k_stem_bits - 1));
  } else if (head.kind == Term::Kind::Number) {
    m_number_first.push_back(idx);
  } else {
    m_wild_first.push_back(idx);
  }
  std::size_t weight = 0;
  for (const Term& t : *terms) {
    if (t.kind == Term::Kind::Exact) weight += 2 * t.text.size() + 1;
    if (t.kind == Term::Kind::Prefix) weight += 2 * t.text.size();
  }
  m_phrases.push_back({std::move(*terms), id, weight});
  return true;
}

template <typename F>
void PhraseSet::for_each_candidate(const Token& tok, F&& f) const {
  if (const auto* list = m_exact.find(tok.hash))
    for (std::size_t idx : *list) f(idx);
  if (tok.lower.size() >= k_stem_bytes) {
    if (const auto* list = m_stems.find(tok.stem_hash))
      for (std::size_t idx : *list) f(idx);
  }
  // ("# countries in Africa" among the subjects: without this, every word of
  // every sentence was tried against them)
  if (tok.kind == TokenKind::Number)
    for (std::size_t idx : m_number_first) f(idx);
  for (std::size_t idx : m_wild_first) f(idx);
}

bool PhraseSet::matches(const Phrase& p, const std::vector<Token>& tokens, std::size_t i) const {
  if (i + p.terms.size() > tokens.size()) return false;
  for (std::size_t k = 0; k < p.terms.size(); ++k) {
    if (!term_matches(p.terms[k], tokens[i + k])) return false;
  }
  return true;
}

std::optional<PhraseMatch> PhraseSet::longest_from(const std::vector<Token>& tokens,
                                                   std::size_t i) const {
  std::optional<PhraseMatch> best;
  std::size_t best_weight = 0;
  auto consider = [&](std::size_t idx) {
    const Phrase& p = m_phrases[idx];
    const std::size_t len = best ? best->last - best->first + 1 : 0;
    // of two phrases as long, the more specific wins: "белорусск*" (the
    // adjective) over "белорус*" (the people), an exact word over a stem
    if (best && (p.terms.size() < len || (p.terms.size() == len && p.weight <= best_weight)))
      return;
    if (matches(p, tokens, i)) {
      best = PhraseMatch{i, i + p.terms.size() - 1, p.id};
      best_weight = p.weight;
    }
  };
  for_each_candidate(tokens[i], consider);
  return best;
}

std::optional<PhraseMatch> PhraseSet::longest_ending_at(const std::vector<Token>& tokens,
                                                        std::size_t last) const {
  if (last >= tokens.size()) return std::nullopt;
  // only phrases whose first word fits the candidate start are tried
  for (std::size_t len = std::min(m_max_len, last + 1); len >= 1; --len) {
    const std::size_t first = last + 1 - len;
    if (!may_start(tokens[first])) continue;  // no candidates: spare the probes
    auto fits = [&](std::size_t idx) {
      const Phrase& p = m_phrases[idx];
      return p.terms.size() == len && matches(p, tokens, first);
    };
    std::optional<PhraseMatch> hit;
    for_each_candidate(tokens[first], [&](std::size_t idx) {
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
