// The TOML configuration of interface.md, validated and with paths resolved.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace nw::config {

struct FetchSettings {
  std::string user_agent = "newswatch/" NEWSWATCH_VERSION;
  int max_connections = 32;  // in flight at once, all hosts together
  int per_host = 2;          // in flight at once to one host
  std::chrono::seconds timeout{30};
  std::size_t max_body = 10 * 1024 * 1024;  // after decompression
  // Followed links (URLs that came from a feed) may reach private, loopback and
  // link-local addresses only when this is set; configured feed URLs always may.
  bool allow_private = false;
};

struct FeedConfig {
  std::string name;
  std::string url;  // http(s) as written; file: URLs made absolute (file:///...)
  std::chrono::seconds interval{15 * 60};
  std::string kind = "auto";  // auto | rss | atom | rdf | jsonfeed | page
  bool follow_links = false;
  std::string language;   // ISO 639-1 code ("en", "ru", "uk", "be"); "" = detect
  bool insecure = false;  // skip TLS verification (logged)
};

struct WebhookConfig {
  std::string name;
  std::string url;
  std::string secret;           // resolved from secret, secret_file or secret_env; never logged
  std::string format = "json";  // json | slack
  // Routing: which alerts this webhook gets (README, "Routing"). Empty lists: all.
  std::vector<std::string> events{"contradiction", "divergence", "revision"};
  std::vector<std::string> subjects;  // matched without regard to case
  std::vector<std::string> metrics;
  double min_difference = 0;         // relative, as the body's `difference`
  int min_origins = 0;               // independent origins behind the new figure
  std::chrono::seconds cooldown{0};  // per subject/metric/unit group; 0: none
};

// The alert events a webhook may ask for.
inline constexpr const char* k_alert_events[] = {"contradiction", "divergence", "revision",
                                                 "confirmed"};

struct Config {
  std::filesystem::path file;          // the config file itself
  std::filesystem::path storage_path;  // SQLite, unless storage_url is set
  std::string storage_url;             // [storage] url: postgresql://, without a password
  std::string storage_password;        // from [storage] password_env; never logged
  // [storage] keep_text: article bodies older than this are dropped (Store::prune); off when unset.
  std::optional<std::chrono::seconds> keep_text;
  FetchSettings fetch;
  std::vector<FeedConfig> feeds;
  std::optional<std::string> metrics_listen;
  std::optional<std::string> web_listen;  // [web] listen: the ledger pages, read-only
  // [web] url: where readers reach the ledger pages (alerts link them); else
  // http://LISTEN/ of [web] listen or [metrics] listen, else none. Ends with '/'.
  std::string web_url;
  std::vector<std::string> rule_packs{"recruitment"};  // names, or absolute paths
  double tolerance = 0.10;
  std::map<std::string, double> metric_tolerance;  // [divergence.metrics] overrides
  // [divergence] open_bound_factor: "more than N" agrees only up to N times this.
  double open_bound_factor = 2.0;
  std::vector<WebhookConfig> webhooks;
};

// One problem found in a config file, at a position in it.
struct Diagnostic {
  std::filesystem::path file;
  int line = 0;
  int column = 0;
  std::string message;
  bool warning = false;
  // "FILE:LINE:COLUMN: message" (warnings say "warning: " before the message).
  std::string to_string() const;
};

// Thrown by load() when the file cannot be used; carries every error found.
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return m_diagnostics; }

 private:
  std::vector<Diagnostic> m_diagnostics;
};

// Reads and validates a config file. Throws ConfigError listing every problem;
// `warnings` (if given) receives problems that do not stop the program.
Config load(const std::filesystem::path& file, std::vector<Diagnostic>* warnings = nullptr);

// The same for config text already in memory; `file` names it in diagnostics
// and is the base of relative paths (it need not exist).
Config parse(std::string_view text, const std::filesystem::path& file,
             std::vector<Diagnostic>* warnings = nullptr);

// "90s", "15m", "1h", "2d" (also combined: "1h30m"); nullopt when malformed.
std::optional<std::chrono::seconds> parse_duration(std::string_view s);

// "10MB", "512KB", "1GiB", "100" (bytes); nullopt when malformed.
std::optional<std::size_t> parse_size(std::string_view s);

}  // namespace nw::config
