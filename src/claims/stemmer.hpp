// Snowball stemming of rule-pack words: "погибли~" in a Russian pack stands for
// every word starting with Snowball's stem of it ("погибл*"), so packs can list
// words as written instead of hand-made stems where Snowball knows the language.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "claims/rule_pack.hpp"

namespace nw::claims {

// The Snowball stem of one lower-case word in `language` (ISO 639-1), nullopt
// when Snowball (Debian's libstemmer 2.2) has no stemmer for it: it has Russian
// and English, not Ukrainian or Belarusian.
std::optional<std::string> snowball_stem(std::string_view language, std::string_view word);

// Rewrites every phrase of `pack` whose words end in "~" into stems ("word*").
// Throws RulePackError naming the pack when its language has no stemmer.
void expand_snowball_stems(RulePack& pack);

// The same for one phrase; `language` as above; nullopt without a stemmer.
std::optional<std::string> expand_snowball_phrase(std::string_view language,
                                                  std::string_view phrase);

}  // namespace nw::claims
