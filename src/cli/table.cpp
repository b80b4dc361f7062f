// The one table of commands (interface.md): everything the command line,
// `newswatch help`, the man page and the completion script know about them.
#include "cli/command.hpp"
#include "cli/handlers.hpp"

namespace nw::cli {
namespace {

const Option k_config{"-c", "FILE", "the configuration file (also --config)", "file"};
const Option k_log_level{"--log-level", "LEVEL",
                         "trace, debug, info (the default), warn, error, critical or off", "level"};
const Option k_json{"--json", "", "JSON Lines, one object a line, instead of a table", ""};

}  // namespace

const std::vector<Command>& commands() {
  static const std::vector<Command> k_commands = {
      {"alerts",
       "alerts -c FILE [--json] [--retry ID]",
       "Stored alerts and their delivery state; --retry queues a failed alert again.",
       {k_config, {"--retry", "ID", "queue the failed alert ID for delivery again", ""}, k_json},
       "",
       false,
       cmd_alerts},
      {"articles",
       "articles -c FILE [--json]",
       "Stored articles.",
       {k_config, k_log_level, k_json},
       "",
       false,
       cmd_articles},
      {"check",
       "check -c FILE",
       "Validates the config; prints FILE:LINE:COLUMN: message for each problem.",
       {k_config, k_log_level},
       "",
       false,
       cmd_check},
      {"claims",
       "claims -c FILE [--json] [--subject S] [--metric M] [--limit N] [--before ID]",
       "Stored claims, oldest first: the newest 1000 (--limit), those before claim ID with "
       "--before. When a page is full, says on stderr which --before gives the older ones.",
       {k_config,
        {"--subject", "S", "only claims about this subject (any case)", ""},
        {"--metric", "M", "only claims of this metric (any case)", ""},
        {"--limit", "N", "at most the newest N claims (default 1000; 0: every claim)", ""},
        {"--before", "ID", "only claims with an id below ID (the next older page)", ""},
        k_json},
       "",
       false,
       cmd_claims},
      {"completion",
       "completion bash",
       "Prints the bash completion script (installed where bash-completion looks).",
       {},
       "shell",
       false,
       cmd_completion},
      {"extract",
       "extract [--rules FILE]... [--explain] PATH... | -",
       "Claims from plain-text or HTML files (or stdin) as JSON Lines, no database. --explain "
       "prints, for every number, the claim it became and its cues, or why it was left out.",
       {{"--rules", "FILE", "a rule pack: a built-in name or a file (repeatable)", "file"},
        {"--explain", "", "for people: every number, the claim it became or why not", ""}},
       "file",
       false,
       cmd_extract},
      {"feeds",
       "feeds -c FILE [--json]",
       "Every configured feed with its fetch state.",
       {k_config, k_log_level, k_json},
       "",
       false,
       cmd_feeds},
      {"help", "help [COMMAND]", "This help, or one command's.", {}, "command", false, cmd_help},
      {"import-opml",
       "import-opml FILE",
       "Prints [[feeds]] TOML entries for the feeds of an OPML file (OPML 1.0 or 2.0, nested "
       "folders), to paste into the config.",
       {},
       "file",
       false,
       cmd_import_opml},
      {"migrate",
       "migrate -c FILE --to URL",
       "Copies the configured SQLite database into PostgreSQL: feeds and their fetch state, "
       "articles, claims, alerts and deliveries, keeping their ids. Prints progress, then each "
       "table's counts in both, and fails if they differ. Safe to run twice: rows already copied "
       "are left as they are. The password comes from PGPASSWORD or ~/.pgpass.",
       {k_config,
        {"--to", "URL", "the PostgreSQL database: postgresql://user@host/db, no password", ""}},
       "",
       false,
       cmd_migrate},
      {"once",
       "once -c FILE [--wait 30s] [--log-level LEVEL]",
       "One poll of every feed, then delivers pending alerts (waiting at most --wait), then "
       "exits.",
       {k_config,
        k_log_level,
        {"--wait", "DURATION", "how long to wait for alert deliveries (default 30s)", ""}},
       "",
       true,
       cmd_once},
      {"parse",
       "parse [--url URL] [--header \"Name: value\"]... PATH|URL",
       "Reads or fetches one feed or page and prints it normalized as JSON.",
       {{"--url", "URL", "the URL a PATH's bytes came from (base URI)", ""},
        {"--header", "\"Name: value\"",
         "a response header the bytes came with (Content-Type, Content-Location); repeatable", ""}},
       "file",
       false,
       cmd_parse},
      {"prune",
       "prune -c FILE [--dry-run]",
       "Applies [storage] keep_text now: drops the bodies of articles fetched longer ago "
       "(titles, URLs, hashes, claims with their quotes and articles, and alerts stay) and "
       "their near-duplicate keys, gives the space back to the filesystem, and reports what "
       "it freed. The first run on a database made before keep_text existed rewrites it "
       "once (VACUUM): stop the daemon for it. --dry-run reports what it would drop.",
       {k_config, {"--dry-run", "", "report what would be dropped, change nothing", ""}},
       "",
       false,
       cmd_prune},
      {"report",
       "report -c FILE -o DIR",
       "Writes the ledger as a static site in DIR: index.html (every subject and metric with its "
       "latest figure, sources and open divergences), group/SUBJECT-METRIC-UNIT.html (a timeline "
       "chart and every figure with its quote and links) and alerts.html. Plain HTML and SVG, no "
       "scripts, no external assets: readable offline, printable, safe to publish. Long lists "
       "go on over numbered pages (index.2.html, group/SLUG.2.html). Over a site written "
       "before, only pages that changed are written. The daemon serves the same pages live at "
       "/ when [web] listen (or [metrics] listen) is set.",
       {k_config, {"-o", "DIR", "the folder to write the site into", "dir"}},
       "",
       false,
       cmd_report},
      {"series",
       "series -c FILE --subject S --metric M [--unit U] [--csv|--json]",
       "Dated rows of one group for analysts: each figure with its qualifier, bounds, origin, "
       "article and URL, and the group's reconciled low, best and high figure and number of "
       "independent origins as of that date. --csv is the file the ledger's group page links.",
       {k_config,
        {"--subject", "S", "the group's subject (any case)", ""},
        {"--metric", "M", "the group's metric (any case)", ""},
        {"--unit", "U", "the group's unit, when the subject and metric have several", ""},
        {"--csv", "", "CSV with a header line, for pandas or R", ""},
        k_json},
       "",
       false,
       cmd_series},
      {"run",
       "run -c FILE [--log-level LEVEL]",
       "The daemon, in the foreground: polls every feed on its interval until SIGTERM/SIGINT; "
       "SIGHUP reloads the config. Serves /metrics when [metrics] listen is set, and the "
       "ledger's pages (see report) on [web] listen, else on [metrics] listen.",
       {k_config,
        k_log_level,
        {"--wait", "DURATION", "accepted as for once; the daemon does not wait", ""}},
       "",
       true,
       cmd_run},
  };
  return k_commands;
}

}  // namespace nw::cli
