// What a SIGHUP reload changes: the feed difference between two configs, and
// the settings that only take effect after a restart.
#pragma once

#include <string>
#include <vector>

#include "config/config.hpp"

namespace nw::daemon {

struct FeedDiff {
  std::vector<config::FeedConfig> added;
  std::vector<std::string> removed;         // names
  std::vector<config::FeedConfig> changed;  // new settings of feeds kept by name
};

// Feeds are matched by name; any field that differs makes a feed `changed`.
FeedDiff diff_feeds(const config::Config& before, const config::Config& after);

// Settings that differ but are fixed at start-up ([storage], [rules],
// [divergence], webhooks, fetch limits, [metrics]), one human line each.
std::vector<std::string> needs_restart(const config::Config& before, const config::Config& after);

// Copies into `live` what can change while running: the feed list and the
// fetch settings read per request (timeout, max_body, allow_private).
void apply_reloadable(config::Config& live, const config::Config& after);

}  // namespace nw::daemon
