#include "daemon/commands.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "claims/extractor.hpp"
#include "claims/json.hpp"
#include "config/config.hpp"
#include "daemon/listing.hpp"
#include "daemon/logging.hpp"
#include "daemon/opml.hpp"
#include "daemon/service.hpp"
#include "fetchers/fetcher.hpp"
#include "parsers/json.hpp"
#include "parsers/parse.hpp"
#include "report/site.hpp"
#include "storage/store.hpp"

namespace nw::daemon {
namespace {

constexpr int k_exit_ok = 0;
constexpr int k_exit_error = 1;
constexpr int k_exit_usage = 2;

const std::map<std::string, std::string>& command_help() {
  static const std::map<std::string, std::string> k_help = {
      {"run",
       "run -c FILE [--log-level LEVEL]\n  The daemon, in the foreground: polls every feed on its "
       "interval until SIGTERM/SIGINT; SIGHUP reloads the config. Serves /metrics when "
       "[metrics] listen is set, and the ledger's pages (see report) on [web] listen, else on "
       "[metrics] listen."},
      {"once",
       "once -c FILE [--wait 30s] [--log-level LEVEL]\n  One poll of every feed, then delivers "
       "pending alerts (waiting at most --wait), then exits."},
      {"check",
       "check -c FILE\n  Validates the config; prints FILE:LINE:COLUMN: message for each problem."},
      {"extract",
       "extract [--rules FILE]... [--explain] PATH... | -\n  Claims from plain-text or HTML files "
       "(or stdin) as JSON Lines, no database. --explain prints, for every number, the claim "
       "it became and its cues, or why it was left out."},
      {"feeds", "feeds -c FILE [--json]\n  Every configured feed with its fetch state."},
      {"articles", "articles -c FILE [--json]\n  Stored articles."},
      {"claims", "claims -c FILE [--json] [--subject S] [--metric M]\n  Stored claims."},
      {"alerts",
       "alerts -c FILE [--json] [--retry ID]\n  Stored alerts and their delivery state; --retry "
       "queues a failed alert again."},
      {"parse",
       "parse [--url URL] [--header \"Name: value\"]... PATH|URL\n  Reads or fetches one feed or "
       "page and prints it normalized as JSON."},
      {"import-opml",
       "import-opml FILE\n  Prints [[feeds]] TOML entries for the feeds of an OPML file (OPML "
       "1.0 or 2.0, nested folders), to paste into the config."},
      {"report",
       "report -c FILE -o DIR\n  Writes the ledger as a static site in DIR: index.html (every "
       "subject and metric with its latest figure, sources and open divergences), "
       "group/SUBJECT-METRIC-UNIT.html (a timeline chart and every figure with its quote and "
       "links) and alerts.html. Plain HTML and SVG, no scripts, no external assets: readable "
       "offline, printable, safe to publish. The daemon serves the same pages live at / when "
       "[web] listen (or [metrics] listen) is set."},
      {"help", "help [COMMAND]\n  This help, or one command's."},
  };
  return k_help;
}

void print_usage(std::ostream& out) {
  out << "usage: newswatch COMMAND [OPTIONS]\n\ncommands:\n";
  for (const auto& [name, text] : command_help()) {
    out << "  " << text.substr(0, text.find('\n')) << '\n';
  }
  out << "\n  --version   print the version\n";
}

// Options of one command: flags, options with values (repeatable), positionals.
struct Args {
  std::map<std::string, std::vector<std::string>> options;
  std::vector<std::string> flags;
  std::vector<std::string> positional;

  bool has(const std::string& flag) const {
    return std::find(flags.begin(), flags.end(), flag) != flags.end();
  }
  std::string value(const std::string& name, const std::string& fallback = "") const {
    auto it = options.find(name);
    return it == options.end() || it->second.empty() ? fallback : it->second.back();
  }
  std::vector<std::string> values(const std::string& name) const {
    auto it = options.find(name);
    return it == options.end() ? std::vector<std::string>{} : it->second;
  }
};

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

Args parse_args(const std::vector<std::string>& args, std::size_t first,
                const std::vector<std::string>& with_value, const std::vector<std::string>& flags) {
  Args out;
  for (std::size_t i = first; i < args.size(); ++i) {
    std::string a = args[i];
    if (a == "-" || a.empty() || a[0] != '-') {
      out.positional.push_back(a);
      continue;
    }
    std::string inline_value;
    bool has_inline = false;
    if (auto eq = a.find('='); eq != std::string::npos && a.rfind("--", 0) == 0) {
      inline_value = a.substr(eq + 1);
      a = a.substr(0, eq);
      has_inline = true;
    }
    if (a == "--config") a = "-c";
    if (std::find(with_value.begin(), with_value.end(), a) != with_value.end()) {
      if (!has_inline && i + 1 >= args.size()) throw UsageError(a + " needs a value");
      out.options[a].push_back(has_inline ? inline_value : args[++i]);
    } else if (std::find(flags.begin(), flags.end(), a) != flags.end()) {
      out.flags.push_back(a);
    } else {
      throw UsageError("unknown option " + a);
    }
  }
  return out;
}

// "nearly 600" from a claim as it stands in an alert body.
std::string figure_of(const nlohmann::json& claim) {
  return claim.is_object() ? describe_figure(claims::claim_from_json(claim)) : "-";
}

config::Config load_config(const Args& a) {
  const std::string file = a.value("-c");
  if (file.empty()) throw UsageError("-c FILE is required");
  std::vector<config::Diagnostic> warnings;
  auto c = config::load(file, &warnings);
  for (const auto& w : warnings) std::cerr << w.to_string() << '\n';
  return c;
}

int cmd_check(const Args& a) {
  auto c = load_config(a);
  claims::Extractor::load(c.rule_packs, c.file.parent_path());
  std::cout << c.file.string() << ": ok (" << c.feeds.size() << " feeds, " << c.webhooks.size()
            << " webhooks)\n";
  return k_exit_ok;
}

int cmd_once(const Args& a) {
  auto c = load_config(a);
  const auto wait = config::parse_duration(a.value("--wait", "30s"));
  if (!wait) throw UsageError("bad --wait duration " + a.value("--wait"));
  const auto db = c.storage_path;
  Service service(std::move(c));  // creates and migrates the database
  // What this run stores is listed, not the whole ledger of earlier runs.
  const auto before = storage::open_store_readonly({db})->counts();
  const OnceSummary s = service.once(*wait);

  const auto store = storage::open_store_readonly({db});
  const auto totals = store->counts();
  std::cout << "polled " << s.feeds_polled << " feeds (" << s.feeds_failed << " failed, "
            << s.feeds_unchanged << " unchanged, " << s.feeds_skipped << " skipped), " << s.entries
            << " entries\n"
            << "stored " << s.stats.new_articles << " new articles, " << s.stats.duplicates
            << " duplicates, " << s.stats.updated << " updated, " << s.stats.claims << " claims, "
            << s.stats.alerts << " alerts\n"
            << "database " << db.string() << ": " << totals.articles << " articles, "
            << totals.claims << " claims, " << totals.alerts << " alerts (" << s.alerts_pending
            << " pending delivery)\n";
  if (s.stats.claims > 0) {
    std::cout << "\nclaims:\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : store->claims({"", "", before.last_claim_id})) {
      rows.push_back({r.claim.subject, r.claim.metric, describe_figure(r.claim),
                      r.claim.source.value_or("-"), r.feed, r.claim.quote});
    }
    print_table(std::cout, {"SUBJECT", "METRIC", "FIGURE", "SOURCE", "FEED", "QUOTE"}, rows, 70);
  }
  if (s.stats.alerts > 0) {
    std::cout << "\nalerts:\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& al : store->alerts()) {
      if (al.id <= before.last_alert_id) continue;
      const auto j = to_json(al);
      rows.push_back({std::to_string(al.id), al.subject, al.metric, figure_of(j["claim"]),
                      j["prior"].empty() ? "-" : figure_of(j["prior"][0]),
                      storage::to_string(al.status)});
    }
    print_table(std::cout, {"ID", "SUBJECT", "METRIC", "NEW", "PRIOR", "STATUS"}, rows);
  }
  // A database that refuses writes is unusable (interface.md), unlike a failed feed.
  for (const auto& e : s.storage_errors) std::cerr << "newswatch: " << e << '\n';
  return s.storage_errors.empty() ? k_exit_ok : k_exit_error;
}

int cmd_run(const Args& a) {
  auto c = load_config(a);
  Service service(std::move(c));
  return service.run();
}

int cmd_feeds(const Args& a) {
  auto c = load_config(a);
  std::map<std::string, storage::FeedState> stored;
  if (std::filesystem::exists(c.storage_path)) {
    for (auto& f : storage::open_store_readonly({c.storage_path})->feeds()) stored[f.name] = f;
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& fc : c.feeds) {
    storage::FeedState f = stored.count(fc.name) ? stored[fc.name] : storage::FeedState{};
    f.name = fc.name;
    f.url = fc.url;
    if (a.has("--json")) {
      std::cout << to_json(f).dump() << '\n';
      continue;
    }
    auto t = [](const std::optional<Time>& x) { return x ? format_iso8601(*x) : "-"; };
    rows.push_back({f.name, f.url, f.last_status ? std::to_string(*f.last_status) : "-",
                    t(f.last_success), t(f.next_poll), std::to_string(f.consecutive_errors),
                    f.last_error.empty() ? "-" : f.last_error});
  }
  if (!a.has("--json")) {
    print_table(std::cout,
                {"NAME", "URL", "STATUS", "LAST SUCCESS", "NEXT POLL", "ERRORS", "LAST ERROR"},
                rows);
  }
  return k_exit_ok;
}

int cmd_articles(const Args& a) {
  auto c = load_config(a);
  const auto store = storage::open_store_readonly({c.storage_path});
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : store->articles()) {
    if (a.has("--json")) {
      std::cout << to_json(r).dump() << '\n';
      continue;
    }
    rows.push_back({std::to_string(r.id), r.feed, r.published ? format_iso8601(*r.published) : "-",
                    std::to_string(r.claims),
                    r.duplicate_of ? "dup of " + std::to_string(*r.duplicate_of) : "-", r.title});
  }
  if (!a.has("--json"))
    print_table(std::cout, {"ID", "FEED", "PUBLISHED", "CLAIMS", "DUPLICATE", "TITLE"}, rows);
  return k_exit_ok;
}

int cmd_claims(const Args& a) {
  auto c = load_config(a);
  const auto store = storage::open_store_readonly({c.storage_path});
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : store->claims({a.value("--subject"), a.value("--metric")})) {
    if (a.has("--json")) {
      std::cout << to_json(r).dump() << '\n';
      continue;
    }
    rows.push_back({std::to_string(r.id), std::to_string(r.article_id), r.claim.subject,
                    r.claim.metric, describe_figure(r.claim), r.claim.source.value_or("-"),
                    r.claim.quote});
  }
  if (!a.has("--json")) {
    print_table(std::cout, {"ID", "ARTICLE", "SUBJECT", "METRIC", "FIGURE", "SOURCE", "QUOTE"},
                rows, 70);
  }
  return k_exit_ok;
}

int cmd_alerts(const Args& a) {
  auto c = load_config(a);
  if (const auto id = a.value("--retry"); !id.empty()) {
    const auto store = storage::open_store({c.storage_path});
    int64_t n = 0;
    try {
      n = std::stoll(id);
    } catch (const std::exception&) {
      throw UsageError("--retry takes an alert id");
    }
    bool found = false;
    store->transaction([&] { found = store->retry_alert(n); });
    if (!found) {
      std::cerr << "newswatch: no alert " << id << '\n';
      return k_exit_error;
    }
    std::cout << "alert " << id << " queued for delivery again\n";
    return k_exit_ok;
  }
  const auto store = storage::open_store_readonly({c.storage_path});
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : store->alerts()) {
    const auto j = to_json(r);
    if (a.has("--json")) {
      std::cout << j.dump() << '\n';
      continue;
    }
    rows.push_back({std::to_string(r.id), format_iso8601(r.detected_at), r.subject, r.metric,
                    figure_of(j["claim"]), j["prior"].empty() ? "-" : figure_of(j["prior"][0]),
                    storage::to_string(r.status), std::to_string(r.attempts)});
  }
  if (!a.has("--json")) {
    print_table(std::cout,
                {"ID", "DETECTED", "SUBJECT", "METRIC", "NEW", "PRIOR", "STATUS", "ATTEMPTS"},
                rows);
  }
  return k_exit_ok;
}

int cmd_report(const Args& a) {
  auto c = load_config(a);
  const std::string dir = a.value("-o");
  if (dir.empty()) throw UsageError("-o DIR is required");
  const auto ledger =
      report::load_ledger({c.storage_path}, report::Tolerance{c.tolerance, c.metric_tolerance});
  const std::size_t pages = report::write_site(ledger, dir);
  std::cout << "wrote " << pages << " pages to " << dir << " (" << ledger.groups.size()
            << " groups, " << ledger.claims << " claims, " << ledger.alerts.size()
            << " alerts); open " << (std::filesystem::path(dir) / "index.html").string() << '\n';
  return k_exit_ok;
}

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

bool looks_like_html(std::string_view s) {
  const auto head = s.substr(0, 2048);
  for (const char* marker : {"<html", "<HTML", "<!DOCTYPE", "<!doctype", "<body", "<p>", "<div"}) {
    if (head.find(marker) != std::string_view::npos) return true;
  }
  return false;
}

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
    std::string name = h.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), ::tolower);
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

}  // namespace

int run_command_line(const std::vector<std::string>& args) {
  if (args.size() < 2 || args[1] == "-h" || args[1] == "--help") {
    print_usage(args.size() < 2 ? std::cerr : std::cout);
    return args.size() < 2 ? k_exit_usage : k_exit_ok;
  }
  const std::string& cmd = args[1];
  if (cmd == "--version" || cmd == "version") {
    std::cout << "newswatch " NEWSWATCH_VERSION "\n";
    return k_exit_ok;
  }
  if (cmd == "help") {
    if (args.size() > 2) {
      const auto it = command_help().find(args[2]);
      if (it == command_help().end()) {
        std::cerr << "newswatch: no command '" << args[2] << "'\n";
        return k_exit_usage;
      }
      std::cout << "usage: newswatch " << it->second << '\n';
      return k_exit_ok;
    }
    print_usage(std::cout);
    return k_exit_ok;
  }
  try {
    const std::vector<std::string> config_opts{"-c", "--log-level"};
    if (cmd == "run" || cmd == "once") {
      auto a = parse_args(args, 2, {"-c", "--log-level", "--wait"}, {});
      try {
        setup_logging(a.value("--log-level"));
      } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
      }
      return cmd == "run" ? cmd_run(a) : cmd_once(a);
    }
    setup_logging("warn");
    if (cmd == "check") return cmd_check(parse_args(args, 2, config_opts, {}));
    if (cmd == "feeds") return cmd_feeds(parse_args(args, 2, config_opts, {"--json"}));
    if (cmd == "articles") return cmd_articles(parse_args(args, 2, config_opts, {"--json"}));
    if (cmd == "claims") {
      return cmd_claims(parse_args(args, 2, {"-c", "--subject", "--metric"}, {"--json"}));
    }
    if (cmd == "alerts") return cmd_alerts(parse_args(args, 2, {"-c", "--retry"}, {"--json"}));
    if (cmd == "report") return cmd_report(parse_args(args, 2, {"-c", "-o"}, {}));
    if (cmd == "extract") return cmd_extract(parse_args(args, 2, {"--rules"}, {"--explain"}));
    if (cmd == "import-opml") return cmd_import_opml(parse_args(args, 2, {}, {}));
    if (cmd == "parse") return cmd_parse(parse_args(args, 2, {"--url", "--header"}, {}));
    std::cerr << "newswatch: unknown command '" << cmd << "' (see newswatch help)\n";
    return k_exit_usage;
  } catch (const UsageError& e) {
    std::cerr << "newswatch " << cmd << ": " << e.what() << " (see newswatch help " << cmd << ")\n";
    return k_exit_usage;
  } catch (const config::ConfigError& e) {
    for (const auto& d : e.diagnostics()) std::cerr << d.to_string() << '\n';
    return k_exit_error;
  } catch (const std::exception& e) {
    std::cerr << "newswatch: " << e.what() << '\n';
    return k_exit_error;
  }
}

}  // namespace nw::daemon
