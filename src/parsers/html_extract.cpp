#include "parsers/html_extract.hpp"

#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace nw::parsers {
namespace {

// Subtrees below this depth are ignored: the walks recurse.
constexpr int k_max_depth = 200;
// A run of inline text at least this heavy is a paragraph that votes for its container.
constexpr double k_min_paragraph = 25;

const GumboElement* element(const GumboNode* n) {
  return n->type == GUMBO_NODE_ELEMENT ? &n->v.element : nullptr;
}

std::string_view attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a ? std::string_view(a->value) : std::string_view();
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Never text: code, media, controls, and the document head.
bool is_skipped_tag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_MENU:
      return true;
    default:
      return false;
  }
}

// Page furniture by its element alone.
bool is_boilerplate_tag(GumboTag t) {
  return t == GUMBO_TAG_NAV || t == GUMBO_TAG_ASIDE || t == GUMBO_TAG_FOOTER ||
         t == GUMBO_TAG_HEADER || t == GUMBO_TAG_FIGCAPTION;
}

// Elements whose text flows inside a paragraph rather than starting a new block.
bool is_inline_tag(GumboTag t) {
  switch (t) {
    case GUMBO_TAG_A:
    case GUMBO_TAG_ABBR:
    case GUMBO_TAG_B:
    case GUMBO_TAG_BDI:
    case GUMBO_TAG_BDO:
    case GUMBO_TAG_BIG:
    case GUMBO_TAG_CITE:
    case GUMBO_TAG_CODE:
    case GUMBO_TAG_DATA:
    case GUMBO_TAG_DEL:
    case GUMBO_TAG_DFN:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_FONT:
    case GUMBO_TAG_I:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_INS:
    case GUMBO_TAG_KBD:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_MARK:
    case GUMBO_TAG_Q:
    case GUMBO_TAG_RUBY:
    case GUMBO_TAG_RT:
    case GUMBO_TAG_RP:
    case GUMBO_TAG_S:
    case GUMBO_TAG_SAMP:
    case GUMBO_TAG_SMALL:
    case GUMBO_TAG_SPAN:
    case GUMBO_TAG_STRIKE:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP:
    case GUMBO_TAG_TIME:
    case GUMBO_TAG_TT:
    case GUMBO_TAG_U:
    case GUMBO_TAG_VAR:
    case GUMBO_TAG_WBR:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_NOBR:
      return true;
    default:
      return false;
  }
}

bool is_heading(GumboTag t) {
  return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 || t == GUMBO_TAG_H4 ||
         t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6;
}

// Splits class and id into lower-case words ("post-share_bar" -> post, share, bar).
std::vector<std::string> hint_words(const GumboElement& e) {
  std::vector<std::string> words;
  for (const char* name : {"class", "id"}) {
    std::string word;
    for (char c : attr(e, name)) {
      const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (alnum) {
        word += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
      } else if (!word.empty()) {
        words.push_back(std::move(word));
        word.clear();
      }
    }
    if (!word.empty()) words.push_back(std::move(word));
  }
  return words;
}

bool contains_any(const std::string& word, std::initializer_list<std::string_view> parts) {
  return std::any_of(parts.begin(), parts.end(),
                     [&](std::string_view p) { return word.find(p) != std::string::npos; });
}

// Words of class/id that mark boilerplate: whole words for short ones (so
// "nav" does not hit "canvas"), substrings for distinctive ones. Strong ones
// name a kind of box that never holds the article (comments, share bars);
// weak ones (ads, header, hidden) also name layout wrappers that may.
enum class Negative { none, weak, strong };

Negative negative_word(const std::string& w) {
  static constexpr std::array<std::string_view, 13> weak_whole{
      "ad",   "ads",  "header",  "masthead", "banner",     "hidden", "hide",
      "meta", "menu", "toolbar", "pager",    "pagination", "byline"};
  static constexpr std::array<std::string_view, 9> strong_whole{
      "nav", "navbar", "tags", "tag", "share", "social", "footer", "rating", "ratings"};
  if (std::find(strong_whole.begin(), strong_whole.end(), w) != strong_whole.end()) {
    return Negative::strong;
  }
  if (contains_any(w, {"comment",  "disqus",  "sharing",    "sharebar",   "social",   "related",
                       "sidebar",  "footer",  "breadcrumb", "newsletter", "subscri",  "sponsor",
                       "popup",    "modal",   "cookie",     "gdpr",       "signup",   "login",
                       "outbrain", "taboola", "recommend",  "navigation", "skiplink", "copyright",
                       "trending", "popular"})) {
    return Negative::strong;
  }
  if (std::find(weak_whole.begin(), weak_whole.end(), w) != weak_whole.end()) return Negative::weak;
  if (contains_any(w, {"advert", "promo", "banner", "author", "caption", "embed", "toolbar"})) {
    return Negative::weak;
  }
  return Negative::none;
}

bool is_positive_word(const std::string& w) {
  static constexpr std::array<std::string_view, 6> whole{"main", "text",  "body",
                                                         "post", "entry", "story"};
  if (std::find(whole.begin(), whole.end(), w) != whole.end()) return true;
  return contains_any(w, {"article", "content", "entry", "hentry", "story", "body", "text"});
}

// +1 for content hints, -1 (weak) or -2 (strong) for boilerplate ones, 0 for
// neither or both; 2 for schema.org's articleBody.
int class_hint(const GumboElement& e) {
  if (attr(e, "itemprop") == "articleBody") return 2;
  int positive = 0;
  Negative negative = Negative::none;
  for (const std::string& w : hint_words(e)) {
    negative = std::max(negative, negative_word(w));
    if (is_positive_word(w)) ++positive;
  }
  if (negative != Negative::none && !positive) return negative == Negative::strong ? -2 : -1;
  if (positive && negative == Negative::none) return 1;
  return 0;
}

bool is_hidden(const GumboElement& e) {
  if (gumbo_get_attribute(&e.attributes, "hidden")) return true;
  if (attr(e, "aria-hidden") == "true") return true;
  const std::string style = lower(attr(e, "style"));
  std::string compact;
  for (char c : style) {
    if (c != ' ') compact += c;
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

bool is_cjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF00 && c <= 0xFFEF);
}

// How much text a string is: non-space characters, CJK ones weighing as much as
// a short word so that thresholds fit every script.
struct Weight {
  double chars = 0;
  int commas = 0;
};

Weight weigh(std::string_view s) {
  Weight w;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    char32_t c = b;
    std::size_t len = 1;
    if (b >= 0xF0 && i + 3 < s.size()) {
      c = ((b & 0x07u) << 18) | ((s[i + 1] & 0x3Fu) << 12) | ((s[i + 2] & 0x3Fu) << 6) |
          (s[i + 3] & 0x3Fu);
      len = 4;
    } else if (b >= 0xE0 && i + 2 < s.size()) {
      c = ((b & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
      len = 3;
    } else if (b >= 0xC0 && i + 1 < s.size()) {
      c = ((b & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu);
      len = 2;
    }
    i += len;
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == 0xA0) continue;
    if (c == ',' || c == 0xFF0C || c == 0x3001 || c == 0x060C) ++w.commas;
    w.chars += is_cjk(c) ? 3 : 1;
  }
  return w;
}

struct Stats {
  double chars = 0;         // weighted text below the element (boilerplate included)
  double link_chars = 0;    // of which inside links
  double inline_chars = 0;  // of which in the element's own run of inline text
  int inline_commas = 0;
  int hint = 0;               // class_hint
  bool has_positive = false;  // it or an element inside is named for content
  bool has_article = false;   // it or an element inside is an <article>, <main> or articleBody
  bool boilerplate = false;   // a boilerplate tag, class or hidden: no votes, no output
};

class Extractor {
 public:
  MainText run(const GumboNode* root) {
    const GumboNode* body = find_body(root);
    if (!body) return {};
    measure(body, 0, false);
    vote(body, 0);
    const GumboNode* top = pick_top();
    if (!top) top = body;
    std::vector<const GumboNode*> parts = chunks_like(top);
    if (parts.size() < 2) parts = with_siblings(top);
    for (const GumboNode* part : parts) emit(part, 0, false);
    flush();
    return std::move(m_out);
  }

 private:
  static const GumboNode* find_body(const GumboNode* root) {
    const GumboElement* html = element(root);
    if (!html) return nullptr;
    for (unsigned i = 0; i < html->children.length; ++i) {
      const auto* c = static_cast<const GumboNode*>(html->children.data[i]);
      if (c->type == GUMBO_NODE_ELEMENT && c->v.element.tag == GUMBO_TAG_BODY) return c;
    }
    return nullptr;
  }

  // Bottom-up text and link weights, and which elements are boilerplate.
  Stats measure(const GumboNode* node, int depth, bool in_link) {
    Stats s;
    const GumboElement* e = element(node);
    if (!e || depth > k_max_depth || is_skipped_tag(e->tag)) return s;
    const int hint = class_hint(*e);
    const bool link = in_link || e->tag == GUMBO_TAG_A;
    for (unsigned i = 0; i < e->children.length; ++i) {
      const auto* c = static_cast<const GumboNode*>(e->children.data[i]);
      if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA) {
        const Weight w = weigh(c->v.text.text);
        s.chars += w.chars;
        if (link) s.link_chars += w.chars;
        s.inline_chars += w.chars;
        s.inline_commas += w.commas;
      } else if (c->type == GUMBO_NODE_ELEMENT) {
        const Stats cs = measure(c, depth + 1, link);
        s.chars += cs.chars;
        s.link_chars += cs.link_chars;
        s.has_positive = s.has_positive || cs.has_positive;
        s.has_article = s.has_article || cs.has_article;
        if (is_inline_tag(c->v.element.tag) && c->v.element.tag != GUMBO_TAG_A) {
          s.inline_chars += cs.inline_chars;
          s.inline_commas += cs.inline_commas;
        }
      }
    }
    const bool structural =
        e->tag == GUMBO_TAG_BODY || e->tag == GUMBO_TAG_MAIN || e->tag == GUMBO_TAG_ARTICLE;
    // A wrapper named for ads or the header may still hold the article: class
    // names mark boilerplate only when nothing inside is named for content.
    // Strong names (sidebar, comments) yield only to an <article>, <main> or
    // articleBody inside: themes put "has-sidebar" on the page's wrapper.
    s.boilerplate = is_hidden(*e) || is_boilerplate_tag(e->tag) ||
                    (hint < 0 && !structural && !s.has_article && (hint < -1 || !s.has_positive));
    s.has_article =
        s.has_article || (hint >= 0 && (structural && e->tag != GUMBO_TAG_BODY)) || hint == 2;
    s.has_positive =
        s.has_positive || hint > 0 || e->tag == GUMBO_TAG_ARTICLE || e->tag == GUMBO_TAG_MAIN;
    s.hint = hint;
    m_stats[node] = s;
    return s;
  }

  // Paragraphs (runs of inline text) outside boilerplate vote for their ancestors.
  void vote(const GumboNode* node, int depth) {
    const GumboElement* e = element(node);
    if (!e || depth > k_max_depth) return;
    const auto it = m_stats.find(node);
    if (it == m_stats.end() || it->second.boilerplate) return;
    const Stats& s = it->second;
    if (!is_inline_tag(e->tag) && s.inline_chars >= k_min_paragraph) {
      const double score = 1 + s.inline_commas + std::min(s.inline_chars / 100.0, 3.0);
      vote_up(node, score);
      // A box holding its text directly (lines split by <br>) is itself a container.
      if (e->tag == GUMBO_TAG_DIV || e->tag == GUMBO_TAG_TD || e->tag == GUMBO_TAG_SECTION ||
          e->tag == GUMBO_TAG_ARTICLE) {
        m_votes[node] += score;
      }
    }
    for (unsigned i = 0; i < e->children.length; ++i) {
      vote(static_cast<const GumboNode*>(e->children.data[i]), depth + 1);
    }
  }

  static double tag_base(GumboTag t) {
    switch (t) {
      case GUMBO_TAG_DIV:
      case GUMBO_TAG_ARTICLE:
      case GUMBO_TAG_MAIN:
      case GUMBO_TAG_SECTION:
        return 5;
      case GUMBO_TAG_PRE:
      case GUMBO_TAG_TD:
      case GUMBO_TAG_BLOCKQUOTE:
        return 3;
      case GUMBO_TAG_OL:
      case GUMBO_TAG_UL:
      case GUMBO_TAG_DL:
      case GUMBO_TAG_DD:
      case GUMBO_TAG_DT:
      case GUMBO_TAG_LI:
      case GUMBO_TAG_FORM:
        return -3;
      default:
        return is_heading(t) ? -5 : 0;
    }
  }

  void vote_up(const GumboNode* paragraph, double vote) {
    const GumboNode* n = paragraph->parent;
    for (int level = 0; n && n->type == GUMBO_NODE_ELEMENT && level < 5; ++level, n = n->parent) {
      const double share = level == 0 ? vote : level == 1 ? vote / 2 : vote / (level * 3);
      m_votes[n] += share;
    }
  }

  double final_score(const GumboNode* n) const {
    const auto vote = m_votes.find(n);
    if (vote == m_votes.end()) return 0;
    const Stats& s = m_stats.at(n);
    const int hint = s.hint;
    // A class name is weak evidence for a box with little text in it.
    const double base =
        tag_base(n->v.element.tag) + 25.0 * std::clamp(hint, -1, 1) * std::min(1.0, s.chars / 500);
    const double density = s.chars > 0 ? s.link_chars / s.chars : 0;
    return (vote->second + base) * (1 - density);
  }

  bool quiet(const GumboNode* n) const {
    for (; n && n->type == GUMBO_NODE_ELEMENT; n = n->parent) {
      const auto it = m_stats.find(n);
      if (it != m_stats.end() && it->second.boilerplate) return true;
    }
    return false;
  }

  const GumboNode* pick_top() {
    const GumboNode* best = nullptr;
    double best_score = 0;
    for (const auto& [node, vote] : m_votes) {
      if (!m_stats.count(node) || quiet(node)) continue;
      const double score = final_score(node);
      if (!best || score > best_score) {
        best = node;
        best_score = score;
      }
    }
    m_top_score = best_score;
    return best;
  }

  // Sites that split an article into several boxes of one kind (between
  // them ads or pictures) give several candidates with the same tag and class:
  // all of them, in document order, when the top one has such twins.
  std::vector<const GumboNode*> chunks_like(const GumboNode* top) {
    const std::string_view cls = attr(top->v.element, "class");
    if (cls.empty()) return {top};
    std::vector<const GumboNode*> twins;
    for (const auto& [node, votes] : m_votes) {
      if (node == top || node->v.element.tag != top->v.element.tag ||
          attr(node->v.element, "class") != cls || quiet(node) || nested(node, top)) {
        continue;
      }
      const Stats& s = m_stats.at(node);
      // Twins carry a good share of the article; small boxes of the same kind are teasers.
      if (s.chars > 0 && s.link_chars / s.chars < 0.5 && final_score(node) >= 0.3 * m_top_score &&
          s.chars >= 0.25 * m_stats.at(top).chars) {
        twins.push_back(node);
      }
    }
    if (twins.empty()) return {top};
    // Document order: walk the smallest subtree holding them all.
    const GumboNode* root = top;
    for (const GumboNode* t : twins) {
      while (root->parent && !nested(t, root)) root = root->parent;
    }
    twins.push_back(top);
    std::vector<const GumboNode*> ordered;
    collect_in_order(root, twins, ordered, 0);
    return ordered;
  }

  // Whether one of the two contains the other.
  static bool nested(const GumboNode* a, const GumboNode* b) {
    for (const GumboNode* n = a; n; n = n->parent) {
      if (n == b) return true;
    }
    for (const GumboNode* n = b; n; n = n->parent) {
      if (n == a) return true;
    }
    return false;
  }

  static void collect_in_order(const GumboNode* node, const std::vector<const GumboNode*>& wanted,
                               std::vector<const GumboNode*>& out, int depth) {
    if (depth > k_max_depth || node->type != GUMBO_NODE_ELEMENT) return;
    if (std::find(wanted.begin(), wanted.end(), node) != wanted.end()) {
      out.push_back(node);
      return;
    }
    const GumboVector& kids = node->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) {
      collect_in_order(static_cast<const GumboNode*>(kids.data[i]), wanted, out, depth + 1);
    }
  }

  // The top container and those of its siblings that look like more of the
  // same article (readability's sibling rule).
  std::vector<const GumboNode*> with_siblings(const GumboNode* top) {
    const GumboNode* parent = top->parent;
    if (!parent || parent->type != GUMBO_NODE_ELEMENT) return {top};
    std::vector<const GumboNode*> parts;
    const double threshold = std::max(10.0, m_top_score * 0.2);
    const GumboVector& kids = parent->v.element.children;
    for (unsigned i = 0; i < kids.length; ++i) {
      const auto* c = static_cast<const GumboNode*>(kids.data[i]);
      if (c == top) {
        parts.push_back(c);
        continue;
      }
      if (c->type != GUMBO_NODE_ELEMENT || !m_stats.count(c) || m_stats[c].boilerplate) continue;
      bool keep = m_votes.count(c) && final_score(c) >= threshold;
      if (!keep && c->v.element.tag == GUMBO_TAG_P) {
        const Stats& s = m_stats[c];
        const double density = s.chars > 0 ? s.link_chars / s.chars : 1;
        keep = s.chars > 80 && density < 0.25;
      }
      if (keep) parts.push_back(c);
    }
    return parts;
  }

  // Lists, tables and divs inside the article that are mostly links or
  // mostly nothing (related-story boxes, tag clouds, share bars).
  bool is_clutter(const GumboNode* n) const {
    const GumboTag t = n->v.element.tag;
    if (t != GUMBO_TAG_UL && t != GUMBO_TAG_OL && t != GUMBO_TAG_DIV && t != GUMBO_TAG_TABLE &&
        t != GUMBO_TAG_SECTION && t != GUMBO_TAG_FORM && t != GUMBO_TAG_DL)
      return false;
    const auto it = m_stats.find(n);
    if (it == m_stats.end()) return false;
    const Stats& s = it->second;
    if (s.chars == 0) return false;
    const double density = s.link_chars / s.chars;
    return density > 0.5;
  }

  void emit(const GumboNode* node, int depth, bool in_pre) {
    if (depth > k_max_depth) return;
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
        node->type == GUMBO_NODE_WHITESPACE) {
      append_text(node->v.text.text, in_pre);
      return;
    }
    const GumboElement* e = element(node);
    if (!e || is_skipped_tag(e->tag)) return;
    const auto it = m_stats.find(node);
    if (it != m_stats.end() && it->second.boilerplate) return;
    if (e->tag == GUMBO_TAG_H1) return;  // the headline: the entry's title, not its text
    if (is_clutter(node)) return;
    if (e->tag == GUMBO_TAG_BR) {
      m_para += '\n';
      return;
    }
    const bool block = !is_inline_tag(e->tag);
    if (block) {
      flush();
      m_block_tag = e->tag;
    }
    const bool pre = in_pre || e->tag == GUMBO_TAG_PRE;
    for (unsigned i = 0; i < e->children.length; ++i) {
      emit(static_cast<const GumboNode*>(e->children.data[i]), depth + 1, pre);
    }
    if (block) {
      m_block_tag = e->tag;
      flush();
    }
  }

  void append_text(std::string_view text, bool pre) {
    if (pre) {
      m_para += text;
      return;
    }
    for (char c : text) {
      const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
      if (space) {
        if (!m_para.empty() && m_para.back() != ' ' && m_para.back() != '\n') m_para += ' ';
      } else {
        m_para += c;
      }
    }
  }

  void flush() {
    std::string para = std::move(m_para);
    m_para.clear();
    // Trim each line and drop empty ones.
    std::string clean;
    std::size_t start = 0;
    while (start <= para.size()) {
      std::size_t end = para.find('\n', start);
      if (end == std::string::npos) end = para.size();
      std::string_view line(para.data() + start, end - start);
      while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
      while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
      if (!line.empty()) {
        if (!clean.empty()) clean += '\n';
        clean += line;
      }
      start = end + 1;
    }
    if (clean.empty()) return;
    if (!m_out.text.empty()) m_out.text += "\n\n";
    m_out.text += clean;
    const char* tag = is_heading(m_block_tag)               ? "h2"
                      : m_block_tag == GUMBO_TAG_LI         ? "li"
                      : m_block_tag == GUMBO_TAG_PRE        ? "pre"
                      : m_block_tag == GUMBO_TAG_BLOCKQUOTE ? "blockquote"
                                                            : "p";
    m_out.html += '<';
    m_out.html += tag;
    m_out.html += '>';
    for (char c : clean) {
      switch (c) {
        case '<':
          m_out.html += "&lt;";
          break;
        case '>':
          m_out.html += "&gt;";
          break;
        case '&':
          m_out.html += "&amp;";
          break;
        case '\n':
          m_out.html += std::string_view(tag) == "pre" ? "\n" : "<br>";
          break;
        default:
          m_out.html += c;
      }
    }
    m_out.html += "</";
    m_out.html += tag;
    m_out.html += ">\n";
  }

  std::unordered_map<const GumboNode*, Stats> m_stats;
  std::unordered_map<const GumboNode*, double> m_votes;
  double m_top_score = 0;
  std::string m_para;
  GumboTag m_block_tag = GUMBO_TAG_P;
  MainText m_out;
};

}  // namespace

MainText extract_main_text(const GumboNode* root) {
  if (!root) return {};
  return Extractor().run(root);
}

}  // namespace nw::parsers
