// An HTML page's main text ("article body"), in the spirit of readability and
// trafilatura: boilerplate (navigation, header, footer, asides, forms, comment
// sections, share widgets) is dropped and the container whose blocks carry the
// most text and the fewest links is kept. Language-neutral: lengths are counted
// in characters, with CJK characters weighted as words.
#pragma once

#include <gumbo.h>

#include <string>

namespace nw::parsers {

struct MainText {
  std::string text;  // paragraphs, headings and list items, separated by "\n\n"
  std::string html;  // the same blocks as simple, escaped HTML (<p>, <h2>, <li>...)
};

// Extracts the main text below `root` (a gumbo document). Never throws on odd
// markup; gives empty text when the page has none. Bounded: subtrees deeper than
// a fixed limit are ignored.
MainText extract_main_text(const GumboNode* root);

}  // namespace nw::parsers
