#include "dedup/canonical.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <vector>

#include "util/text.hpp"

namespace nw::dedup {
namespace {

bool is_tracking_param(std::string_view name) {
  static constexpr std::array<std::string_view, 16> k_exact = {
      "fbclid", "gclid", "dclid",   "yclid", "msclkid", "mc_cid",  "mc_eid",   "igshid",
      "_ga",    "_gl",   "ref_src", "cmpid", "ocid",    "mkt_tok", "wt.mc_id", "twclid"};
  const std::string lower = ascii_lower(name);
  if (lower.rfind("utm_", 0) == 0) return true;
  return std::find(k_exact.begin(), k_exact.end(), lower) != k_exact.end();
}

std::string get_part(CURLU* h, CURLUPart part) {
  char* v = nullptr;
  if (curl_url_get(h, part, &v, 0) != CURLUE_OK || !v) return {};
  std::string out(v);
  curl_free(v);
  return out;
}

std::string canonical_once(std::string_view url);

}  // namespace

std::string canonical_url(std::string_view url) {
  // A host is normalized only as libcurl parses it, after decoding: "%34%34%33"
  // decodes to "443", which the next parse reads as the IPv4 address 0.0.1.187.
  // Canonicalizing the result again until it holds makes canonical_url a fixed
  // point (found by fuzz_url); two passes settle every case seen.
  std::string out = canonical_once(url);
  for (int pass = 0; pass < 2; ++pass) {
    std::string again = canonical_once(out);
    if (again == out) break;
    out = std::move(again);
  }
  return out;
}

namespace {

std::string canonical_once(std::string_view url) {
  CURLU* h = curl_url();
  const std::string input(url);
  if (curl_url_set(h, CURLUPART_URL, input.c_str(), 0) != CURLUE_OK) {
    curl_url_cleanup(h);
    return input;
  }
  const std::string scheme = ascii_lower(get_part(h, CURLUPART_SCHEME));
  if (scheme != "http" && scheme != "https") {
    curl_url_cleanup(h);
    return input;
  }
  curl_url_set(h, CURLUPART_HOST, ascii_lower(get_part(h, CURLUPART_HOST)).c_str(), 0);
  const std::string port = get_part(h, CURLUPART_PORT);
  if ((scheme == "http" && port == "80") || (scheme == "https" && port == "443")) {
    curl_url_set(h, CURLUPART_PORT, nullptr, 0);
  }
  curl_url_set(h, CURLUPART_FRAGMENT, nullptr, 0);
  // Twice: libcurl rewrites escapes as it stores the query ("%2F" reads back
  // "%2f"), which can change the order; sorting what it gives back the second
  // time makes the result a fixed point (canonical_url(canonical_url(u)) == ...).
  for (int pass = 0; pass < 2; ++pass) {
    const std::string query = get_part(h, CURLUPART_QUERY);
    std::vector<std::string> kept;
    for (std::size_t pos = 0; pos <= query.size() && !query.empty();) {
      std::size_t amp = query.find('&', pos);
      if (amp == std::string::npos) amp = query.size();
      const std::string param = query.substr(pos, amp - pos);
      const std::string name = param.substr(0, param.find('='));
      if (!param.empty() && !is_tracking_param(name)) kept.push_back(param);
      pos = amp + 1;
    }
    std::sort(kept.begin(), kept.end());
    std::string new_query;
    for (const auto& p : kept) new_query += (new_query.empty() ? "" : "&") + p;
    curl_url_set(h, CURLUPART_QUERY, new_query.empty() ? nullptr : new_query.c_str(), 0);
  }
  std::string out = get_part(h, CURLUPART_URL);
  curl_url_cleanup(h);
  return out.empty() ? input : out;
}

}  // namespace

std::string site_of(std::string_view url) {
  CURLU* h = curl_url();
  const std::string input(url);
  std::string host;
  if (curl_url_set(h, CURLUPART_URL, input.c_str(), 0) == CURLUE_OK) {
    const std::string scheme = ascii_lower(get_part(h, CURLUPART_SCHEME));
    if (scheme == "http" || scheme == "https") host = ascii_lower(get_part(h, CURLUPART_HOST));
  }
  curl_url_cleanup(h);
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}

std::string text_hash(std::string_view text) {
  // Folding keeps letters and digits (and all non-ASCII bytes, so Cyrillic
  // text is not folded away); runs of anything else become one space.
  std::string folded;
  folded.reserve(text.size());
  bool gap = false;
  for (unsigned char c : text) {
    const bool word =
        (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
    if (!word) {
      gap = !folded.empty();
      continue;
    }
    if (gap) folded.push_back(' ');
    gap = false;
    folded.push_back((c >= 'A' && c <= 'Z') ? char(c + 32) : char(c));
  }
  return sha256_hex(folded);
}

}  // namespace nw::dedup
