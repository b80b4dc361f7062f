#include "parsers/urls.hpp"

#include <vector>

#include "util/text.hpp"

namespace nw::parsers {
namespace {

struct Uri {
  std::string_view scheme, authority, path, query, fragment;
  bool has_authority = false, has_query = false, has_fragment = false;
};

// Length of a valid "scheme:" prefix, or 0.
std::size_t scheme_length(std::string_view s) {
  if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z'))) return 0;
  for (std::size_t i = 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == ':') return i;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
          c == '-' || c == '.'))
      return 0;
  }
  return 0;
}

Uri split(std::string_view s) {
  Uri u;
  if (const std::size_t n = scheme_length(s); n > 0) {
    u.scheme = s.substr(0, n);
    s.remove_prefix(n + 1);
  }
  // One plain loop finds the first '?' and the first '#' (the query is what lies before the
  // fragment): a link is short, and two memchr calls cost more than the scan.
  std::size_t h = std::string_view::npos, q = std::string_view::npos;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '#') {
      h = i;
      break;
    }
    if (s[i] == '?' && q == std::string_view::npos) q = i;
  }
  if (h != std::string_view::npos) {
    u.has_fragment = true;
    u.fragment = s.substr(h + 1);
    s = s.substr(0, h);
  }
  if (q != std::string_view::npos) {
    u.has_query = true;
    u.query = s.substr(q + 1);
    s = s.substr(0, q);
  }
  if (s.starts_with("//")) {
    u.has_authority = true;
    s.remove_prefix(2);
    const std::size_t slash = s.find('/');
    u.authority = s.substr(0, slash);
    s = slash == std::string_view::npos ? std::string_view{} : s.substr(slash);
  }
  u.path = s;
  return u;
}

// True when some segment of `path` is "." or "..": anything else is left as it is.
// A plain loop, as paths are short: a memchr call per '.' cost more than the scan.
bool has_dot_segment(std::string_view path) {
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '.' || (i > 0 && path[i - 1] != '/')) continue;
    std::size_t j = i + 1;
    if (j < path.size() && path[j] == '.') ++j;
    if (j == path.size() || path[j] == '/') return true;
  }
  return false;
}

std::string remove_dot_segments(std::string_view path) {
  if (!has_dot_segment(path)) return std::string(path);  // the usual case: no vector, no rejoin
  std::vector<std::string_view> out;
  const bool absolute = path.starts_with('/');
  std::size_t pos = absolute ? 1 : 0;
  bool trailing = false;
  while (pos <= path.size()) {
    const std::size_t slash = path.find('/', pos);
    const std::string_view seg =
        path.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos);
    trailing = false;
    if (seg == "..") {
      if (!out.empty()) out.pop_back();
      trailing = true;
    } else if (seg == ".") {
      trailing = true;
    } else {
      out.push_back(seg);
    }
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  std::string res = absolute ? "/" : "";
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (i) res += '/';
    res += out[i];
  }
  if (trailing && !res.ends_with('/')) res += '/';
  return res;
}

// The directory part of the base a relative path is appended to (RFC 3986 5.2.3):
// merged path = merge_head(base) + ref path.
std::string_view merge_head(const Uri& base) {
  if (base.has_authority && base.path.empty()) return "/";
  const std::size_t slash = base.path.rfind('/');
  if (slash == std::string_view::npos) return {};
  return base.path.substr(0, slash + 1);
}

// Appends the URI made of these parts to `out`. The path pieces are written
// one after the other: the merged path of a relative reference is never built
// as a string of its own.
void append_joined(std::string& out, std::string_view scheme, bool has_auth, std::string_view auth,
                   std::string_view path_head, std::string_view path, bool has_query,
                   std::string_view query, bool has_frag, std::string_view frag) {
  out.reserve(out.size() + scheme.size() + auth.size() + path_head.size() + path.size() +
              query.size() + frag.size() + 6);
  if (!scheme.empty()) out.append(scheme).append(":");
  if (has_auth) out.append("//").append(auth);
  out.append(path_head).append(path);
  if (has_query) out.append("?").append(query);
  if (has_frag) out.append("#").append(frag);
}

// True when `s` starts with `lower`, ASCII letters compared regardless of case.
bool starts_with_ignoring_case(std::string_view s, std::string_view lower) {
  if (s.size() < lower.size()) return false;
  for (std::size_t i = 0; i < lower.size(); ++i) {
    const char c = s[i] >= 'A' && s[i] <= 'Z' ? static_cast<char>(s[i] - 'A' + 'a') : s[i];
    if (c != lower[i]) return false;
  }
  return true;
}

const char* const k_url_attributes[] = {"href",       "src",      "cite",   "action",
                                        "background", "longdesc", "usemap", "codebase",
                                        "data",       "poster",   "profile"};

bool is_url_attribute(std::string_view name) {
  for (const char* a : k_url_attributes) {
    const std::string_view want = a;
    if (want.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; same && i < name.size(); ++i)
      same = (name[i] >= 'A' && name[i] <= 'Z' ? name[i] - 'A' + 'a' : name[i]) == want[i];
    if (same) return true;
  }
  return false;
}

// A base split into its parts, as the last resolve_url on this thread saw it:
// a feed resolves all its links against one or two bases, and splitting the
// base again for every link was a third of the cost of resolving one.
struct SplitBase {
  std::string text;
  Uri uri;  // views into `text`
  bool absolute = false;
};

const SplitBase& split_base(std::string_view base) {
  thread_local SplitBase memo;
  if (memo.text != base || memo.text.empty()) {
    memo.text.assign(base);
    memo.absolute = scheme_length(memo.text) > 0;
    memo.uri = split(memo.text);
  }
  return memo;
}

}  // namespace

bool has_scheme(std::string_view url) {
  return scheme_length(trim(url)) > 0;
}

bool is_safe_url(std::string_view url) {
  // Only the head can name a scheme: compared in place, no lower-cased copy.
  const std::string_view u = trim(url);
  return !(starts_with_ignoring_case(u, "javascript:") ||
           starts_with_ignoring_case(u, "vbscript:") || starts_with_ignoring_case(u, "data:"));
}

namespace {

// resolve_url, appending the result to `out`.
void append_resolved(std::string& out, std::string_view base_in, std::string_view ref_in) {
  const std::string_view ref_s = trim(ref_in);
  const std::string_view base_s = trim(base_in);
  if (base_s.empty() || scheme_length(ref_s) > 0) {
    out.append(ref_s);
    return;
  }
  const SplitBase& base = split_base(base_s);
  if (!base.absolute) {
    out.append(ref_s);
    return;
  }
  const Uri r = split(ref_s);
  const Uri& b = base.uri;
  if (r.has_authority) {
    append_joined(out, b.scheme, true, r.authority, {}, remove_dot_segments(r.path), r.has_query,
                  r.query, r.has_fragment, r.fragment);
  } else if (r.path.empty()) {
    append_joined(out, b.scheme, b.has_authority, b.authority, {}, b.path,
                  r.has_query || b.has_query, r.has_query ? r.query : b.query, r.has_fragment,
                  r.fragment);
  } else {
    // A dot segment lies wholly in the head or in the reference's path, as the
    // head ends with '/': without one (the usual case) no normalizing copy.
    const std::string_view head = r.path.starts_with('/') ? std::string_view{} : merge_head(b);
    if (has_dot_segment(head) || has_dot_segment(r.path))
      append_joined(out, b.scheme, b.has_authority, b.authority, {},
                    remove_dot_segments(std::string(head) + std::string(r.path)), r.has_query,
                    r.query, r.has_fragment, r.fragment);
    else
      append_joined(out, b.scheme, b.has_authority, b.authority, head, r.path, r.has_query, r.query,
                    r.has_fragment, r.fragment);
  }
}

}  // namespace

std::string resolve_url(std::string_view base, std::string_view ref) {
  std::string out;
  append_resolved(out, base, ref);
  return out;
}

void resolve_html_urls(std::string& html_in, std::string_view base) {
  // No '=' means no attribute values at all: the usual paragraph-only markup needs no tag walk.
  if (base.empty() || html_in.find('<') == std::string::npos ||
      html_in.find('=') == std::string::npos)
    return;
  // Copy-on-write: `out` is only built once some value actually changes.
  const std::string_view html = html_in;
  std::string out;
  std::size_t copied = 0;
  std::size_t i = 0;
  while (i < html.size()) {
    const std::size_t lt = html.find('<', i);
    if (lt == std::string_view::npos) break;
    std::size_t j = lt + 1;
    if (j >= html.size() ||
        !((html[j] >= 'a' && html[j] <= 'z') || (html[j] >= 'A' && html[j] <= 'Z'))) {
      i = j;
      continue;
    }
    // Inside a start tag: skip the name, then look at attributes, resolving URL-valued ones.
    while (j < html.size() && html[j] != '>' && html[j] != ' ' && html[j] != '\t' &&
           html[j] != '\n' && html[j] != '\r' && html[j] != '/')
      ++j;
    while (j < html.size() && html[j] != '>') {
      const char c = html[j];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/') {
        ++j;
        continue;
      }
      const std::size_t name_start = j;
      while (j < html.size() && html[j] != '=' && html[j] != '>' && html[j] != ' ' &&
             html[j] != '\t' && html[j] != '\n' && html[j] != '/')
        ++j;
      const std::string_view name = html.substr(name_start, j - name_start);
      if (j >= html.size() || html[j] != '=') continue;
      ++j;
      char quote = 0;
      if (j < html.size() && (html[j] == '"' || html[j] == '\'')) quote = html[j++];
      const std::size_t v_start = j;
      if (quote) {
        while (j < html.size() && html[j] != quote) ++j;
      } else {
        while (j < html.size() && html[j] != ' ' && html[j] != '>' && html[j] != '\t' &&
               html[j] != '\n')
          ++j;
      }
      const std::string_view value = html.substr(v_start, j - v_start);
      if (is_url_attribute(name) && is_safe_url(value)) {
        // Resolved straight into `out` (no string of its own), kept only when it differs.
        const std::size_t kept = out.size();
        out.reserve(html.size() + 64);
        out.append(html.substr(copied, v_start - copied));
        const std::size_t at = out.size();
        append_resolved(out, base, value);
        if (std::string_view(out).substr(at) != value)
          copied = j;
        else
          out.resize(kept);
      }
      if (quote && j < html.size()) ++j;
    }
    i = j;
  }
  if (copied == 0) return;
  out.append(html.substr(copied));
  html_in = std::move(out);
}

}  // namespace nw::parsers
