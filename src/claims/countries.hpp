// The world's countries as subjects: iso-codes names plus our demonym table.
#pragma once

#include <string>
#include <vector>

#include "claims/rule_pack.hpp"

namespace nw::claims {

// Every ISO 3166-1 country with English names, demonyms, plurals and variant
// spellings, from data embedded at build time; for "ru", "uk" and "be" also the
// Cyrillic forms of countries_cyrillic.tsv. Parsed on each call; cheap enough
// for pack loading, which happens once.
std::vector<SubjectDef> builtin_countries(const std::string& language = "en");

}  // namespace nw::claims
