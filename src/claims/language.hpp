// Which language an article is written in, from its letters and function words:
// enough to choose a rule pack, and fast (a bounded prefix of the text).
#pragma once

#include <string>
#include <string_view>

namespace nw::claims {

// "ru", "uk", "be" for Cyrillic text, "en" for Latin text, "" when the text has
// too few letters to tell. Reads at most the first 8 KiB.
std::string detect_language(std::string_view text);

}  // namespace nw::claims
