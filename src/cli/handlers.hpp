// The handlers of the command table (table.cpp): each takes its parsed
// options and returns the exit status; they throw UsageError for bad usage and
// ConfigError or other exceptions for failures (cli.cpp reports them).
#pragma once

#include "cli/command.hpp"

namespace nw::cli {

// store_commands.cpp: the daemon and what it stored.
int cmd_run(const Args& a);
int cmd_once(const Args& a);
int cmd_check(const Args& a);
int cmd_feeds(const Args& a);
int cmd_articles(const Args& a);
int cmd_claims(const Args& a);
int cmd_alerts(const Args& a);
int cmd_report(const Args& a);
int cmd_prune(const Args& a);
int cmd_migrate(const Args& a);
int cmd_series(const Args& a);

// tool_commands.cpp: files and URLs, no database.
int cmd_extract(const Args& a);
int cmd_parse(const Args& a);
int cmd_import_opml(const Args& a);

// help.cpp: the table read back for people and shells.
int cmd_help(const Args& a);
int cmd_completion(const Args& a);

}  // namespace nw::cli
