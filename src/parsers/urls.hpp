// URI reference resolution (RFC 3986 section 5) for feed links and xml:base.
#pragma once

#include <string>
#include <string_view>

namespace nw::parsers {

// Resolves `ref` against `base`; returns `ref` unchanged when it is absolute or
// `base` is empty or not absolute. Leading and trailing whitespace is trimmed.
std::string resolve_url(std::string_view base, std::string_view ref);

// True when `url` (trimmed) starts with a scheme ("https:"): resolve_url returns it as it is.
bool has_scheme(std::string_view url);

// False for schemes that must never become a base or link target (javascript:, data:, vbscript:).
bool is_safe_url(std::string_view url);

// Rewrites relative URLs in the URL-valued attributes of an HTML fragment
// (href, src, cite, ...) to absolute ones against `base`, in place: most
// fragments have none to rewrite, and a string handed through and back costs
// a copy of its header that stalls on the stores just made to it.
void resolve_html_urls(std::string& html, std::string_view base);

}  // namespace nw::parsers
