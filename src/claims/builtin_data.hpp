// Data embedded at build time (see embed.cmake).
#pragma once

#include <string_view>

namespace nw::claims {

extern const std::string_view k_recruitment_pack;        // rules/recruitment.toml
extern const std::string_view k_recruitment_ru_pack;     // rules/recruitment-ru.toml
extern const std::string_view k_recruitment_uk_pack;     // rules/recruitment-uk.toml
extern const std::string_view k_recruitment_be_pack;     // rules/recruitment-be.toml
extern const std::string_view k_iso_3166_json;           // iso-codes' iso_3166-1.json
extern const std::string_view k_demonyms_tsv;            // src/claims/demonyms.tsv
extern const std::string_view k_countries_cyrillic_tsv;  // src/claims/countries_cyrillic.tsv
extern const std::string_view k_iso_names_tsv;           // iso_names.py: iso-codes' translations
extern const std::string_view k_capitals_tsv;            // src/claims/capitals.tsv

}  // namespace nw::claims
