// The handlers of the commands that read files and URLs, without a database.
#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "claims/extractor.hpp"
#include "claims/json.hpp"
#include "cli/handlers.hpp"
#include "cli/opml.hpp"
#include "fetchers/fetcher.hpp"
#include "parsers/json.hpp"
#include "parsers/parse.hpp"
#include "util/text.hpp"

namespace nw::cli {
namespace {

std::string read_input(const std::string& path) {
  std::ostringstream ss;
  if (path == "-") {
    ss << std::cin.rdbuf();
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot read");
    ss << in.rdbuf();
  }
  return ss.str();
}

// Whether extract's input is HTML (its markup is dropped) rather than plain text.
bool looks_like_html(std::string_view s) {
  const auto head = s.substr(0, 2048);
  for (const char* marker : {"<html", "<HTML", "<!DOCTYPE", "<!doctype", "<body", "<p>", "<div"}) {
    if (head.find(marker) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

int cmd_extract(const Args& a) {
  std::vector<std::string> packs = a.values("--rules");
  if (packs.empty()) packs = {"recruitment"};
  const auto extractor = claims::Extractor::load(packs, std::filesystem::current_path());
  if (a.positional.empty()) throw UsageError("extract needs at least one PATH (or - for stdin)");
  int status = k_exit_ok;
  for (const auto& path : a.positional) {
    std::string text;
    try {
      text = read_input(path);
    } catch (const std::exception& e) {
      std::cerr << "newswatch: " << e.what() << '\n';
      status = k_exit_error;
      continue;
    }
    if (looks_like_html(text)) text = parsers::html_to_text(text);
    if (a.has("--explain")) {
      std::cout << "== " << path << '\n' << extractor.explain(text);
      continue;
    }
    for (const auto& claim : extractor.extract(text)) {
      auto j = claims::to_json(claim);
      j["doc"] = path;
      std::cout << j.dump() << '\n';
    }
  }
  return status;
}

int cmd_import_opml(const Args& a) {
  if (a.positional.size() != 1) throw UsageError("import-opml takes one FILE (or - for stdin)");
  const auto feeds = parse_opml(read_input(a.positional[0]));
  if (feeds.empty()) std::cerr << "newswatch: " << a.positional[0] << ": no feeds (xmlUrl)\n";
  std::cout << to_toml(feeds);
  return k_exit_ok;
}

int cmd_parse(const Args& a) {
  if (a.positional.size() != 1) throw UsageError("parse takes one PATH or URL");
  const std::string& target = a.positional[0];
  parsers::ParseOptions opts;
  opts.url = a.value("--url");
  for (const auto& h : a.values("--header")) {
    const auto colon = h.find(':');
    if (colon == std::string::npos) throw UsageError("--header takes \"Name: value\"");
    // Header names are ASCII; other bytes are kept as they are (::tolower on a
    // plain char was undefined for them).
    const std::string name = ascii_lower(h.substr(0, colon));
    std::string value = h.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    if (name == "content-type") opts.content_type = value;
    if (name == "content-location") opts.content_location = value;
  }
  std::string body;
  const bool is_url = target.rfind("http://", 0) == 0 || target.rfind("https://", 0) == 0;
  if (is_url) {
    boost::asio::io_context io;
    auto fetcher = fetchers::make_fetcher(io, {"newswatch/" NEWSWATCH_VERSION, 4, 2});
    fetchers::FetchResult result;
    fetchers::FetchRequest rq;
    rq.url = target;
    fetcher->fetch(rq, [&](fetchers::FetchResult r) { result = std::move(r); });
    io.run();
    if (!result.ok()) {
      std::cerr << "newswatch: " << target << ": " << fetchers::to_string(result.error) << ": "
                << result.message << '\n';
      return k_exit_error;
    }
    body = std::move(result.body);
    if (opts.url.empty()) opts.url = result.effective_url.empty() ? target : result.effective_url;
    if (opts.content_type.empty()) opts.content_type = result.content_type;
  } else {
    body = read_input(target);
  }
  parsers::Feed feed = parsers::parse_feed(body, opts);
  // A page rather than a feed: print its article, as a `kind = "page"` feed would store it.
  if ((feed.format == "html" || feed.format == "unknown") && feed.entries.empty()) {
    opts.kind = "page";
    feed = parsers::parse_feed(body, opts);
  }
  std::cout << parsers::to_json(feed).dump() << '\n';
  return k_exit_ok;
}

}  // namespace nw::cli
