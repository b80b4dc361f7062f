#include "claims/stemmer.hpp"

#include <libstemmer.h>

#include <memory>

#include "claims/extractor.hpp"
#include "claims/text.hpp"

namespace nw::claims {
namespace {

const char* algorithm(std::string_view language) {
  if (language == "ru") return "russian";
  if (language == "en") return "english";
  return nullptr;
}

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

// A Snowball stem never shorter than this: "сто~" must not become "ст*".
constexpr std::size_t k_min_stem_bytes = 6;

}  // namespace

std::optional<std::string> snowball_stem(std::string_view language, std::string_view word) {
  const char* alg = algorithm(language);
  if (!alg) return std::nullopt;
  // a stemmer is not thread-safe; pack loading is rare, so one per call
  std::unique_ptr<sb_stemmer, StemmerDeleter> st(sb_stemmer_new(alg, "UTF_8"));
  if (!st) return std::nullopt;
  const std::string folded = fold_case(word);
  const sb_symbol* out = sb_stemmer_stem(
      st.get(), reinterpret_cast<const sb_symbol*>(folded.data()), static_cast<int>(folded.size()));
  if (!out) return std::nullopt;
  std::string stem(reinterpret_cast<const char*>(out),
                   static_cast<std::size_t>(sb_stemmer_length(st.get())));
  if (stem.size() < k_min_stem_bytes) return folded;  // short words stay whole
  return stem;
}

std::optional<std::string> expand_snowball_phrase(std::string_view language,
                                                  std::string_view phrase) {
  if (phrase.find('~') == std::string_view::npos) return std::string(phrase);
  std::string out;
  std::size_t i = 0;
  while (i < phrase.size()) {
    const std::size_t sp = phrase.find(' ', i);
    const std::string_view word =
        phrase.substr(i, sp == std::string_view::npos ? std::string_view::npos : sp - i);
    if (!out.empty()) out += ' ';
    if (word.size() > 1 && word.back() == '~') {
      auto stem = snowball_stem(language, word.substr(0, word.size() - 1));
      if (!stem) return std::nullopt;
      out += *stem + "*";
    } else {
      out += word;
    }
    if (sp == std::string_view::npos) break;
    i = sp + 1;
  }
  return out;
}

void expand_snowball_stems(RulePack& pack) {
  auto list = [&](std::vector<std::string>& phrases) {
    for (auto& p : phrases) {
      auto e = expand_snowball_phrase(pack.language, p);
      if (!e)
        throw RulePackError(pack.file + ":1:1: \"" + p + "\": Snowball has no stemmer for '" +
                            pack.language + "'; write the stem with '*'");
      p = std::move(*e);
    }
  };
  for (auto* l :
       {&pack.people_nouns, &pack.origin_words, &pack.not_people, &pack.time_units,
        &pack.before_not_claim, &pack.after_not_claim, &pack.negations, &pack.hypotheticals,
        &pack.according, &pack.attribution_verbs, &pack.source_pronouns, &pack.titles,
        &pack.evidence_nouns, &pack.continuations, &pack.period_leads, &pack.since_leads,
        &pack.period_parts, &pack.relative_periods})
    list(*l);
  for (auto& [side, phrases] : pack.force) list(phrases);
  for (auto& [unit, phrases] : pack.units) list(phrases);
  for (auto& [meaning, phrases] : pack.period_meanings) list(phrases);
  for (auto& s : pack.subjects)
    for (auto* l : {&s.names, &s.demonyms, &s.plurals, &s.actors}) list(*l);
  for (auto& m : pack.metrics) {
    list(m.keywords);
    list(m.exclude);
    list(m.exclude_except);
  }
}

}  // namespace nw::claims
