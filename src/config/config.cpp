#include "config/config.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <sys/stat.h>

#include <toml++/toml.h>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

namespace nw::config {

std::string Diagnostic::to_string() const {
  std::ostringstream out;
  out << file.string() << ':' << line << ':' << column << ": " << (warning ? "warning: " : "")
      << message;
  return out.str();
}

namespace {

std::string join_messages(const std::vector<Diagnostic>& diags) {
  std::string out;
  for (const auto& d : diags) out += (out.empty() ? "" : "\n") + d.to_string();
  return out;
}

// Walks the parsed document, collecting every problem with its position
// instead of stopping at the first.
class Reader {
 public:
  Reader(std::filesystem::path file, std::vector<Diagnostic>& errors,
         std::vector<Diagnostic>& warnings)
      : m_file(std::move(file)), m_errors(errors), m_warnings(warnings) {}

  void error(const toml::source_region& at, std::string message) {
    m_errors.push_back({m_file, int(at.begin.line), int(at.begin.column), std::move(message)});
  }
  void warn(const toml::source_region& at, std::string message) {
    m_warnings.push_back(
        {m_file, int(at.begin.line), int(at.begin.column), std::move(message), true});
  }

  // Reports every key of `table` not in `known`.
  void check_keys(const toml::table& table, std::string_view where,
                  std::initializer_list<std::string_view> known) {
    for (auto&& [key, node] : table) {
      bool ok = false;
      for (auto k : known) ok = ok || key.str() == k;
      if (!ok) {
        error(key.source(),
              "unknown key '" + std::string(key.str()) + "' in " + std::string(where));
      }
    }
  }

  template <typename T>
  std::optional<T> get(const toml::table& table, std::string_view key, std::string_view type) {
    const toml::node* node = table.get(key);
    if (!node) return std::nullopt;
    if (auto v = node->value_exact<T>()) return *v;
    if constexpr (std::is_same_v<T, double>) {
      if (auto i = node->value_exact<int64_t>()) return static_cast<double>(*i);
    }
    error(node->source(), "'" + std::string(key) + "' must be " + std::string(type));
    return std::nullopt;
  }

  std::optional<std::string> string(const toml::table& t, std::string_view key) {
    return get<std::string>(t, key, "a string");
  }
  std::optional<bool> boolean(const toml::table& t, std::string_view key) {
    return get<bool>(t, key, "true or false");
  }

  std::optional<int64_t> positive_int(const toml::table& t, std::string_view key, int64_t max) {
    auto v = get<int64_t>(t, key, "an integer");
    if (v && (*v < 1 || *v > max)) {
      error(t.get(key)->source(),
            "'" + std::string(key) + "' must be between 1 and " + std::to_string(max));
      return std::nullopt;
    }
    return v;
  }

  std::optional<std::chrono::seconds> duration(const toml::table& t, std::string_view key) {
    auto s = get<std::string>(t, key, "a duration string such as \"90s\", \"15m\" or \"1h\"");
    if (!s) return std::nullopt;
    auto d = parse_duration(*s);
    if (!d || d->count() <= 0) {
      error(t.get(key)->source(), "bad duration '" + *s + "' for '" + std::string(key) +
                                      "' (use a number with a unit: \"90s\", \"15m\", \"1h\")");
      return std::nullopt;
    }
    return d;
  }

  std::optional<std::size_t> size(const toml::table& t, std::string_view key) {
    auto s = get<std::string>(t, key, "a size string such as \"10MB\"");
    if (!s) return std::nullopt;
    auto v = parse_size(*s);
    if (!v) {
      error(t.get(key)->source(), "bad size '" + *s + "' for '" + std::string(key) +
                                      "' (use a number with a unit: \"512KB\", \"10MB\")");
    }
    return v;
  }

  const toml::table* table(const toml::table& parent, std::string_view key) {
    const toml::node* node = parent.get(key);
    if (!node) return nullptr;
    if (auto t = node->as_table()) return t;
    error(node->source(),
          "'" + std::string(key) + "' must be a table ([" + std::string(key) + "])");
    return nullptr;
  }

  // Array of tables ([[key]]); wrong shapes reported.
  std::vector<const toml::table*> tables(const toml::table& parent, std::string_view key) {
    std::vector<const toml::table*> out;
    const toml::node* node = parent.get(key);
    if (!node) return out;
    const auto* arr = node->as_array();
    if (!arr) {
      error(node->source(),
            "'" + std::string(key) + "' must be an array of tables ([[" + std::string(key) + "]])");
      return out;
    }
    for (const auto& el : *arr) {
      if (auto t = el.as_table())
        out.push_back(t);
      else
        error(el.source(), "each entry of '" + std::string(key) + "' must be a table");
    }
    return out;
  }

  std::filesystem::path resolve(const std::string& p) const {
    std::filesystem::path path(p);
    if (path.is_relative()) path = m_file.parent_path() / path;
    return path.lexically_normal();
  }

 private:
  std::filesystem::path m_file;
  std::vector<Diagnostic>& m_errors;
  std::vector<Diagnostic>& m_warnings;
};

// http(s) URLs are checked with libcurl's URL parser; file: URLs are made
// absolute against the config folder ("file:feeds/a.xml", "file://feeds/a.xml"
// and "file:///abs/a.xml" are all accepted). Returns "" when invalid.
std::string normalize_feed_url(const std::string& url, const Reader& reader, std::string& why) {
  if (url.rfind("file:", 0) == 0) {
    std::string rest = url.substr(5);
    if (rest.rfind("//localhost/", 0) == 0)
      rest = rest.substr(11);
    else if (rest.rfind("///", 0) == 0)
      rest = rest.substr(2);
    else if (rest.rfind("//", 0) == 0)
      rest = rest.substr(2);
    if (rest.empty()) {
      why = "file URL has no path";
      return "";
    }
    return "file://" + reader.resolve(rest).string();
  }
  CURLU* h = curl_url();
  const CURLUcode rc = curl_url_set(h, CURLUPART_URL, url.c_str(), 0);
  std::string out;
  if (rc != CURLUE_OK) {
    why = curl_url_strerror(rc);
  } else {
    char* scheme = nullptr;
    curl_url_get(h, CURLUPART_SCHEME, &scheme, 0);
    const std::string s = scheme ? scheme : "";
    curl_free(scheme);
    if (s == "http" || s == "https")
      out = url;
    else
      why = "unsupported scheme '" + s + "' (use http, https or file)";
  }
  curl_url_cleanup(h);
  return out;
}

void read_fetch(Reader& r, const toml::table& t, FetchSettings& f) {
  r.check_keys(
      t, "[fetch]",
      {"user_agent", "max_connections", "per_host", "timeout", "max_body", "allow_private"});
  if (auto v = r.string(t, "user_agent")) f.user_agent = *v;
  if (auto v = r.positive_int(t, "max_connections", 10000)) f.max_connections = int(*v);
  if (auto v = r.positive_int(t, "per_host", 1000)) f.per_host = int(*v);
  if (auto v = r.duration(t, "timeout")) f.timeout = *v;
  if (auto v = r.size(t, "max_body")) f.max_body = *v;
  if (auto v = r.boolean(t, "allow_private")) f.allow_private = *v;
}

void read_feeds(Reader& r, const toml::table& root, std::vector<FeedConfig>& feeds) {
  std::set<std::string> names;
  for (const toml::table* t : r.tables(root, "feeds")) {
    r.check_keys(*t, "[[feeds]]",
                 {"name", "url", "interval", "kind", "follow_links", "language", "insecure"});
    FeedConfig f;
    auto url = r.string(*t, "url");
    if (!url) {
      if (!t->get("url")) r.error(t->source(), "feed has no 'url'");
      continue;
    }
    std::string why;
    f.url = normalize_feed_url(*url, r, why);
    if (f.url.empty()) r.error(t->get("url")->source(), "bad URL '" + *url + "': " + why);
    f.name = r.string(*t, "name").value_or(*url);
    if (!names.insert(f.name).second) {
      r.error(t->get("name") ? t->get("name")->source() : t->source(),
              "duplicate feed name '" + f.name + "'");
    }
    if (auto v = r.duration(*t, "interval")) f.interval = *v;
    if (auto v = r.string(*t, "kind")) {
      static const std::set<std::string> kinds{"auto", "rss", "atom", "rdf", "jsonfeed", "page"};
      if (kinds.count(*v))
        f.kind = *v;
      else
        r.error(t->get("kind")->source(),
                "bad kind '" + *v + "' (auto, rss, atom, rdf, jsonfeed or page)");
    }
    if (auto v = r.boolean(*t, "follow_links")) f.follow_links = *v;
    if (auto v = r.string(*t, "language")) {
      const bool code = (v->size() == 2 || v->size() == 3) &&
                        v->find_first_not_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos;
      if (code)
        f.language = *v;
      else
        r.error(t->get("language")->source(),
                "bad language '" + *v + "' (an ISO 639-1 code such as \"en\", \"ru\" or \"uk\")");
    }
    if (auto v = r.boolean(*t, "insecure")) f.insecure = *v;
    feeds.push_back(std::move(f));
  }
}

bool readable_by_others(const std::filesystem::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && (st.st_mode & (S_IRGRP | S_IROTH));
}

// An array of strings, each checked by `valid` (which returns "" or why not).
std::optional<std::vector<std::string>> string_list(
    Reader& r, const toml::table& t, std::string_view key,
    const std::function<std::string(const std::string&)>& valid) {
  const toml::node* n = t.get(key);
  if (!n) return std::nullopt;
  const auto* arr = n->as_array();
  if (!arr) {
    r.error(n->source(), "'" + std::string(key) + "' must be an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < arr->size(); ++i) {
    const auto* s = arr->get(i)->as_string();
    const std::string why =
        s ? valid(s->get()) : "each of '" + std::string(key) + "' must be a string";
    if (!why.empty()) {
      r.error(arr->get(i)->source(), why);
      continue;
    }
    out.push_back(s->get());
  }
  return out;
}

// The routing keys of one [[webhooks]] table (events, subjects, metrics, ...).
void read_routing(Reader& r, const toml::table& t, WebhookConfig& w) {
  const auto any = [](const std::string&) { return std::string(); };
  const auto event = [](const std::string& e) {
    for (const char* known : k_alert_events) {
      if (e == known) return std::string();
    }
    return "unknown event '" + e + "' (contradiction, divergence, revision or confirmed)";
  };
  if (auto v = string_list(r, t, "events", event)) w.events = *v;
  if (auto v = string_list(r, t, "subjects", any)) w.subjects = *v;
  if (auto v = string_list(r, t, "metrics", any)) w.metrics = *v;
  if (auto v = r.get<double>(t, "min_difference", "a number")) {
    if (*v < 0)
      r.error(t.get("min_difference")->source(), "'min_difference' must not be negative");
    else
      w.min_difference = *v;
  }
  if (auto v = r.positive_int(t, "min_origins", 1000)) w.min_origins = static_cast<int>(*v);
  if (auto v = r.duration(t, "cooldown")) w.cooldown = *v;
}

void read_webhooks(Reader& r, const toml::table& root, std::vector<WebhookConfig>& hooks,
                   const std::filesystem::path& file) {
  for (const toml::table* t : r.tables(root, "webhooks")) {
    r.check_keys(*t, "[[webhooks]]",
                 {"name", "url", "secret", "secret_file", "secret_env", "format", "events",
                  "subjects", "metrics", "min_difference", "min_origins", "cooldown"});
    WebhookConfig w;
    read_routing(r, *t, w);
    auto url = r.string(*t, "url");
    if (!url) {
      if (!t->get("url")) r.error(t->source(), "webhook has no 'url'");
      continue;
    }
    std::string why;
    w.url = normalize_feed_url(*url, r, why);
    if (w.url.empty() || w.url.rfind("file:", 0) == 0) {
      r.error(t->get("url")->source(),
              "bad webhook URL '" + *url + "': " + (why.empty() ? "must be http or https" : why));
    }
    w.name = r.string(*t, "name").value_or(*url);
    int secrets = 0;
    if (auto v = r.string(*t, "secret")) {
      w.secret = *v;
      ++secrets;
      if (readable_by_others(file)) {
        r.warn(t->get("secret")->source(),
               "this file holds a webhook secret and is readable by other users (chmod 600 it, or "
               "use secret_file or secret_env)");
      }
    }
    if (auto v = r.string(*t, "secret_file")) {
      ++secrets;
      const auto path = r.resolve(*v);
      std::ifstream in(path);
      std::getline(in, w.secret);
      if (!in && w.secret.empty()) {
        r.error(t->get("secret_file")->source(), "cannot read secret_file " + path.string());
      } else if (readable_by_others(path)) {
        r.warn(t->get("secret_file")->source(),
               "secret_file " + path.string() + " is readable by other users");
      }
    }
    if (auto v = r.string(*t, "secret_env")) {
      ++secrets;
      const char* env = std::getenv(v->c_str());
      if (!env)
        r.error(t->get("secret_env")->source(), "environment variable " + *v + " is not set");
      else
        w.secret = env;
    }
    if (secrets > 1) r.error(t->source(), "give only one of secret, secret_file and secret_env");
    if (auto v = r.string(*t, "format")) {
      if (*v == "json" || *v == "slack")
        w.format = *v;
      else
        r.error(t->get("format")->source(), "bad format '" + *v + "' (json or slack)");
    }
    hooks.push_back(std::move(w));
  }
}

std::optional<double> read_tolerance(Reader& r, const toml::table& t, std::string_view key) {
  auto v = r.get<double>(t, key, "a number");
  if (v && (*v < 0 || *v >= 1)) {
    r.error(t.get(key)->source(), "'" + std::string(key) + "' must be in [0, 1)");
    return std::nullopt;
  }
  return v;
}

// [metrics] listen: "IPv4:port", "[IPv6]:port" or "localhost:port", port 1-65535.
bool valid_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) return false;
  const std::string port = listen.substr(colon + 1);
  if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return false;
  if (const int p = std::stoi(port); p < 1 || p > 65535) return false;
  std::string host = listen.substr(0, colon);
  if (host == "localhost") return true;
  unsigned char addr[sizeof(in6_addr)];
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    return inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), addr) == 1;
  }
  return inet_pton(AF_INET, host.c_str(), addr) == 1;
}

// [storage] keep_text: at least a day, so that a slip ("180s" for "180d") cannot
// empty the database of every body it holds.
void read_keep_text(Reader& r, const toml::table& t, Config& c) {
  const toml::node* n = t.get("keep_text");
  if (!n) return;
  if (!n->is_string()) {
    r.error(n->source(), "'keep_text' must be a duration string such as \"180d\"");
    return;
  }
  const std::string s = n->as_string()->get();
  const auto d = parse_duration(s);
  if (!d) {
    r.error(n->source(), "bad duration '" + s +
                             "' for 'keep_text' (use a number with a unit, e.g. \"180d\"; "
                             "leave the key out to keep article texts forever)");
  } else if (*d < std::chrono::hours(24)) {
    r.error(n->source(), "'keep_text' must be at least \"1d\" (it is '" + s +
                             "'): it drops article texts older than that");
  } else {
    c.keep_text = *d;
  }
}

// A password written into a PostgreSQL URL: user:password@ or password=.
bool url_has_password(const std::string& url) {
  const auto rest = url.find("://") == std::string::npos ? 0 : url.find("://") + 3;
  const auto at = url.find('@', rest);
  const auto colon = url.find(':', rest);
  const auto end_of_authority = url.find_first_of("/?", rest);
  if (at != std::string::npos && colon != std::string::npos && colon < at &&
      (end_of_authority == std::string::npos || at < end_of_authority)) {
    return true;
  }
  return url.find("password=") != std::string::npos;
}

// [storage]: a SQLite path (the default) or a PostgreSQL url, whose password
// comes from password_env (or libpq's ~/.pgpass), never from this file.
void read_storage(Reader& r, const toml::table& t, Config& c) {
  r.check_keys(t, "[storage]", {"path", "url", "password_env", "keep_text"});
  read_keep_text(r, t, c);
  const auto path = r.string(t, "path");
  if (path) c.storage_path = r.resolve(*path);
  if (auto v = r.string(t, "url")) {
    const auto at = t.get("url")->source();
    if (path) r.error(at, "give either path (SQLite) or url (PostgreSQL) in [storage], not both");
    if (v->rfind("postgresql://", 0) != 0 && v->rfind("postgres://", 0) != 0) {
      r.error(at, "url must be a postgresql:// URL");
    } else if (url_has_password(*v)) {
      r.error(at, "url must not carry a password: use password_env or ~/.pgpass");
    } else if (v->size() > 2048) {
      r.error(at, "url is longer than 2048 bytes");
    }
    c.storage_url = *v;
  }
  if (auto v = r.string(t, "password_env")) {
    const auto at = t.get("password_env")->source();
    if (c.storage_url.empty()) r.error(at, "password_env needs a PostgreSQL url");
    const char* env = std::getenv(v->c_str());
    if (!env)
      r.error(at, "environment variable " + *v + " is not set");
    else
      c.storage_password = env;
  }
}

void read_root(Reader& r, const toml::table& root, Config& c) {
  r.check_keys(root, "the top level",
               {"storage", "fetch", "feeds", "metrics", "web", "rules", "divergence", "webhooks"});
  if (auto t = r.table(root, "storage")) read_storage(r, *t, c);
  if (auto t = r.table(root, "fetch")) read_fetch(r, *t, c.fetch);
  read_feeds(r, root, c.feeds);
  if (auto t = r.table(root, "metrics")) {
    r.check_keys(*t, "[metrics]", {"listen"});
    c.metrics_listen = r.string(*t, "listen");
    if (c.metrics_listen && !valid_listen(*c.metrics_listen)) {
      r.error(t->get("listen")->source(),
              "bad listen '" + *c.metrics_listen +
                  "' (use host:port with an IP address or localhost, e.g. \"127.0.0.1:9464\" "
                  "or \"[::1]:9464\")");
    }
  }
  if (auto t = r.table(root, "web")) {
    r.check_keys(*t, "[web]", {"listen", "url"});
    c.web_listen = r.string(*t, "listen");
    if (c.web_listen && !valid_listen(*c.web_listen)) {
      r.error(t->get("listen")->source(),
              "bad listen '" + *c.web_listen + "' (use host:port, e.g. \"127.0.0.1:8080\")");
    }
    if (auto v = r.string(*t, "url")) {
      if (v->rfind("http://", 0) != 0 && v->rfind("https://", 0) != 0)
        r.error(t->get("url")->source(), "bad url '" + *v + "' (the ledger's http(s) address)");
      else
        c.web_url = *v;
    }
  }
  // The pages are served on [web] listen, else beside /metrics.
  if (c.web_url.empty() && (c.web_listen || c.metrics_listen))
    c.web_url = "http://" + c.web_listen.value_or(c.metrics_listen.value_or("")) + "/";
  if (!c.web_url.empty() && c.web_url.back() != '/') c.web_url += '/';
  if (auto t = r.table(root, "rules")) {
    r.check_keys(*t, "[rules]", {"packs"});
    if (const toml::node* n = t->get("packs")) {
      c.rule_packs.clear();
      const auto* arr = n->as_array();
      if (!arr) r.error(n->source(), "'packs' must be an array of strings");
      for (size_t i = 0; arr && i < arr->size(); ++i) {
        const auto* s = arr->get(i)->as_string();
        if (!s) {
          r.error(arr->get(i)->source(), "each pack must be a string");
          continue;
        }
        const std::string& p = s->get();
        // A name without a slash or ".toml" is a built-in pack; anything else a path.
        const bool is_path = p.find('/') != std::string::npos || p.ends_with(".toml");
        c.rule_packs.push_back(is_path ? r.resolve(p).string() : p);
      }
    }
  }
  if (auto t = r.table(root, "divergence")) {
    r.check_keys(*t, "[divergence]", {"tolerance", "metrics", "open_bound_factor"});
    if (auto v = read_tolerance(r, *t, "tolerance")) c.tolerance = *v;
    if (auto v = r.get<double>(*t, "open_bound_factor", "a number")) {
      if (*v <= 1)
        r.error(t->get("open_bound_factor")->source(), "'open_bound_factor' must be above 1");
      else
        c.open_bound_factor = *v;
    }
    if (auto m = r.table(*t, "metrics")) {
      for (auto&& [key, node] : *m) {
        if (auto v = read_tolerance(r, *m, key.str()))
          c.metric_tolerance[std::string(key.str())] = *v;
      }
    }
  }
  read_webhooks(r, root, c.webhooks, c.file);
  if (!c.storage_url.empty() && c.webhooks.empty()) {
    // Daemons on several machines share the database but not this file.
    r.warn(root.get("storage")->as_table()->get("url")->source(),
           "with a PostgreSQL url and no [[webhooks]], alerts are written to " +
               (c.file.parent_path() / "alerts.jsonl").string() +
               " on whichever machine delivers them; add a webhook to collect them in one place");
  }
}

}  // namespace

ConfigError::ConfigError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_messages(diagnostics)), m_diagnostics(std::move(diagnostics)) {}

Config load(const std::filesystem::path& file, std::vector<Diagnostic>* warnings) {
  const auto path = std::filesystem::absolute(file).lexically_normal();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError({{path, 0, 0, "cannot read the config file"}});
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path, warnings);
}

Config parse(std::string_view text, const std::filesystem::path& file,
             std::vector<Diagnostic>* warnings) {
  Config c;
  c.file = std::filesystem::absolute(file).lexically_normal();
  c.storage_path = c.file.parent_path() / "newswatch.db";
  std::vector<Diagnostic> errors, warns;
  toml::table root;
  try {
    root = toml::parse(text, c.file.string());
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    throw ConfigError({{c.file, int(b.line), int(b.column), std::string(e.description())}});
  }
  Reader reader(c.file, errors, warns);
  read_root(reader, root, c);
  if (warnings) *warnings = std::move(warns);
  if (!errors.empty()) throw ConfigError(std::move(errors));
  return c;
}

}  // namespace nw::config
