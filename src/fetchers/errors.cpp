// Classification of failures: the one place that maps libcurl codes to FetchError.
#include <curl/curl.h>

#include <cctype>
#include <charconv>

#include "fetchers/classify.hpp"
#include "fetchers/fetcher.hpp"

namespace nw::fetchers {

const char* to_string(FetchError e) {
  switch (e) {
    case FetchError::none:
      return "none";
    case FetchError::resolve:
      return "resolve";
    case FetchError::connect:
      return "connect";
    case FetchError::timeout:
      return "timeout";
    case FetchError::tls:
      return "tls";
    case FetchError::too_large:
      return "too_large";
    case FetchError::redirects:
      return "redirects";
    case FetchError::http_status:
      return "http_status";
    case FetchError::network:
      return "network";
    case FetchError::file:
      return "file";
    case FetchError::bad_url:
      return "bad_url";
    case FetchError::forbidden_address:
      return "forbidden_address";
  }
  return "unknown";
}

FetchError classify_curl_error(int code) {
  switch (static_cast<CURLcode>(code)) {
    case CURLE_OK:
      return FetchError::none;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return FetchError::resolve;
    case CURLE_COULDNT_CONNECT:
      return FetchError::connect;
    case CURLE_OPERATION_TIMEDOUT:
      return FetchError::timeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
      return FetchError::tls;
    case CURLE_FILESIZE_EXCEEDED:
      return FetchError::too_large;
    case CURLE_TOO_MANY_REDIRECTS:
      return FetchError::redirects;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return FetchError::bad_url;
    default:
      return FetchError::network;
  }
}

std::optional<std::chrono::seconds> parse_retry_after(const std::string& value,
                                                      long long now_unix) {
  std::size_t b = 0, e = value.size();
  while (b < e && std::isspace(static_cast<unsigned char>(value[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(value[e - 1]))) --e;
  if (b == e) return std::nullopt;
  long long secs = 0;
  const auto [ptr, ec] = std::from_chars(value.data() + b, value.data() + e, secs);
  if (ec == std::errc() && ptr == value.data() + e) {
    if (secs < 0) return std::nullopt;
    return std::chrono::seconds(secs);
  }
  const time_t when = curl_getdate(value.substr(b, e - b).c_str(), nullptr);
  if (when == -1) return std::nullopt;
  return std::chrono::seconds(when > now_unix ? when - now_unix : 0);
}

}  // namespace nw::fetchers
