// Identity of an article across feeds: canonical URL and normalized-text hash.
#pragma once

#include <string>
#include <string_view>

namespace nw::dedup {

// Canonical form of an http(s) URL: lower-case scheme and host, default port,
// fragment and tracking parameters (utm_*, fbclid, gclid, ...) dropped, the
// remaining query sorted. Returns the input unchanged when it cannot be parsed.
std::string canonical_url(std::string_view url);

// The site an http(s) URL belongs to: its lower-case host without a leading
// "www." ("https://www.Meduza.io/x" -> "meduza.io"); "" for any other URL.
std::string site_of(std::string_view url);

// Hash of the text with case, whitespace and punctuation folded, so that
// re-encoded or re-spaced copies of one text compare equal.
std::string text_hash(std::string_view text);

}  // namespace nw::dedup
