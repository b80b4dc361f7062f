// A ledger that keeps every figure: on a real store (SQLite and PostgreSQL) with more groups
// than an index page holds and a group with more figures than a group page
// holds, every stored figure is reachable by following links from the index,
// and a change builds only the group it touched.
#include <gtest/gtest.h>

#include <deque>
#include <regex>
#include <set>

#include "report/ledger_cache.hpp"
#include "report/live.hpp"
#include "report/pages.hpp"
#include "report/report_support.hpp"
#include "storage/store.hpp"
#include "support/backends.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

constexpr int k_big_group = 2 * report::k_group_page_size + 37;  // three pages
constexpr int k_groups = report::k_index_page_size + 40;         // two index pages

// One claim with its own article; distinct values and sources, so none fold.
void add_claim(storage::Store& store, int64_t feed, const std::string& subject, int n) {
  storage::NewArticle a;
  a.guid = subject + "-" + std::to_string(n);
  a.url = "https://example.org/" + std::to_string(n);
  a.content_hash = a.guid;
  a.fetched_at = now();
  claims::Claim c;
  c.subject = subject;
  c.metric = "killed";
  c.unit = "people";
  c.value = 1000 + n;
  c.source = "Source " + std::to_string(n);
  c.quote = "figure " + std::to_string(n);
  store.insert_claim(store.insert_article(feed, a, std::nullopt).id, c);
}

// A store with a big group ("Big": k_big_group figures) and k_groups - 1 small ones.
void seed(const storage::StoreSpec& db) {
  const auto store = storage::open_store(db);
  const auto feed = store->ensure_feed("wire", "https://wire.example/feed");
  store->transaction([&] {
    for (int i = 0; i < k_big_group; ++i) add_claim(*store, feed, "Big", i);
    for (int g = 1; g < k_groups; ++g) add_claim(*store, feed, "Small " + std::to_string(g), 0);
  });
}

// Every page reachable from the index by its links, with its HTML.
std::map<std::string, std::string> crawl(report::LivePages& pages) {
  std::map<std::string, std::string> seen;
  std::deque<std::string> queue{"index.html"};
  const std::regex href("href=\"([a-z0-9./-]+\\.html)(#[a-z0-9]+)?\"");
  while (!queue.empty()) {
    const std::string path = queue.front();
    queue.pop_front();
    if (seen.count(path)) continue;
    const auto html = pages.page(path, {});
    if (!html) {
      ADD_FAILURE() << "a link leads nowhere: " << path;
      continue;
    }
    seen[path] = *html;
    const std::string base = path.rfind("group/", 0) == 0 ? "group/" : "";
    for (std::sregex_iterator it(html->begin(), html->end(), href), end; it != end; ++it) {
      std::string target = (*it)[1];
      target = target.rfind("../", 0) == 0 ? target.substr(3) : base + target;
      queue.push_back(target);
    }
  }
  return seen;
}

// The same on both backends: their ledger_groups and ledger_group agree.
class LedgerPagingTest : public test::BackendTest {};
INSTANTIATE_TEST_SUITE_P(Backends, LedgerPagingTest, test::k_backends, test::backend_name);

TEST_P(LedgerPagingTest, EveryStoredFigureIsReachableFromTheIndex) {
  seed(spec());
  report::LivePages pages(spec());
  const auto site = crawl(pages);

  EXPECT_TRUE(site.count("index.2.html"));
  EXPECT_FALSE(pages.page("index.3.html", {}).has_value());
  for (const char* page : {"group/big-killed-people.html", "group/big-killed-people.2.html",
                           "group/big-killed-people.3.html"}) {
    EXPECT_TRUE(site.count(page)) << page;
  }
  EXPECT_FALSE(pages.page("group/big-killed-people.4.html", {}).has_value());
  EXPECT_FALSE(pages.page("group/big-killed-people.1.html", {}).has_value());

  // Every figure of the big group is a row on exactly one of its pages, and
  // every group is on an index page.
  std::set<std::string> rows;
  std::size_t row_count = 0;
  const std::regex row("<tr id=\"(f[0-9]+)\"");
  for (const auto& [path, html] : site) {
    if (path.rfind("group/big-killed-people", 0) != 0) continue;
    for (std::sregex_iterator it(html.begin(), html.end(), row), end; it != end; ++it) {
      rows.insert((*it)[1]);
      ++row_count;
    }
  }
  EXPECT_EQ(rows.size(), static_cast<std::size_t>(k_big_group));
  EXPECT_EQ(row_count, rows.size());
  std::size_t group_pages = 0;
  for (const auto& [path, html] : site) {
    group_pages += path.rfind("group/", 0) == 0 && path.find('.') == path.rfind(".html");
  }
  EXPECT_EQ(group_pages, static_cast<std::size_t>(k_groups));
  // A point on the first page's chart whose row is on the third page links there.
  EXPECT_NE(site.at("group/big-killed-people.html").find("href=\"big-killed-people.3.html#f237\""),
            std::string::npos);
}

TEST_P(LedgerPagingTest, AChangeBuildsOnlyTheGroupsItTouched) {
  seed(spec());
  const auto reader = storage::open_store_readonly(spec());
  report::LedgerCache cache;
  EXPECT_EQ(cache.refresh(*reader, {}, now()), static_cast<std::size_t>(k_groups));
  EXPECT_EQ(cache.refresh(*reader, {}, now()), 0u);  // nothing changed
  EXPECT_EQ(cache.ledger().claims, static_cast<std::size_t>(k_big_group + k_groups - 1));

  const auto store = open();
  const auto feed = store->ensure_feed("wire", "https://wire.example/feed");
  store->transaction([&] {
    add_claim(*store, feed, "Small 7", 1);
    add_claim(*store, feed, "New", 0);
  });
  EXPECT_EQ(cache.refresh(*reader, {}, now()), 2u);
  const auto* small = cache.ledger().find("small-7-killed-people");
  ASSERT_NE(small, nullptr);
  EXPECT_EQ(small->figures, 2u);
  EXPECT_FALSE(small->complete);
  EXPECT_NE(cache.ledger().find("new-killed-people"), nullptr);

  // An article of one group's claims changes (a new version, a new title).
  const auto small3 = store->claims({"Small 3", "", 0});
  ASSERT_EQ(small3.size(), 1u);
  storage::NewArticle revised;
  revised.guid = "Small 3-0";
  revised.title = "Revised title";
  revised.content_hash = "revised";
  store->transaction([&] { store->update_article(small3[0].article_id, revised); });
  EXPECT_EQ(cache.refresh(*reader, {}, now()), 1u);
  const auto three = cache.group(*reader, "small-3-killed-people");
  ASSERT_TRUE(three.has_value());
  EXPECT_EQ(three->groups.front().entries.front().reports.front().title, "Revised title");

  // An alert raised by a claim of one group, then its delivery: that group only.
  const auto claims = store->claims({"Small 9", "", 0});
  ASSERT_EQ(claims.size(), 1u);
  storage::NewAlert alert;
  alert.uid = "msg_paging";
  alert.claim_id = claims[0].id;
  alert.subject = "Small 9";
  alert.metric = "killed";
  alert.unit = "people";
  alert.detected_at = now();
  alert.body = "{}";
  int64_t alert_id = 0;
  store->transaction([&] { alert_id = store->insert_alert(alert, {"jsonl"}); });
  EXPECT_EQ(cache.refresh(*reader, {}, now()), 1u);
  ASSERT_EQ(cache.ledger().alerts.size(), 1u);
  EXPECT_EQ(cache.ledger().alerts[0].group_slug, "small-9-killed-people");
  storage::Delivery delivered;
  delivered.alert_id = alert_id;
  delivered.target = "jsonl";
  delivered.status = storage::DeliveryStatus::delivered;
  delivered.attempts = 1;
  store->transaction([&] { store->record_delivery(delivered); });
  EXPECT_EQ(cache.refresh(*reader, {}, now()), 1u);
  EXPECT_EQ(cache.ledger().alerts[0].alert.status, storage::DeliveryStatus::delivered);

  // A syndicated copy of an article of one group's claims: that group only,
  // and its page lists the copy in the figure's chain (issue 19).
  const auto small5 = store->claims({"Small 5", "", 0});
  ASSERT_EQ(small5.size(), 1u);
  storage::NewArticle copy;
  copy.guid = "copy-of-small-5";
  copy.url = "https://mirror.example/small-5";
  copy.title = "Mirror of Small 5";
  copy.content_hash = "copy";
  copy.fetched_at = now();
  const auto other = store->ensure_feed("mirror", "https://mirror.example/feed");
  store->transaction([&] { store->insert_article(other, copy, small5[0].article_id); });
  EXPECT_EQ(cache.refresh(*reader, {}, now()), 1u);
  const auto five = cache.group(*reader, "small-5-killed-people");
  ASSERT_TRUE(five.has_value());
  const auto& chain = five->groups.front().entries.front();
  ASSERT_EQ(chain.copies.size(), 1u);
  EXPECT_EQ(chain.copies[0].url, "https://mirror.example/small-5");
  EXPECT_EQ(chain.copies[0].feed, "mirror");
  EXPECT_EQ(chain.copies[0].original_id, small5[0].article_id);
  const auto page = report::group_page(*five, five->groups.front());
  EXPECT_NE(page.find("copied: <a href=\"https://mirror.example/small-5\""), std::string::npos)
      << page;
  EXPECT_EQ(reader->ledger().copies.size(), 1u);

  // The full group, read when its page is asked for.
  const auto big = cache.group(*reader, "big-killed-people");
  ASSERT_TRUE(big.has_value());
  EXPECT_TRUE(big->groups.front().complete);
  EXPECT_EQ(big->groups.front().entries.size(), static_cast<std::size_t>(k_big_group));
}

}  // namespace
}  // namespace nw
