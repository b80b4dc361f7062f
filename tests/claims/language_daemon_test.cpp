// End to end: feeds in Russian and Ukrainian read by the real binary with the
// default pack family; each article's language is stored and listed.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "support/feeds.hpp"
#include "support/json_lines.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

using test::json_lines;

std::string rss(const std::string& guid, const std::string& title, const std::string& text) {
  return test::rss({{guid, title, text, "https://x.example/" + guid, ""}}, "t");
}

TEST(LanguageDaemon, ArticlesAreReadAndListedInTheirLanguage) {
  test::TempDir dir;
  test::write_file(dir.path() / "ru.xml",
                   rss("ru-1", "Белорусы на войне",
                       "По данным проекта, почти 600 граждан Беларуси подписали контракт с "
                       "Минобороны России."));
  test::write_file(dir.path() / "uk.xml",
                   rss("uk-1", "Білоруси на війні",
                       "На боці Києва воюють понад 300 білорусів, повідомляє полк."));
  test::write_file(
      dir.path() / "en.xml",
      rss("en-1", "Count", "The project said 742 Belarusians have fought for Russia."));
  // the Ukrainian feed names its language; the others are detected
  test::write_file(dir.path() / "nw.toml", R"([storage]
path = "nw.db"
[rules]
packs = ["recruitment"]
[[feeds]]
name = "ru"
url = "file:ru.xml"
[[feeds]]
name = "uk"
url = "file:uk.xml"
language = "uk"
[[feeds]]
name = "en"
url = "file:en.xml"
)");
  const std::string nw = test::binary().string();
  const std::string cfg = " -c " + (dir.path() / "nw.toml").string();
  auto r = test::run_command(nw + " once" + cfg);
  ASSERT_EQ(r.status, 0) << r.err;

  std::map<std::string, std::string> language;
  for (const auto& a : json_lines(test::run_command(nw + " articles --json" + cfg).out))
    language[a["feed"].get<std::string>()] =
        a["language"].is_null() ? "" : a["language"].get<std::string>();
  EXPECT_EQ(language["ru"], "ru");
  EXPECT_EQ(language["uk"], "uk");
  EXPECT_EQ(language["en"], "en");

  std::multiset<std::string> claims;
  for (const auto& c : json_lines(test::run_command(nw + " claims --json" + cfg).out)) {
    const auto& claim = c.contains("claim") ? c["claim"] : c;
    std::ostringstream os;
    os << claim["subject"].get<std::string>() << '/' << claim["metric"].get<std::string>() << '='
       << claim["value"].get<double>() << '@'
       << (claim["force"].is_null() ? "" : claim["force"].get<std::string>());
    claims.insert(os.str());
  }
  EXPECT_EQ(claims, (std::multiset<std::string>{"Belarus/recruited=600@Russia",
                                                "Belarus/serving=300@Ukraine",
                                                "Belarus/serving=742@Russia"}));
}

}  // namespace
}  // namespace nw
