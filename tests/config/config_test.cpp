#include "config/config.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>

#include "support/test_paths.hpp"

namespace nw::config {
namespace {

using test::TempDir;
using test::write_file;

// Loads `text` as a config file and returns the first diagnostic's string ("" if it loaded).
std::string first_error(const TempDir& dir, const std::string& text) {
  write_file(dir / "c.toml", text);
  try {
    load(dir / "c.toml");
  } catch (const ConfigError& e) {
    return e.diagnostics().at(0).to_string();
  }
  return "";
}

TEST(ConfigTest, LoadsTheInterfaceExampleAndResolvesPathsAgainstItsFolder) {
  TempDir dir;
  write_file(dir / "conf" / "c.toml", R"(
[storage]
path = "var/nw.db"
[fetch]
user_agent = "ua/1"
max_connections = 8
per_host = 1
timeout = "45s"
max_body = "2MB"
[[feeds]]
name = "a"
url = "https://example.org/feed.xml"
interval = "1h30m"
kind = "rss"
[[feeds]]
name = "local"
url = "file:feeds/x.xml"
[rules]
packs = ["recruitment", "packs/mine.toml"]
[divergence]
tolerance = 0.2
[[webhooks]]
name = "desk"
url = "https://hooks.example.org/x"
secret = "whsec_abc"
format = "slack"
)");
  const Config c = load(dir / "conf" / "c.toml");
  EXPECT_EQ(c.storage_path, dir.path() / "conf" / "var" / "nw.db");
  EXPECT_EQ(c.fetch.user_agent, "ua/1");
  EXPECT_EQ(c.fetch.max_connections, 8);
  EXPECT_EQ(c.fetch.timeout, std::chrono::seconds(45));
  EXPECT_EQ(c.fetch.max_body, 2'000'000u);
  ASSERT_EQ(c.feeds.size(), 2u);
  EXPECT_EQ(c.feeds[0].interval, std::chrono::seconds(5400));
  EXPECT_EQ(c.feeds[0].kind, "rss");
  EXPECT_EQ(c.feeds[1].url, "file://" + (dir.path() / "conf" / "feeds" / "x.xml").string());
  ASSERT_EQ(c.rule_packs.size(), 2u);
  EXPECT_EQ(c.rule_packs[0], "recruitment");
  EXPECT_EQ(c.rule_packs[1], (dir.path() / "conf" / "packs" / "mine.toml").string());
  EXPECT_DOUBLE_EQ(c.tolerance, 0.2);
  ASSERT_EQ(c.webhooks.size(), 1u);
  EXPECT_EQ(c.webhooks[0].format, "slack");
  EXPECT_EQ(c.webhooks[0].secret, "whsec_abc");
}

TEST(ConfigTest, WebhookRoutingAndOpenBoundFactorAreReadAndChecked) {
  TempDir dir;
  write_file(dir / "c.toml", R"([divergence]
open_bound_factor = 3
[web]
url = "https://ledger.example.org"
[[webhooks]]
name = "belarus-desk"
url = "https://hooks.example.org/belarus"
events = ["contradiction", "confirmed"]
subjects = ["Belarus"]
metrics = ["killed", "serving"]
min_difference = 0.25
min_origins = 2
cooldown = "6h"
[[webhooks]]
name = "all"
url = "https://hooks.example.org/all"
)");
  const Config c = load(dir / "c.toml");
  EXPECT_DOUBLE_EQ(c.open_bound_factor, 3.0);
  EXPECT_EQ(c.web_url, "https://ledger.example.org/");
  ASSERT_EQ(c.webhooks.size(), 2u);
  const auto& w = c.webhooks[0];
  EXPECT_EQ(w.events, (std::vector<std::string>{"contradiction", "confirmed"}));
  EXPECT_EQ(w.subjects, std::vector<std::string>{"Belarus"});
  EXPECT_EQ(w.metrics, (std::vector<std::string>{"killed", "serving"}));
  EXPECT_DOUBLE_EQ(w.min_difference, 0.25);
  EXPECT_EQ(w.min_origins, 2);
  EXPECT_EQ(w.cooldown, std::chrono::hours(6));
  // The defaults: every event but confirmed, no filter, no cooldown.
  EXPECT_EQ(c.webhooks[1].events,
            (std::vector<std::string>{"contradiction", "divergence", "revision"}));
  EXPECT_TRUE(c.webhooks[1].subjects.empty());
  EXPECT_EQ(c.webhooks[1].cooldown.count(), 0);

  const std::string hook = "[[webhooks]]\nurl = \"https://h.example/\"\n";
  EXPECT_NE(first_error(dir, hook + "events = [\"divergance\"]\n")
                .find(":3:11: unknown event 'divergance' (contradiction, divergence, revision or "
                      "confirmed)"),
            std::string::npos);
  EXPECT_NE(first_error(dir, hook + "subjects = \"Belarus\"\n")
                .find(":3:12: 'subjects' must be an array of strings"),
            std::string::npos);
  EXPECT_NE(first_error(dir, hook + "min_difference = -1\n")
                .find("'min_difference' must not be negative"),
            std::string::npos);
  EXPECT_NE(first_error(dir, hook + "cooldown = \"soon\"\n").find(":3:12: bad duration 'soon'"),
            std::string::npos);
  EXPECT_NE(first_error(dir, "[divergence]\nopen_bound_factor = 0.5\n")
                .find(":2:21: 'open_bound_factor' must be above 1"),
            std::string::npos);
}

TEST(ConfigTest, UnknownKeyIsReportedWithLineAndColumn) {
  TempDir dir;
  const auto err = first_error(dir, "[fetch]\ntimeout = \"30s\"\n  max_conections = 3\n");
  EXPECT_EQ(err, (dir / "c.toml").string() + ":3:3: unknown key 'max_conections' in [fetch]");
}

TEST(ConfigTest, UnknownTopLevelTableIsReported) {
  TempDir dir;
  EXPECT_NE(first_error(dir, "[storag]\npath = \"x\"\n").find(":1:2: unknown key 'storag'"),
            std::string::npos);
}

TEST(ConfigTest, WrongTypesAndBadValuesAreReportedAtTheValue) {
  TempDir dir;
  EXPECT_NE(first_error(dir, "[fetch]\nmax_connections = \"many\"\n")
                .find(":2:19: 'max_connections' must be an integer"),
            std::string::npos);
  EXPECT_NE(first_error(dir, "[fetch]\ntimeout = \"30 parsecs\"\n").find(":2:11: bad duration"),
            std::string::npos);
  EXPECT_NE(first_error(dir, "[fetch]\nmax_body = \"10 XB\"\n").find(":2:12: bad size"),
            std::string::npos);
  EXPECT_NE(first_error(dir, "[[feeds]]\nname = \"x\"\nurl = \"gopher://old.example/\"\n")
                .find(":3:7: bad URL 'gopher://old.example/': unsupported scheme"),
            std::string::npos);
  EXPECT_NE(first_error(dir, "[[feeds]]\nurl = \"http://exa mple.org/\"\n").find(":2:7: bad URL"),
            std::string::npos);
  EXPECT_NE(first_error(dir, "[[feeds]]\nurl = \"https://a.example/\"\nkind = \"podcast\"\n")
                .find(":3:8: bad kind 'podcast'"),
            std::string::npos);
}

TEST(ConfigTest, LanguageWebListenAndAllowPrivateAreReadAndChecked) {
  TempDir dir;
  write_file(dir / "c.toml",
             "[fetch]\nallow_private = true\n[web]\nlisten = \"127.0.0.1:8080\"\n"
             "[[feeds]]\nurl = \"https://a.example/\"\nlanguage = \"uk\"\n");
  const Config c = load(dir / "c.toml");
  EXPECT_TRUE(c.fetch.allow_private);
  EXPECT_EQ(c.web_listen.value_or(""), "127.0.0.1:8080");
  EXPECT_EQ(c.feeds.at(0).language, "uk");
  EXPECT_FALSE(load(dir / "c.toml").feeds.at(0).follow_links);
  EXPECT_NE(first_error(dir, "[[feeds]]\nurl = \"https://a.example/\"\nlanguage = \"Ukrainian\"\n")
                .find(":3:12: bad language 'Ukrainian'"),
            std::string::npos);
  EXPECT_NE(first_error(dir, "[web]\nlisten = \"everywhere\"\n").find(":2:10: bad listen"),
            std::string::npos);
}

TEST(ConfigTest, KeepTextIsOffByDefaultAndCheckedWhenSet) {
  TempDir dir;
  write_file(dir / "c.toml", "[storage]\npath = \"nw.db\"\n");
  EXPECT_FALSE(load(dir / "c.toml").keep_text);
  write_file(dir / "c.toml", "[storage]\nkeep_text = \"180d\"\n");
  EXPECT_EQ(load(dir / "c.toml").keep_text, std::chrono::hours(180 * 24));
  EXPECT_NE(first_error(dir, "[storage]\nkeep_text = \"half a year\"\n")
                .find(":2:13: bad duration 'half a year' for 'keep_text' (use a number with a "
                      "unit, e.g. \"180d\""),
            std::string::npos);
  EXPECT_NE(first_error(dir, "[storage]\nkeep_text = \"180s\"\n")
                .find(":2:13: 'keep_text' must be at least \"1d\" (it is '180s')"),
            std::string::npos);
  EXPECT_NE(first_error(dir, "[storage]\nkeep_text = 180\n")
                .find(":2:13: 'keep_text' must be a duration string such as \"180d\""),
            std::string::npos);
  EXPECT_NE(first_error(dir, "[storage]\nkeep_texts = \"180d\"\n").find(":2:1:"),
            std::string::npos);
}

TEST(ConfigTest, EveryProblemIsReportedNotJustTheFirst) {
  TempDir dir;
  write_file(dir / "c.toml", "[fetch]\nfoo = 1\nbar = 2\n[[feeds]]\nname = \"a\"\n");
  try {
    load(dir / "c.toml");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.diagnostics().size(), 3u);  // foo, bar, and the feed without a url
  }
}

TEST(ConfigTest, TomlSyntaxErrorsCarryTheirPosition) {
  TempDir dir;
  const auto err = first_error(dir, "[fetch]\ntimeout = \"30s\n");
  EXPECT_EQ(err.rfind((dir / "c.toml").string() + ":2:", 0), 0u) << err;
}

TEST(ConfigTest, DuplicateFeedNamesAreErrors) {
  TempDir dir;
  EXPECT_NE(first_error(dir,
                        "[[feeds]]\nname = \"a\"\nurl = \"https://x.example/\"\n"
                        "[[feeds]]\nname = \"a\"\nurl = \"https://y.example/\"\n")
                .find("duplicate feed name 'a'"),
            std::string::npos);
}

TEST(ConfigTest, SecretFromEnvironmentAndWarningForReadableSecretFile) {
  TempDir dir;
  ::setenv("NW_TEST_SECRET", "whsec_c2VjcmV0", 1);
  write_file(dir / "c.toml",
             "[[webhooks]]\nname = \"a\"\nurl = \"https://h.example/\"\nsecret_env = "
             "\"NW_TEST_SECRET\"\n[[webhooks]]\nname = \"b\"\nurl = \"https://h.example/\"\n"
             "secret = \"s3cret\"\n");
  ::chmod((dir / "c.toml").c_str(), 0644);
  std::vector<Diagnostic> warnings;
  const Config c = load(dir / "c.toml", &warnings);
  EXPECT_EQ(c.webhooks[0].secret, "whsec_c2VjcmV0");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].to_string().find(":8:10: warning: this file holds a webhook secret"),
            std::string::npos);
  EXPECT_EQ(warnings[0].to_string().find("s3cret"), std::string::npos);
}

TEST(ConfigTest, StorageUrlTakesItsPasswordFromTheEnvironmentOnly) {
  TempDir dir;
  ::setenv("NW_TEST_PG_PASSWORD", "pg s3cret", 1);
  write_file(dir / "c.toml",
             "[storage]\nurl = \"postgresql://newswatch@db.example/newswatch\"\n"
             "password_env = \"NW_TEST_PG_PASSWORD\"\n");
  std::vector<Diagnostic> warnings;
  const Config c = load(dir / "c.toml", &warnings);
  EXPECT_EQ(c.storage_url, "postgresql://newswatch@db.example/newswatch");
  // Without a webhook, where alerts go is said plainly.
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].message.find((dir / "alerts.jsonl").string()), std::string::npos);
  EXPECT_EQ(c.storage_password, "pg s3cret");
  // Without password_env, libpq's ~/.pgpass answers: no password here.
  EXPECT_EQ(first_error(dir, "[storage]\nurl = \"postgres://nw@/nw?host=/run/postgresql\"\n"), "");
}

TEST(ConfigTest, StorageUrlMistakesAreErrors) {
  TempDir dir;
  ::unsetenv("NW_TEST_PG_UNSET");
  const std::pair<const char*, const char*> cases[] = {
      {"path = \"a.db\"\nurl = \"postgresql://nw@h/nw\"", "give either path"},
      {"url = \"mysql://nw@h/nw\"", "must be a postgresql:// URL"},
      {"url = \"postgresql://nw:pw@h/nw\"", "must not carry a password"},
      {"url = \"postgresql://nw@h/nw?password=pw\"", "must not carry a password"},
      {"url = \"postgresql://nw@h/nw\"\npassword_env = \"NW_TEST_PG_UNSET\"",
       "NW_TEST_PG_UNSET is not set"},
      {"password_env = \"HOME\"", "password_env needs a PostgreSQL url"},
  };
  for (const auto& [storage, message] : cases) {
    const auto error = first_error(dir, std::string("[storage]\n") + storage + "\n");
    EXPECT_NE(error.find(message), std::string::npos) << storage << " -> " << error;
    EXPECT_EQ(error.find("pw@"), std::string::npos) << error;
  }
}

TEST(ConfigTest, MissingFileIsAnError) {
  EXPECT_THROW(load("/nonexistent/newswatch.toml"), ConfigError);
}

struct DurationCase {
  const char* text;
  long long seconds;  // -1: invalid
};

class DurationTest : public ::testing::TestWithParam<DurationCase> {};

TEST_P(DurationTest, Parses) {
  const auto d = parse_duration(GetParam().text);
  if (GetParam().seconds < 0) {
    EXPECT_FALSE(d) << GetParam().text;
    return;
  }
  ASSERT_TRUE(d) << GetParam().text;
  EXPECT_EQ(d->count(), GetParam().seconds);
}

INSTANTIATE_TEST_SUITE_P(Units, DurationTest,
                         ::testing::Values(DurationCase{"90s", 90}, DurationCase{"15m", 900},
                                           DurationCase{"1h", 3600}, DurationCase{"2d", 172800},
                                           DurationCase{"1h30m", 5400}, DurationCase{"1.5h", 5400},
                                           DurationCase{"", -1}, DurationCase{"10", -1},
                                           DurationCase{"5 minutes", -1}, DurationCase{"h", -1}));

TEST(SizeTest, ParsesUnits) {
  EXPECT_EQ(parse_size("10MB"), 10'000'000u);
  EXPECT_EQ(parse_size("512KB"), 512'000u);
  EXPECT_EQ(parse_size("1MiB"), 1'048'576u);
  EXPECT_EQ(parse_size("100"), 100u);
  EXPECT_FALSE(parse_size("ten MB"));
  EXPECT_FALSE(parse_size("10 XB"));
  EXPECT_FALSE(parse_size("0"));
}

}  // namespace
}  // namespace nw::config
