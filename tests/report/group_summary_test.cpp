// The index from summaries kept up to date (report::GroupSummary through
// LedgerCache) is the index built from scratch from every claim, on both
// backends: after new figures, alerts and their settling, deliveries, a
// revised article and a retention prune.
#include "report/group_summary.hpp"

#include <gtest/gtest.h>

#include "pipeline/ingest.hpp"
#include "report/ledger_cache.hpp"
#include "report/pages.hpp"
#include "storage/store.hpp"
#include "support/backends.hpp"
#include "support/claims.hpp"

namespace nw {
namespace {

claims::Claim figure(const std::string& subject, double value, const std::string& source) {
  return test::killed(
      subject, value,
      std::to_string(static_cast<int>(value)) + " " + subject + " citizens were killed.",
      source.empty() ? std::nullopt : std::optional<std::string>(source));
}

pipeline::PreparedArticle article(const std::string& guid, std::vector<claims::Claim> found,
                                  std::optional<Time> published = std::nullopt) {
  pipeline::PreparedArticle p;
  p.article.guid = guid;
  p.article.title = "Story " + guid;
  p.article.text = "Text of " + guid;
  for (const auto& c : found) p.article.text += " " + c.quote;
  p.article.content_hash = "hash of " + p.article.text;
  p.article.fetched_at = now();
  p.article.published = published;
  p.body = p.article.text;
  p.claims = std::move(found);
  return p;
}

class GroupSummaryTest : public test::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped()) return;
    m_store = open();
    m_reader = storage::open_store_readonly(spec());
    m_policy.alert_targets = {"jsonl"};
  }

  void ingest(const std::string& feed, std::vector<pipeline::PreparedArticle> articles) {
    for (auto& a : articles) {
      a.article.url = "https://" + feed + ".example/" + a.article.guid;
      a.article.canonical_url = a.article.url;
    }
    const int64_t id = m_store->ensure_feed(feed, "https://" + feed + ".example/feed");
    m_store->transaction([&] { pipeline::ingest(*m_store, id, feed, articles, m_policy); });
  }

  // The cache's index and alerts pages equal those built from every claim.
  void expect_as_from_scratch(const std::string& step) {
    const Time at = now();
    m_cache.refresh(*m_reader, {}, at);
    const auto scratch = report::build_ledger(m_reader->ledger(), {}, at);
    ASSERT_FALSE(scratch.groups.empty()) << step;
    for (const char* page : {"index.html", "alerts.html"}) {
      EXPECT_EQ(report::render_page(m_cache.ledger(), page), report::render_page(scratch, page))
          << step << ": " << page;
    }
    EXPECT_EQ(m_cache.ledger().claims, scratch.claims) << step;
    // A group's newest page, its claims read alone and its counts from the
    // summary, equals the one cut from the group built whole.
    for (const auto& g : scratch.groups) {
      EXPECT_EQ(m_cache.group_page(*m_reader, g.slug, 0),
                report::render_page(scratch, "group/" + g.slug + ".html"))
          << step << ": " << g.slug;
    }
  }

  std::unique_ptr<storage::Store> m_store;
  std::unique_ptr<storage::StoreReader> m_reader;
  pipeline::IngestPolicy m_policy;
  report::LedgerCache m_cache;
};

INSTANTIATE_TEST_SUITE_P(Backends, GroupSummaryTest, test::k_backends, test::backend_name);

TEST_P(GroupSummaryTest, TheIndexFromSummariesIsTheIndexFromScratch) {
  ingest("a", {article("a1", {figure("Belarus", 742, "the ministry")}),
               article("a2", {figure("Cuba", 120, "")}),
               article("a3", {figure("Syria", 40, "monitor")})});
  ingest("b", {article("b1", {figure("Belarus", 1500, "a rights group")})});
  expect_as_from_scratch("first figures");
  const std::size_t whole = m_cache.whole_builds();

  // New figures: a divergence, a repeat that folds, an earlier-dated report,
  // a figure as of a year, a vague one, a new group.
  auto dated = figure("Belarus", 900, "local media");
  dated.as_of = "2023";
  auto vague = figure("Belarus", 100, "officials");
  vague.qualifier = "vague";
  ingest("c", {article("c1", {figure("Belarus", 742, "the ministry")}),
               article("c2", {figure("Belarus", 3000, "the embassy")},
                       now() - std::chrono::hours(24 * 30)),
               article("c3", {dated, vague}), article("c4", {figure("Syria", 50, "monitor")})});
  expect_as_from_scratch("new figures");
  // A later figure from another source that agrees with an alerted one settles it.
  ingest("d", {article("d1", {figure("Belarus", 1480, "a monitor")}),
               article("d2", {figure("Cuba", 125, "the embassy")})});
  expect_as_from_scratch("settling figures");
  EXPECT_EQ(m_cache.whole_builds(), whole) << "new figures are followed, not built whole";
  EXPECT_FALSE(m_cache.ledger().alerts.empty());

  // A new group is built whole, the others still followed.
  ingest("f", {article("f1", {figure("Nepal", 12, "")}), article("f2", {figure("Syria", 41, "")})});
  expect_as_from_scratch("a new group");
  EXPECT_EQ(m_cache.whole_builds(), whole + 1);

  // A delivery moves on.
  for (auto d : m_store->due_deliveries(now())) {
    d.status = storage::DeliveryStatus::delivered;
    d.attempts = 1;
    m_store->transaction([&] { m_store->record_delivery(d); });
    break;
  }
  expect_as_from_scratch("a delivery");

  // A revised article (a new version with another figure): built whole.
  ingest("a", {[] {
           auto p = article("a1", {figure("Belarus", 800, "the ministry")});
           p.article.title = "Revised";
           return p;
         }()});
  expect_as_from_scratch("a revision");
  EXPECT_GT(m_cache.whole_builds(), whole);

  // Retention drops bodies of articles without claims; nothing the ledger shows.
  ingest("e", {article("e1", {})});
  m_store->transaction([&] { m_store->prune(now() + std::chrono::hours(24 * 30), 100); });
  ingest("e", {article("e2", {figure("Syria", 55, "monitor")})});
  expect_as_from_scratch("a prune");
}

}  // namespace
}  // namespace nw
