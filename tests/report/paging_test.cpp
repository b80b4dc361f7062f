// A ledger that keeps every figure: on a real store (SQLite and PostgreSQL) with more groups
// than an index page holds and a group with more figures than a group page
// holds, every stored figure is reachable by following links from the index,
// and a change builds only the group it touched.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <regex>
#include <set>

#include "report/ledger_cache.hpp"
#include "report/live.hpp"
#include "report/pages.hpp"
#include "report/report_support.hpp"
#include "report/site.hpp"
#include "storage/store.hpp"
#include "support/backends.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

constexpr int k_big_group = 2 * report::k_group_page_size + 37;  // the newest page and one older
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

  // Every figure of the big group is a row on exactly one of its pages: the
  // newest page (two cuts: 137 claims) and one older page of 100, named by its
  // first claim; and every group is on an index page.
  std::vector<std::string> big_pages;
  std::multiset<std::string> quotes;
  const std::regex quote("<q>(figure [0-9]+)</q>");
  for (const auto& [path, html] : site) {
    if (path.rfind("group/big-killed-people", 0) != 0) continue;
    big_pages.push_back(path);
    std::size_t rows = 0;
    for (std::sregex_iterator it(html.begin(), html.end(), quote), end; it != end; ++it) {
      quotes.insert((*it)[1]);
      ++rows;
    }
    EXPECT_LE(rows, 2 * report::k_group_page_size) << path;
  }
  ASSERT_EQ(big_pages.size(), 2u);
  EXPECT_EQ(quotes.size(), static_cast<std::size_t>(k_big_group));
  for (int i = 0; i < k_big_group; ++i) {
    EXPECT_EQ(quotes.count("figure " + std::to_string(i)), 1u) << i;
  }
  const std::string older =
      big_pages.front() == "group/big-killed-people.html" ? big_pages.back() : big_pages.front();
  EXPECT_NE(site.at("group/big-killed-people.html").find("figure 236"), std::string::npos);
  EXPECT_NE(site.at(older).find("figure 0"), std::string::npos);
  EXPECT_NE(site.at(older).find("href=\"big-killed-people.html\">newest"), std::string::npos);
  // Only the cuts are pages.
  EXPECT_FALSE(pages.page("group/big-killed-people.999999.html", {}).has_value());
  std::size_t group_pages = 0;
  for (const auto& [path, html] : site) {
    group_pages += path.rfind("group/", 0) == 0 && path.find('.') == path.rfind(".html");
  }
  EXPECT_EQ(group_pages, static_cast<std::size_t>(k_groups));
}

TEST_P(LedgerPagingTest, APageReadsItsOwnClaimsOnly) {
  seed(spec());
  const auto reader = storage::open_store_readonly(spec());
  const auto all = reader->ledger_group("Big", "killed", "people");
  ASSERT_EQ(all.claims.size(), static_cast<std::size_t>(k_big_group));
  // From a claim on, at most `limit`: the first page costs the page, not the group.
  const auto page = reader->ledger_group_page("Big", "killed", "people", all.claims[100].id, 100);
  ASSERT_EQ(page.claims.size(), 100u);
  EXPECT_EQ(page.claims.front().id, all.claims[100].id);
  EXPECT_EQ(page.claims.back().id, all.claims[199].id);
  const auto tail = reader->ledger_group_page("Big", "killed", "people", all.claims[200].id, 100);
  EXPECT_EQ(tail.claims.size(), 37u);
  EXPECT_TRUE(reader->ledger_group_page("Big", "killed", std::nullopt, 0, 100).claims.empty());
}

TEST_P(LedgerPagingTest, ClaimsPageNewestFirstByKeyset) {
  seed(spec());
  const auto reader = storage::open_store_readonly(spec());
  storage::ClaimFilter filter{"big", "", 0};
  filter.limit = 100;
  std::vector<int64_t> seen;
  for (int round = 0; round < 10; ++round) {
    const auto page = reader->claims(filter);
    if (page.empty()) break;
    EXPECT_LE(page.size(), 100u);
    EXPECT_TRUE(std::is_sorted(page.begin(), page.end(),
                               [](const auto& a, const auto& b) { return a.id < b.id; }));
    for (const auto& c : page) seen.push_back(c.id);
    filter.before_id = page.front().id;
  }
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(k_big_group));
  EXPECT_EQ(std::set<int64_t>(seen.begin(), seen.end()).size(), seen.size());
  // Without a subject: the newest claims of the store.
  storage::ClaimFilter newest;
  newest.limit = 5;
  const auto five = reader->claims(newest);
  ASSERT_EQ(five.size(), 5u);
  EXPECT_EQ(five.back().claim.subject, "Small " + std::to_string(k_groups - 1));
}

TEST_P(LedgerPagingTest, AReportRerunRewritesOnlyTheChangedPages) {
  seed(spec());
  const test::TempDir dir;
  {
    const auto reader = storage::open_store_readonly(spec());
    report::write_site(*reader, {}, dir.path());
  }
  std::map<std::string, std::string> before;
  for (const auto& f : std::filesystem::directory_iterator(dir.path() / "group")) {
    if (f.path().filename().string().rfind("big-killed-people", 0) == 0)
      before[f.path().filename().string()] = test::read_file(f.path());
  }
  ASSERT_EQ(before.size(), 3u);  // the newest page, one older, the CSV
  const auto store = open();
  const auto feed = store->ensure_feed("wire", "https://wire.example/feed");
  store->transaction([&] { add_claim(*store, feed, "Big", k_big_group); });
  report::SiteWrite again;
  {
    const auto reader = storage::open_store_readonly(spec());
    again = report::write_site(*reader, {}, dir.path());
  }
  // The big group's newest page and CSV, and the index and alerts pages
  // (which say when they were made): nothing else.
  EXPECT_LE(again.written, 5u);
  for (const auto& [name, html] : before) {
    const std::string now_html = test::read_file(dir.path() / "group" / name);
    if (name == "big-killed-people.html" || name == "big-killed-people.csv") {
      EXPECT_NE(now_html, html) << name;
    } else {
      EXPECT_EQ(now_html, html) << name;
    }
  }
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
  const auto page = *report::render_page(*five, "group/small-5-killed-people.html");
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
