// Who a sentence attributes its figures to: the whole noun phrase of an
// attribution ("according to X", "X said", "citing X", "X's data show").
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "claims/phrases.hpp"
#include "claims/rule_pack.hpp"
#include "claims/text.hpp"

namespace nw::claims {

// An attribution found in a sentence.
struct SourceHit {
  std::optional<std::string> name;  // "Slidstvo.Info"
  bool pronoun = false;             // "the group said": the previous source
  // the token of the verb the name is the subject of ("X said"), if any
  std::optional<std::size_t> verb;
};

class SourceRules {
 public:
  // Compiles the [sources] section of a pack.
  explicit SourceRules(const RulePack& pack);
  // The attribution of the sentence; `doc` is the whole text the tokens index.
  SourceHit source(std::string_view doc, const std::vector<Token>& t) const;
  // The name a party is stored under: one name in every language ("Хочу жить"
  // → "I Want to Live"), fragments trimmed ("the Foreign Ministry has been"),
  // nothing for what names no party ("There was a", "Wednesday"). A party
  // needs a capitalized word, unless the caller knows it is an institution a
  // people's word qualifies (`qualified`: "южнокорейской разведки").
  std::optional<std::string> canonical(const std::string& name, bool qualified = false) const;
  // "Putin" → "Vladimir Putin" when the text before `before` names him in full.
  std::string full_name(std::string_view doc, std::size_t before, const std::string& name) const;

 private:
  // Bounds [b, e) of the name inside a noun phrase: determiners, titles and
  // descriptors ("the rights group Memorial") go, so does "'s data".
  std::optional<std::string> name_in(std::string_view doc, const std::vector<Token>& t,
                                     std::size_t b, std::size_t e, bool& pronoun) const;
  std::optional<std::string> phrase_before(std::string_view doc, const std::vector<Token>& t,
                                           std::size_t verb, bool& pronoun) const;
  std::optional<std::string> phrase_after(std::string_view doc, const std::vector<Token>& t,
                                          std::size_t from, bool& pronoun,
                                          bool agent = false) const;
  std::map<std::string, std::string> m_aliases;  // folded alias → canonical name
  std::set<std::string> m_not_names;             // folded words that name no party
  std::set<std::string> m_generic;               // folded words that name no party alone
  PhraseSet m_according, m_verbs, m_pronouns, m_titles, m_evidence, m_continuations;
  PhraseSet m_passives;      // [sources] passives
  PhraseSet m_participles;   // [sources] participles
  PhraseSet m_institutions;  // "министерств*": a name that opens on one is whole
  PhraseSet m_places;        // "в", "у": before an institution, where it was said
};

}  // namespace nw::claims
