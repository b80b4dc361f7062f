#include <curl/curl.h>

#include <fstream>

#include "fetchers/classify.hpp"

namespace nw::fetchers {

FetchResult fetch_file(const FetchRequest& request) {
  FetchResult r;
  r.effective_url = request.url;
  CURLU* h = curl_url();
  char* path = nullptr;
  const bool parsed = curl_url_set(h, CURLUPART_URL, request.url.c_str(), 0) == CURLUE_OK &&
                      curl_url_get(h, CURLUPART_PATH, &path, CURLU_URLDECODE) == CURLUE_OK;
  const std::string file = parsed && path ? path : "";
  curl_free(path);
  curl_url_cleanup(h);
  if (file.empty()) {
    r.error = FetchError::bad_url;
    r.message = "cannot read the path of " + request.url;
    return r;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    r.error = FetchError::file;
    r.message = "cannot open " + file;
    return r;
  }
  char buf[64 * 1024];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    if (r.body.size() + static_cast<std::size_t>(in.gcount()) > request.max_body) {
      r.error = FetchError::too_large;
      r.message =
          file + " is larger than max_body (" + std::to_string(request.max_body) + " bytes)";
      r.body.clear();
      return r;
    }
    r.body.append(buf, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    r.error = FetchError::file;
    r.message = "cannot read " + file;
  }
  return r;
}

}  // namespace nw::fetchers
