#include "daemon/reload.hpp"

#include <map>

namespace nw::daemon {
namespace {

bool same_feed(const config::FeedConfig& a, const config::FeedConfig& b) {
  return a.url == b.url && a.interval == b.interval && a.kind == b.kind &&
         a.follow_links == b.follow_links && a.language == b.language && a.insecure == b.insecure;
}

bool same_webhooks(const std::vector<config::WebhookConfig>& a,
                   const std::vector<config::WebhookConfig>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || a[i].url != b[i].url || a[i].secret != b[i].secret ||
        a[i].format != b[i].format || a[i].events != b[i].events ||
        a[i].subjects != b[i].subjects || a[i].metrics != b[i].metrics ||
        a[i].min_difference != b[i].min_difference || a[i].min_origins != b[i].min_origins ||
        a[i].cooldown != b[i].cooldown) {
      return false;
    }
  }
  return true;
}

}  // namespace

FeedDiff diff_feeds(const config::Config& before, const config::Config& after) {
  std::map<std::string, const config::FeedConfig*> old_by_name;
  for (const auto& f : before.feeds) old_by_name[f.name] = &f;
  FeedDiff diff;
  for (const auto& f : after.feeds) {
    auto it = old_by_name.find(f.name);
    if (it == old_by_name.end()) {
      diff.added.push_back(f);
      continue;
    }
    if (!same_feed(*it->second, f)) diff.changed.push_back(f);
    old_by_name.erase(it);
  }
  for (const auto& f : before.feeds) {
    if (old_by_name.count(f.name)) diff.removed.push_back(f.name);
  }
  return diff;
}

std::vector<std::string> needs_restart(const config::Config& before, const config::Config& after) {
  std::vector<std::string> out;
  if (before.storage_path != after.storage_path) out.push_back("[storage] path");
  if (before.keep_text != after.keep_text) out.push_back("[storage] keep_text");
  if (before.storage_url != after.storage_url ||
      before.storage_password != after.storage_password) {
    out.push_back("[storage] url");  // the password is compared but never printed
  }
  if (before.rule_packs != after.rule_packs) out.push_back("[rules] packs");
  if (before.tolerance != after.tolerance || before.metric_tolerance != after.metric_tolerance ||
      before.open_bound_factor != after.open_bound_factor) {
    out.push_back("[divergence]");
  }
  // Secrets are compared but never printed.
  if (!same_webhooks(before.webhooks, after.webhooks)) out.push_back("[[webhooks]]");
  if (before.fetch.user_agent != after.fetch.user_agent ||
      before.fetch.max_connections != after.fetch.max_connections ||
      before.fetch.per_host != after.fetch.per_host) {
    out.push_back("[fetch] user_agent, max_connections, per_host");
  }
  if (before.metrics_listen != after.metrics_listen) out.push_back("[metrics] listen");
  if (before.web_listen != after.web_listen) out.push_back("[web] listen");
  if (before.web_url != after.web_url) out.push_back("[web] url");
  return out;
}

void apply_reloadable(config::Config& live, const config::Config& after) {
  live.feeds = after.feeds;
  live.fetch.timeout = after.fetch.timeout;
  live.fetch.max_body = after.fetch.max_body;
  // Read per followed link: it applies from the next poll on.
  live.fetch.allow_private = after.fetch.allow_private;
}

}  // namespace nw::daemon
