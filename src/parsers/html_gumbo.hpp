// One page parsed by gumbo, with the nesting flattened first: gumbo's time
// grows with the square of the depth, so a hostile page a million elements
// deep would never finish.
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace nw::parsers {

// Deeper than this, start tags (and their end tags) are dropped; text is kept.
constexpr std::size_t k_max_html_depth = 128;

// `html` with start tags beyond `max_depth` open elements (and their end tags)
// removed, and any DOCTYPE after the first tag; empty when nothing had to go.
// Elements whose end tag HTML lets pages omit (p, li, td...) and void elements
// are not counted as depth.
std::string flatten_html(std::string_view html, std::size_t max_depth = k_max_html_depth);

class GumboDocument {
 public:
  explicit GumboDocument(std::string_view html);
  ~GumboDocument();
  GumboDocument(const GumboDocument&) = delete;
  GumboDocument& operator=(const GumboDocument&) = delete;

  const GumboNode* root() const { return m_out->root; }
  bool flattened() const { return !m_flat.empty(); }  // nesting beyond k_max_html_depth cut

 private:
  std::string m_flat;
  GumboOptions m_options;
  GumboOutput* m_out;
};

}  // namespace nw::parsers
