// Subject mentions: countries, demonyms, aggregates ("foreign nationals").
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "claims/phrases.hpp"
#include "claims/rule_pack.hpp"
#include "claims/text.hpp"

namespace nw::claims {

// How firmly a mention names the people counted.
enum class Strength : int {
  Force = 0,   // inside a side phrase ("fighting for Russia"): last resort
  Weak = 1,    // a state actor or an adjective on a thing ("Moscow", "Belarusian army")
  Name = 2,    // a country name ("Nepal")
  People = 3,  // people of the country ("Belarusians", "Indian citizens", "foreign fighters")
};

// One mention of a subject over tokens [first, last].
struct Mention {
  std::size_t first = 0;
  std::size_t last = 0;
  std::string subject;
  Strength strength = Strength::Weak;
  bool place = false;  // a country after "in", "to": where, not whose people ("killed in Ukraine")
  bool after_place_word = false;  // any mention after "in", "to" ("in Russian schemes")
  bool actor = false;             // a state actor standing for the country ("Moscow", "Putin")
  bool institution = false;       // qualifies an institution: "the US Congress", "Kenya's embassy"
  bool official = false;  // an adjective of a state's institution: "the Sri Lankan government"
  bool away = false;      // after "from" with no people before: "returned from Russia"
  bool origin = false;    // after "from" or another origin word: "men from Nepal"
};

// The subjects of a pack (with the built-in countries when it asks for them).
class SubjectIndex {
 public:
  // Compiles subject names; `people` are nouns that make "Indian citizens" a people mention.
  SubjectIndex(const RulePack& pack);
  // Every mention in the sentence, left to right; mentions inside `force_spans` are Force.
  std::vector<Mention> find(
      const std::vector<Token>& tokens,
      const std::vector<std::pair<std::size_t, std::size_t>>& force_spans) const;
  // True if the token at i is a people noun ("citizens", "troops").
  bool is_people_noun(const std::vector<Token>& tokens, std::size_t i) const;
  // True if servicemen are named at i ("troops", "военных": [words] servicemen).
  bool is_servicemen(const std::vector<Token>& tokens, std::size_t i) const;
  // True if people are named at i: a people noun, or a demonym ("Kenyan", "Nepalis").
  bool names_people_at(const std::vector<Token>& tokens, std::size_t i) const;
  // True if a subject (a country, its people, an aggregate) is named ending at `last`.
  bool names_subject_ending_at(const std::vector<Token>& tokens, std::size_t last) const;
  // True if `tokens` are all one people's word, a demonym or its plural ("Cuban",
  // "Central Asian", "Nepalis"): people, not a party that could speak.
  bool people_only(const std::vector<Token>& tokens) const;

 private:
  // The longest subject phrase at i: a capitalised name only on a capitalised word.
  std::optional<PhraseMatch> longest_at(const std::vector<Token>& tokens, std::size_t i) const;
  // True if `m` is a people's word: a demonym or its plural, not a name.
  bool people_phrase(const PhraseMatch& m) const;
  enum Kind { k_name = 0, k_demonym = 1, k_plural = 2, k_actor = 3 };
  std::vector<std::string> m_names;   // canonical, by subject index
  std::vector<int> m_phrase_subject;  // by phrase id
  std::vector<int> m_phrase_kind;     // by phrase id
  PhraseSet m_phrases;                // matched in any case
  PhraseSet m_capital_phrases;        // names written with a capital: capitalised words only
  PhraseSet m_people;
  PhraseSet m_origin;                 // "из", "з": "men from Nepal"
  PhraseSet m_places;                 // "in", "в": "died in Ukraine"
  PhraseSet m_institutions;           // "Congress": "the US Congress" names no people
  PhraseSet m_servicemen;             // "soldiers": "soldiers of the Russian army" are Russia's
  PhraseSet m_links;                  // "of the": joins the soldiers to their army
  std::string m_aggregate;            // the subject with aggregate = true ("foreign"), if any
  std::vector<std::string> m_forces;  // the parties to the war ([force])

  // Where the servicemen a side's phrase [first, ...] belongs to begin ("40
  // soldiers of the Russian army", "военнослужащих армии РФ"), if they do.
  std::optional<std::size_t> servicemen_before(const std::vector<Token>& tokens,
                                               std::size_t first) const;
};

}  // namespace nw::claims
