// Internal to fetchers/: error classification and the file:// reader.
#pragma once

#include <string>

#include "fetchers/fetcher.hpp"

namespace nw::fetchers {

// Maps a CURLcode to the closed set of fetch failures.
FetchError classify_curl_error(int code);

// Reads a file:// URL, bounded by request.max_body. Blocking: local files only.
FetchResult fetch_file(const FetchRequest& request);

}  // namespace nw::fetchers
