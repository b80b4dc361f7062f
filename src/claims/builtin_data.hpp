// Data embedded at build time (see embed.cmake).
#pragma once

#include <string_view>

namespace nw::claims {

extern const std::string_view k_recruitment_pack;  // rules/recruitment.toml
extern const std::string_view k_iso_3166_json;     // iso-codes' iso_3166-1.json
extern const std::string_view k_demonyms_tsv;      // src/claims/demonyms.tsv

}  // namespace nw::claims
