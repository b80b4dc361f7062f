// The handlers of the commands that run the daemon or read what it stored.
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "claims/extractor.hpp"
#include "claims/json.hpp"
#include "cli/handlers.hpp"
#include "cli/listing.hpp"
#include "config/config.hpp"
#include "daemon/service.hpp"
#include "report/series.hpp"
#include "report/site.hpp"
#include "storage/migrate.hpp"
#include "storage/store.hpp"

namespace nw::cli {
namespace {

// Claims `claims` prints unless --limit says otherwise (0: every one).
constexpr int64_t k_claims_limit = 1000;

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

// "5.6 MB": bytes for people (decimal units, as `[fetch] max_body` reads them).
std::string human_bytes(int64_t bytes) {
  const char* units[] = {"bytes", "kB", "MB", "GB", "TB"};
  double v = static_cast<double>(bytes);
  std::size_t u = 0;
  while (v >= 1000 && u + 1 < std::size(units)) {
    v /= 1000;
    ++u;
  }
  std::ostringstream out;
  out << std::fixed << std::setprecision(u == 0 ? 0 : 1) << v << ' ' << units[u];
  return out.str();
}

}  // namespace

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
  const auto db = storage::store_spec(c);
  // Creates and migrates the database; an unreachable server is an error here.
  daemon::Service service(std::move(c));
  const daemon::OnceSummary s = service.once(*wait);

  const auto store = storage::open_store_readonly(db);
  const auto totals = store->counts();
  std::cout << "polled " << s.feeds_polled << " feeds (" << s.feeds_failed << " failed, "
            << s.feeds_unchanged << " unchanged, " << s.feeds_skipped << " skipped), " << s.entries
            << " entries\n"
            << "stored " << s.stats.new_articles << " new articles, " << s.stats.duplicates
            << " duplicates, " << s.stats.updated << " updated, " << s.stats.claims << " claims, "
            << s.stats.alerts << " alerts\n"
            << "database " << storage::display_name(db) << ": " << totals.articles << " articles, "
            << totals.claims << " claims, " << totals.alerts << " alerts (" << s.alerts_pending
            << " pending delivery)\n";
  if (!s.stats.claim_ids.empty()) {
    std::cout << "\nclaims:\n";
    std::vector<std::vector<std::string>> rows;
    // What this run stored, not earlier runs' claims nor other daemons'.
    const std::set<int64_t> mine(s.stats.claim_ids.begin(), s.stats.claim_ids.end());
    for (const auto& r : store->claims({"", "", *mine.begin() - 1})) {
      if (!mine.count(r.id)) continue;
      rows.push_back({r.claim.subject, r.claim.metric, describe_figure(r.claim),
                      r.claim.source.value_or("-"), r.feed, r.claim.quote});
    }
    print_table(std::cout, {"SUBJECT", "METRIC", "FIGURE", "SOURCE", "FEED", "QUOTE"}, rows, 70);
  }
  if (!s.stats.alert_ids.empty()) {
    std::cout << "\nalerts:\n";
    std::vector<std::vector<std::string>> rows;
    const std::set<int64_t> mine(s.stats.alert_ids.begin(), s.stats.alert_ids.end());
    for (const auto& al : store->alerts()) {
      if (!mine.count(al.id)) continue;
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
  // A database server that cannot be reached yet is waited for (with backoff).
  daemon::Service service(std::move(c), daemon::StoreWait::retry);
  return service.run();
}

int cmd_feeds(const Args& a) {
  auto c = load_config(a);
  std::map<std::string, storage::FeedState> stored;
  if (!c.storage_url.empty() || std::filesystem::exists(c.storage_path)) {
    for (auto& f : storage::open_store_readonly(storage::store_spec(c))->feeds())
      stored[f.name] = f;
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
  const auto store = storage::open_store_readonly(storage::store_spec(c));
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

// The one stored group `subject`/`metric` (any case) names, in `unit` when given.
storage::LedgerGroupInfo find_group(storage::StoreReader& store, const std::string& subject,
                                    const std::string& metric, const std::string& unit) {
  const auto folded = [](std::string s) {
    for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return s;
  };
  std::vector<storage::LedgerGroupInfo> found;
  for (auto& g : store.ledger_groups()) {
    if (folded(g.subject) != folded(subject) || folded(g.metric) != folded(metric)) continue;
    if (!unit.empty() && folded(g.unit.value_or("")) != folded(unit)) continue;
    found.push_back(std::move(g));
  }
  if (found.empty()) {
    throw std::runtime_error("no figures stored for subject '" + subject + "', metric '" + metric +
                             "'" + (unit.empty() ? "" : ", unit '" + unit + "'"));
  }
  if (found.size() > 1) {
    std::string units;
    for (const auto& g : found) units += (units.empty() ? "" : ", ") + g.unit.value_or("(none)");
    throw UsageError("subject '" + subject + "', metric '" + metric +
                     "' has figures in several units (" + units + "): give --unit");
  }
  return found.front();
}

int cmd_series(const Args& a) {
  auto c = load_config(a);
  if (a.value("--subject").empty() || a.value("--metric").empty())
    throw UsageError("--subject S and --metric M are required");
  if (a.has("--csv") && a.has("--json")) throw UsageError("give --csv or --json, not both");
  const auto store = storage::open_store_readonly({c.storage_path});
  const auto g = find_group(*store, a.value("--subject"), a.value("--metric"), a.value("--unit"));
  const auto it = c.metric_tolerance.find(g.metric);
  const alerts::Agreement agreement{it == c.metric_tolerance.end() ? c.tolerance : it->second,
                                    c.open_bound_factor};
  const auto rows =
      report::build_series(store->ledger_group(g.subject, g.metric, g.unit).claims, agreement);
  if (a.has("--csv")) {
    report::write_series_csv(std::cout, rows);
    return k_exit_ok;
  }
  std::vector<std::vector<std::string>> table;
  for (const auto& r : rows) {
    if (a.has("--json")) {
      std::cout << report::series_json(r).dump() << '\n';
      continue;
    }
    const auto num = [](double v) {
      return describe_figure([v] {
        claims::Claim x;
        x.value = v;
        return x;
      }());
    };
    const auto& rec = r.reconciled;
    table.push_back({format_iso8601(r.date), describe_figure(r.claim.claim), r.origin,
                     rec ? num(rec->low) : "-", rec ? num(rec->best) : "-",
                     rec ? num(rec->high) : "-", rec ? std::to_string(rec->origins) : "-",
                     rec && rec->disputed ? "disputed" : "-", r.claim.url});
  }
  if (!a.has("--json")) {
    print_table(std::cout,
                {"DATE", "FIGURE", "ORIGIN", "LOW", "BEST", "HIGH", "ORIGINS", "STATUS", "URL"},
                table);
  }
  return k_exit_ok;
}

// A count or id option's value (`fallback` when absent): a whole number >= 0.
int64_t whole_number(const Args& a, const std::string& name, int64_t fallback) {
  const std::string v = a.value(name);
  if (v.empty()) return fallback;
  std::size_t used = 0;
  int64_t n = -1;
  try {
    n = std::stoll(v, &used);
  } catch (const std::exception&) {
  }
  if (n < 0 || used != v.size()) throw UsageError(name + " takes a whole number");
  return n;
}

int cmd_claims(const Args& a) {
  auto c = load_config(a);
  const auto store = storage::open_store_readonly(storage::store_spec(c));
  storage::ClaimFilter filter{a.value("--subject"), a.value("--metric")};
  filter.limit = static_cast<std::size_t>(whole_number(a, "--limit", k_claims_limit));
  filter.before_id = whole_number(a, "--before", 0);
  const auto found = store->claims(filter);
  // A full page may have older claims behind it: say how to ask for them.
  if (filter.limit > 0 && found.size() == filter.limit) {
    std::cerr << "newswatch: the newest " << filter.limit
              << " claims shown; older ones with --before " << found.front().id << '\n';
  }
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : found) {
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
    const auto store = storage::open_store(storage::store_spec(c));
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
  const auto store = storage::open_store_readonly(storage::store_spec(c));
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
  const auto reader = storage::open_store_readonly(storage::store_spec(c));
  const auto site = report::write_site(
      *reader, report::Tolerance{c.tolerance, c.metric_tolerance, c.open_bound_factor}, dir);
  std::cout << "wrote " << site.written << " of " << site.pages << " pages to " << dir << " ("
            << site.pages - site.written << " unchanged; " << site.groups << " groups, "
            << site.claims << " claims, " << site.alerts << " alerts); open "
            << (std::filesystem::path(dir) / "index.html").string() << '\n';
  return k_exit_ok;
}

int cmd_prune(const Args& a) {
  auto c = load_config(a);
  if (!c.keep_text) {
    std::cerr << "newswatch: " << c.file.string()
              << ": [storage] keep_text is not set (e.g. keep_text = \"180d\"): nothing to prune\n";
    return k_exit_error;
  }
  const auto spec = storage::store_spec(c);
  if (!storage::is_postgresql(spec) && !std::filesystem::exists(c.storage_path)) {
    std::cerr << "newswatch: " << c.storage_path.string() << ": no database yet\n";
    return k_exit_error;
  }
  const Time cutoff = now() - *c.keep_text;
  const auto store = storage::open_store(spec);
  std::cout << storage::display_name(spec) << ": article texts fetched before "
            << format_iso8601(cutoff) << " (keep_text " << c.keep_text->count() / 86400
            << " days)\n";
  if (a.has("--dry-run")) {
    const auto s = store->prune_preview(cutoff);
    std::cout << "would drop " << s.articles << " article bodies (" << human_bytes(s.text_bytes)
              << ") and " << s.band_keys << " near-duplicate keys; nothing changed (--dry-run)\n";
    return k_exit_ok;
  }
  // Large steps: nothing else is waiting, and each step is its own transaction,
  // so a running daemon's writes still get in between.
  storage::PruneStats total;
  do {
    store->transaction([&] { total += store->prune(cutoff, 5000); });
  } while (!total.done);
  std::cout << "dropped " << total.articles << " article bodies (" << human_bytes(total.text_bytes)
            << ") and " << total.band_keys << " near-duplicate keys; ";
  if (storage::is_postgresql(spec)) {
    // Store::reclaim_space does nothing there: the server reuses the space.
    std::cout << "PostgreSQL reuses the space (VACUUM FULL gives it back to the filesystem)\n";
  } else {
    std::cout << "the database file shrank by " << human_bytes(store->reclaim_space(0, true))
              << "\n";
  }
  return k_exit_ok;
}

int cmd_migrate(const Args& a) {
  const auto c = load_config(a);
  const storage::StoreSpec target({}, a.value("--to"), "");
  if (!storage::is_postgresql(target)) {
    throw UsageError("migrate needs --to postgresql://user@host/db");
  }
  if (!c.storage_url.empty()) {
    throw UsageError("migrate copies the configured SQLite database ([storage] path), and " +
                     c.file.string() + " names a PostgreSQL url");
  }
  std::cerr << "migrate: " << c.storage_path.string() << " -> " << target.url << '\n';
  const auto counts = storage::migrate_to_postgresql(
      c.storage_path, target, [](const std::string& table, int64_t done, int64_t total) {
        std::cerr << "migrate: " << table << ' ' << done << '/' << total << '\n';
      });
  std::vector<std::vector<std::string>> rows;
  bool complete = true;
  for (const auto& t : counts) {
    const bool same = t.source == t.target;
    complete = complete && same;
    rows.push_back(
        {t.table, std::to_string(t.source), std::to_string(t.target), same ? "ok" : "DIFFERENT"});
  }
  print_table(std::cout, {"TABLE", "SQLITE", "POSTGRESQL", "CHECK"}, rows);
  if (!complete) {
    std::cerr << "newswatch: the counts differ: " << target.url
              << " held other rows before, or some were refused\n";
  }
  return complete ? k_exit_ok : k_exit_error;
}

}  // namespace nw::cli
