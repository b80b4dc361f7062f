#include "storage/store.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "support/pg_server.hpp"
#include "support/sqlite_file.hpp"
#include "support/test_paths.hpp"

namespace nw::storage {
namespace {

// The same test bodies for both backends (StoreTest), then what only one has.
enum class Backend { sqlite, postgresql };
void PrintTo(Backend b, std::ostream* out) {
  *out << (b == Backend::sqlite ? "sqlite" : "postgresql");
}

// A Belarus/killed alert (uid msg_1) on `claim_id` whose body names, as its
// prior, the figure of article `prior_article`.
NewAlert alert_on(int64_t claim_id, int64_t prior_article) {
  NewAlert al;
  al.uid = "msg_1";
  al.claim_id = claim_id;
  al.subject = "Belarus";
  al.metric = "killed";
  al.unit = "people";
  al.detected_at = now();
  al.body = R"({"prior":[{"article":{"id":)" + std::to_string(prior_article) +
            R"(},"value":742,"quote":"q"}]})";
  return al;
}

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::postgresql) {
      NW_REQUIRE_POSTGRES();
      m_pg.emplace();
    }
  }
  // The test's own store: a file in a scratch folder, or a fresh database.
  StoreSpec spec() const {
    if (m_pg) return {{}, m_pg->url(), ""};
    return {m_dir / "nw.db", "", ""};
  }
  // How errors name the store.
  std::string where() const { return m_pg ? m_pg->name() : "nw.db"; }
  std::unique_ptr<Store> open() const { return open_store(spec()); }

  test::TempDir m_dir;
  std::optional<test::PgDatabase> m_pg;
};

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest,
                         ::testing::Values(Backend::sqlite, Backend::postgresql),
                         [](const auto& param_info) {
                           return param_info.param == Backend::sqlite ? "sqlite" : "postgresql";
                         });

NewArticle article(const std::string& guid, const std::string& hash) {
  NewArticle a;
  a.guid = guid;
  a.url = "https://example.org/" + guid;
  a.canonical_url = a.url;
  a.title = "Title " + guid;
  a.fetched_at = now();
  a.text = "text";
  a.content_hash = hash;
  return a;
}

claims::Claim claim(double value) {
  claims::Claim c;
  c.subject = "Belarus";
  c.metric = "killed";
  c.value = value;
  c.unit = "people";
  c.quote = "q";
  return c;
}

TEST(SqliteStoreTest, CreatesAVersionedSchemaInWalMode) {
  test::TempDir dir;
  { open_store({dir / "db" / "nw.db"}); }
  test::SqliteFile db(dir / "db" / "nw.db");
  EXPECT_GE(db.integer("PRAGMA user_version"), 1);
  EXPECT_EQ(db.text("PRAGMA journal_mode"), "wal");
  // Opening again does not migrate twice.
  const auto again = open_store({dir / "db" / "nw.db"});
  EXPECT_EQ(again->counts().articles, 0);
}

TEST(SqliteStoreTest, RefusesADatabaseFromTheFuture) {
  test::TempDir dir;
  {
    test::SqliteFile db(dir / "nw.db", test::SqliteFile::Mode::create);
    db.exec("PRAGMA user_version = 999");
  }
  EXPECT_THROW(open_store({dir / "nw.db"}), StoreError);
}

TEST_P(StoreTest, ReadOnlyOpenOfAMissingDatabaseSaysSo) {
  try {
    open_store_readonly(spec());
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find(where()), std::string::npos);
  }
}

TEST_P(StoreTest, FeedStateRoundTripsAndCountsErrors) {
  const auto owned = open();
  Store& s = *owned;
  const auto id = s.ensure_feed("a", "https://a.example/feed");
  EXPECT_EQ(s.ensure_feed("a", "https://a.example/feed"), id);
  FetchRecord fail;
  fail.fetched_at = now();
  fail.status = 500;
  fail.error = "http_status: HTTP 500";
  s.record_fetch(id, fail);
  s.record_fetch(id, fail);
  auto f = s.feed(id);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->consecutive_errors, 2);
  EXPECT_EQ(f->last_status, 500);
  EXPECT_FALSE(f->last_success);
  FetchRecord ok;
  ok.success = true;
  ok.status = 200;
  ok.fetched_at = now();
  ok.etag = "\"v1\"";
  ok.next_poll = now() + std::chrono::hours(1);
  s.record_fetch(id, ok);
  f = s.feed(id);
  EXPECT_EQ(f->consecutive_errors, 0);
  EXPECT_EQ(f->etag, "\"v1\"");
  EXPECT_TRUE(f->last_success);
  EXPECT_EQ(f->next_poll, ok.next_poll);
  // A later success without validators keeps the stored ones.
  ok.etag.clear();
  s.record_fetch(id, ok);
  EXPECT_EQ(s.feed(id)->etag, "\"v1\"");
}

TEST_P(StoreTest, ArticlesAreUniquePerFeedAndGuid) {
  const auto owned = open();
  Store& s = *owned;
  const auto feed = s.ensure_feed("a", "u");
  s.insert_article(feed, article("g1", "h1"), std::nullopt);
  EXPECT_TRUE(s.find_article(feed, "g1"));
  EXPECT_FALSE(s.find_article(feed, "g2"));
  EXPECT_THROW(s.insert_article(feed, article("g1", "h1"), std::nullopt), std::exception);
}

// SQLite indexes a hash by its first 16 digits: texts whose hashes share them
// are still told apart by the whole hash.
TEST_P(StoreTest, OriginalsByHashCompareTheWholeHash) {
  const auto owned = open();
  Store& s = *owned;
  const auto feed = s.ensure_feed("a", "u");
  const std::string prefix(16, 'f');
  const auto x = s.insert_article(feed, article("g1", prefix + "0123"), std::nullopt).id;
  const auto y = s.insert_article(feed, article("g2", prefix + "4567"), std::nullopt).id;
  EXPECT_EQ(s.find_original_by_hash(prefix + "0123"), x);
  EXPECT_EQ(s.find_original_by_hash(prefix + "4567"), y);
  EXPECT_FALSE(s.find_original_by_hash(prefix + "89ab"));
  EXPECT_FALSE(s.find_original_by_hash(prefix));
}

TEST_P(StoreTest, OriginalsAreFoundByUrlAndHashButDuplicatesAreNot) {
  const auto owned = open();
  Store& s = *owned;
  const auto a = s.ensure_feed("a", "u");
  const auto b = s.ensure_feed("b", "v");
  const auto first = s.insert_article(a, article("g1", "h1"), std::nullopt).id;
  auto copy = article("g2", "h1");
  const auto dup = s.insert_article(b, copy, first).id;
  EXPECT_EQ(s.find_original_by_hash("h1"), first);
  EXPECT_EQ(s.find_original_by_url("https://example.org/g1"), first);
  EXPECT_FALSE(s.find_original_by_url("https://example.org/g2"));  // only a duplicate has it
  EXPECT_EQ(s.articles().at(1).duplicate_of, first);
  EXPECT_NE(dup, first);
}

// Thousands of copies of one text must not turn each originals lookup into a
// scan over the copies: the lookup indexes hold originals only.
TEST(SqliteStoreTest, OriginalsLookupsIndexOnlyOriginals) {
  test::TempDir dir;
  { open_store({dir / "nw.db"}); }
  test::SqliteFile db(dir / "nw.db");
  for (const std::string index : {"articles_original_url", "articles_original_hash"}) {
    const auto sql =
        db.text("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = '" + index + "'");
    ASSERT_FALSE(sql.empty()) << index << " is missing";
    EXPECT_NE(sql.find("WHERE"), std::string::npos) << index;
    EXPECT_NE(sql.find("duplicate_of IS NULL"), std::string::npos) << index;
  }
  const auto plan = [&](const std::string& sql) {
    std::string out;
    for (const auto& row : db.rows("EXPLAIN QUERY PLAN " + sql)) out += row.at(3) + "\n";
    return out;
  };
  EXPECT_NE(plan("SELECT id FROM articles WHERE substr(content_hash, 1, 16) = substr('h', 1, 16) "
                 "AND +content_hash = 'h' AND duplicate_of IS NULL ORDER BY id LIMIT 1")
                .find("articles_original_hash"),
            std::string::npos);
  EXPECT_NE(plan("SELECT id FROM articles WHERE canonical_url = 'u' AND canonical_url <> '' "
                 "AND duplicate_of IS NULL ORDER BY id LIMIT 1")
                .find("articles_original_url"),
            std::string::npos);
}

TEST_P(StoreTest, ComparableClaimsSkipTheSameArticleAndOtherGroups) {
  const auto owned = open();
  Store& s = *owned;
  const auto f = s.ensure_feed("a", "u");
  const auto a1 = s.insert_article(f, article("1", "h1"), std::nullopt).id;
  const auto a2 = s.insert_article(f, article("2", "h2"), std::nullopt).id;
  s.insert_claim(a1, claim(96));
  s.insert_claim(a2, claim(182));
  auto other = claim(1);
  other.metric = "recruited";
  s.insert_claim(a1, other);
  const auto priors = s.comparable_claims(claim(100), a2);
  ASSERT_EQ(priors.size(), 1u);
  EXPECT_EQ(priors[0].claim.value, 96);
  EXPECT_EQ(priors[0].article_id, a1);
  EXPECT_EQ(s.claims({"belarus", "KILLED"}).size(), 2u);  // filters ignore case
}

TEST_P(StoreTest, ComparableClaimsFindAnOldAgreeingFigureBeyondTheRecentOnes) {
  const auto owned = open();
  Store& s = *owned;
  const auto f = s.ensure_feed("a", "u");
  const auto old = s.insert_article(f, article("old", "h0"), std::nullopt).id;
  s.insert_claim(old, claim(742));
  s.transaction([&] {
    for (int i = 0; i < 300; ++i) {
      const auto a =
          s.insert_article(f, article(std::to_string(i), "h" + std::to_string(i + 1)), std::nullopt)
              .id;
      s.insert_claim(a, claim(5000 + i));
    }
  });
  const auto priors = s.comparable_claims(claim(750), -1, 0.1);
  EXPECT_TRUE(std::any_of(priors.begin(), priors.end(),
                          [](const ClaimRow& r) { return r.claim.value == 742; }));
  EXPECT_LT(priors.size(), 150u);  // the window and the latest, not the whole group
  // The full row, with its article, comes from claim(id).
  EXPECT_EQ(s.claim(priors[0].id)->url, "https://example.org/old");
}

TEST_P(StoreTest, AnyClaimWithinReadsOnlyTheWindowAndStopsAtTheFirstAccepted) {
  const auto owned = open();
  Store& s = *owned;
  const auto f = s.ensure_feed("a", "u");
  const auto same = s.insert_article(f, article("same", "h0"), std::nullopt).id;
  s.insert_claim(same, claim(745.5));  // the claim's own article: never a prior
  s.transaction([&] {
    for (int i = 0; i < 50; ++i) {
      const auto a =
          s.insert_article(f, article(std::to_string(i), "h" + std::to_string(i + 1)), std::nullopt)
              .id;
      s.insert_claim(a, claim(700 + i));  // 700..749
      s.insert_claim(a, claim(5000 + i));
    }
  });
  std::vector<double> seen;
  const auto record = [&](const nw::claims::Claim& c) {
    seen.push_back(c.value);
    return false;
  };
  // Within 1% of 742: 735..749, never the 5000s nor the same article's 745.5.
  EXPECT_FALSE(s.any_claim_within(claim(742), same, 0.01, record));
  EXPECT_EQ(seen.size(), 15u);
  for (const double v : seen) {
    EXPECT_GE(v, 742 * 0.99);
    EXPECT_LE(v, 742 / 0.99);
    EXPECT_NE(v, 745.5);
  }
  int calls = 0;
  EXPECT_TRUE(s.any_claim_within(claim(742), same, 0.01, [&](const nw::claims::Claim&) {
    ++calls;
    return true;
  }));
  EXPECT_EQ(calls, 1);
}

TEST_P(StoreTest, FailedTransactionLeavesNothingBehind) {
  const auto owned = open();
  Store& s = *owned;
  const auto f = s.ensure_feed("a", "u");
  EXPECT_THROW(s.transaction([&] {
    s.insert_article(f, article("1", "h1"), std::nullopt);
    throw std::runtime_error("boom");
  }),
               StoreError);
  EXPECT_EQ(s.counts().articles, 0);
}

TEST_P(StoreTest, AlertDeliveriesMoveThroughTheirStates) {
  const auto owned = open();
  Store& s = *owned;
  const auto f = s.ensure_feed("a", "u");
  const auto art = s.insert_article(f, article("1", "h1"), std::nullopt).id;
  NewAlert al;
  al.uid = "msg_1";
  al.claim_id = s.insert_claim(art, claim(5));
  al.subject = "Belarus";
  al.metric = "killed";
  al.detected_at = now();
  al.body = R"({"id":"msg_1"})";
  const auto id = s.insert_alert(al, {"desk", "ops"});
  auto due = s.due_deliveries(now());
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(s.alerts().at(0).status, DeliveryStatus::pending);
  due[0].status = DeliveryStatus::delivered;
  due[0].attempts = 1;
  s.record_delivery(due[0]);
  due[1].status = DeliveryStatus::failed;
  due[1].attempts = 12;
  s.record_delivery(due[1]);
  EXPECT_EQ(s.alerts().at(0).status, DeliveryStatus::failed);
  EXPECT_EQ(s.alerts().at(0).attempts, 13);
  EXPECT_TRUE(s.due_deliveries(now()).empty());
  EXPECT_TRUE(s.retry_alert(id));
  EXPECT_EQ(s.due_deliveries(now()).size(), 1u);  // only the failed one comes back
  EXPECT_EQ(s.alerts().at(0).status, DeliveryStatus::pending);
  EXPECT_FALSE(s.retry_alert(id + 100));
}

TEST_P(StoreTest, LeasedDeliveriesAreRecordedUnderTheirToken) {
  const auto s = open();
  const auto f = s->ensure_feed("a", "u");
  const auto art = s->insert_article(f, article("1", "h1"), std::nullopt).id;
  NewAlert al;
  al.uid = "msg_1";
  al.claim_id = s->insert_claim(art, claim(5));
  al.detected_at = now();
  al.body = "{}";
  s->insert_alert(al, {"desk", "ops"});
  auto leased = s->lease_deliveries(now(), 10, std::chrono::seconds(60));
  ASSERT_EQ(leased.size(), 2u);
  EXPECT_EQ(leased[0].uid, "msg_1");
  leased[0].status = DeliveryStatus::delivered;
  leased[0].attempts = 1;
  EXPECT_TRUE(s->record_delivery(leased[0]));
  auto unknown = leased[1];
  unknown.target = "nobody";
  EXPECT_FALSE(s->record_delivery(unknown));
  EXPECT_EQ(s->alerts().at(0).status, DeliveryStatus::pending);
}

// Feeds are outside input: a NUL byte or malformed UTF-8 in an entry must not
// make the database refuse the feed's whole batch, poll after poll.
TEST_P(StoreTest, TextWithNulAndMalformedUtf8IsStoredAndFoundAgain) {
  const auto s = open();
  const auto f = s->ensure_feed("a", "u");
  using namespace std::string_literals;
  auto a = article("g\0x\xff"s, "h1");
  a.title =
      "a\0b\xff"
      "c\xc3"s;
  a.text = "caf\xc3\xa9 \xed\xa0\x80"s;  // é, then an encoded surrogate
  const auto id = s->insert_article(f, a, std::nullopt).id;
  ASSERT_TRUE(s->find_article(f, a.guid));
  EXPECT_EQ(s->find_article(f, a.guid)->id, id);
  const auto title = s->articles().at(0).title;
  EXPECT_EQ(title.front(), 'a');
  EXPECT_NE(title.find('c'), std::string::npos);
  EXPECT_EQ(s->article_text(id).substr(0, 5), "caf\xc3\xa9");
}

TEST_P(StoreTest, AReaderSeesCommittedDataWhileTheWriterHoldsTheDatabase) {
  const auto owned = open();
  Store& writer = *owned;
  const auto f = writer.ensure_feed("a", "u");
  writer.insert_article(f, article("1", "h1"), std::nullopt);
  const auto reader_owned = open_store_readonly(spec());
  StoreReader& reader = *reader_owned;
  writer.transaction([&] {
    writer.insert_article(f, article("2", "h2"), std::nullopt);
    // Uncommitted: the reader still sees one article, and is not blocked.
    EXPECT_EQ(reader.counts().articles, 1);
  });
  EXPECT_EQ(reader.counts().articles, 2);
}

TEST_P(StoreTest, ArticlesTakeALimit) {
  const auto s = open();
  const auto f = s->ensure_feed("a", "u");
  for (const char* g : {"1", "2", "3"}) s->insert_article(f, article(g, g), std::nullopt);
  EXPECT_EQ(s->articles().size(), 3u);
  ASSERT_EQ(s->articles(2).size(), 2u);
  EXPECT_EQ(s->articles(2).back().guid, "2");
  EXPECT_EQ(s->articles(10).size(), 3u);
}

TEST_P(StoreTest, FailuresAreTyped) {
  const auto s = open();
  try {
    s->insert_claim(12345, claim(1));  // no such article
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_EQ(e.failure(), StoreFailure::constraint) << e.what();
    EXPECT_NE(std::string(e.what()).find(where()), std::string::npos) << e.what();
  }
  try {
    s->transaction([] { throw std::runtime_error("boom"); });
    FAIL();
  } catch (const StoreError& e) {
    EXPECT_EQ(e.failure(), StoreFailure::other);
    EXPECT_NE(std::string(e.what()).find("boom"), std::string::npos) << e.what();
  }
  EXPECT_STREQ(to_string(StoreFailure::read_only), "read_only");
}

TEST_P(StoreTest, TheChangeTokenNoticesAnUpdatedArticle) {
  const auto s = open();
  const auto f = s->ensure_feed("a", "u");
  const auto id = s->insert_article(f, article("1", "h1"), std::nullopt).id;
  s->insert_claim(id, claim(742));
  const auto reader = open_store_readonly(spec());
  const auto before = reader->change_token();
  EXPECT_EQ(reader->change_token(), before);
  auto changed = article("1", "h2");
  changed.title = "A new headline";
  s->update_article(id, changed);
  EXPECT_NE(reader->change_token(), before);
  EXPECT_EQ(reader->ledger().claims.at(0).title, "A new headline");
}

// The judge (pipeline/judge.cpp) reads a claim's group while the writer's
// transaction that stored it is still open: the group must show that
// transaction's claims, their article versions and its alerts' targets.
TEST_P(StoreTest, AGroupReadInsideTheOpenTransactionShowsItsVersionsAndTargets) {
  const auto s = open();
  s->transaction([&] {
    const auto f = s->ensure_feed("a", "u");
    const auto id = s->insert_article(f, article("1", "h1"), std::nullopt).id;
    const auto first = s->insert_claim(id, claim(742));
    s->update_article(id, article("1", "h2"));
    NewAlert al;
    al.uid = "msg_1";
    al.claim_id = s->insert_claim(id, claim(800));
    al.subject = "Belarus";
    al.metric = "killed";
    al.unit = "people";
    al.detected_at = now();
    al.body = "{}";
    s->insert_alert(al, {"ops", "desk"});
    al.uid = "msg_2";
    s->insert_alert(al, {});

    const auto group = s->ledger_group("Belarus", "killed", std::string("people"));
    ASSERT_EQ(group.claims.size(), 2u);
    EXPECT_EQ(group.claims[0].id, first);
    EXPECT_EQ(group.claims[0].version, 1);
    EXPECT_EQ(group.claims[1].version, 2);
    ASSERT_EQ(group.alerts.size(), 2u);
    auto targets = group.alerts[0].targets;
    std::sort(targets.begin(), targets.end());
    EXPECT_EQ(targets, (std::vector<std::string>{"desk", "ops"}));
    EXPECT_TRUE(group.alerts[1].targets.empty());
  });
  const auto reader = open_store_readonly(spec());
  const auto group = reader->ledger_group("Belarus", "killed", std::string("people"));
  ASSERT_EQ(group.claims.size(), 2u);
  EXPECT_EQ(group.claims[1].version, 2);
  ASSERT_EQ(group.alerts.size(), 2u);
  EXPECT_EQ(group.alerts[0].targets.size(), 2u);
}

// What judging_group returns must be what ledger_group reads, copies aside,
// whatever was written since the group was first judged: SQLite keeps judged
// groups between claims and reads only what was stored since.
void expect_same_group(const LedgerData& judged, const LedgerData& read) {
  ASSERT_EQ(judged.claims.size(), read.claims.size());
  for (std::size_t i = 0; i < read.claims.size(); ++i) {
    EXPECT_EQ(judged.claims[i].id, read.claims[i].id);
    EXPECT_EQ(judged.claims[i].title, read.claims[i].title);
    EXPECT_EQ(judged.claims[i].version, read.claims[i].version);
    EXPECT_EQ(judged.claims[i].claim.value, read.claims[i].claim.value);
  }
  ASSERT_EQ(judged.alerts.size(), read.alerts.size());
  for (std::size_t i = 0; i < read.alerts.size(); ++i) {
    EXPECT_EQ(judged.alerts[i].id, read.alerts[i].id);
    EXPECT_EQ(judged.alerts[i].status, read.alerts[i].status);
    EXPECT_EQ(judged.alerts[i].prior_claims, read.alerts[i].prior_claims);
    EXPECT_EQ(judged.alerts[i].targets, read.alerts[i].targets);
  }
}

TEST_P(StoreTest, TheJudgedGroupFollowsEveryWriteToIt) {
  const auto s = open();
  const std::optional<std::string> people = "people";
  const auto check = [&] {
    const LedgerData judged = s->judging_group("Belarus", "killed", people);
    expect_same_group(judged, s->ledger_group("Belarus", "killed", people));
  };
  int64_t first_article = 0, first_claim = 0, alert_id = 0;
  s->transaction([&] {
    const auto f = s->ensure_feed("a", "u");
    first_article = s->insert_article(f, article("1", "h1"), std::nullopt).id;
    first_claim = s->insert_claim(first_article, claim(742));
    check();  // read in full, then kept
    const auto other = s->insert_article(f, article("2", "h2"), std::nullopt).id;
    auto elsewhere = claim(5);
    elsewhere.subject = "Nepal";
    s->insert_claim(other, elsewhere);  // another group: not in this one
    alert_id =
        s->insert_alert(alert_on(s->insert_claim(other, claim(1200)), first_article), {"ops"});
    check();  // the claim and the alert stored since, its prior matched
  });
  ASSERT_EQ(s->judging_group("Belarus", "killed", people).alerts.at(0).prior_claims,
            (std::vector<int64_t>{first_claim}));

  // A delivery moves the alert's status on.
  auto due = s->due_deliveries(now());
  ASSERT_EQ(due.size(), 1u);
  due[0].status = DeliveryStatus::failed;
  due[0].attempts = 12;
  s->record_delivery(due[0]);
  check();
  s->retry_alert(alert_id);
  check();

  // A changed article shows its new title on its claims.
  auto changed = article("1", "h3");
  changed.title = "A new headline";
  s->update_article(first_article, changed);
  check();
  EXPECT_EQ(s->judging_group("Belarus", "killed", people).claims.at(0).title, "A new headline");

  // A rolled-back transaction leaves none of its claims behind.
  EXPECT_THROW(s->transaction([&] {
    s->insert_claim(first_article, claim(9000));
    check();
    throw std::runtime_error("boom");
  }),
               StoreError);
  check();
  EXPECT_EQ(s->judging_group("Belarus", "killed", people).claims.size(), 2u);

  // Another connection's claims are seen too.
  {
    const auto other = open();
    other->insert_claim(first_article, claim(760));
  }
  check();
  EXPECT_EQ(s->judging_group("Belarus", "killed", people).claims.size(), 3u);
}

// The polls of one writer batch judge in one transaction, each after
// prepare_judging: the group judged must be what ledger_group reads after each
// poll's claims and alerts (batch calls, as pipeline::ingest makes them).
TEST_P(StoreTest, AGroupJudgedByOnePollIsUpToDateForTheNextInItsTransaction) {
  const auto s = open();
  const std::optional<std::string> people = "people";
  const ClaimGroup belarus{"Belarus", "killed", people};
  auto nepal_claim = claim(5);
  nepal_claim.subject = "Nepal";
  const ClaimGroup nepal{"Nepal", "killed", people};
  const auto check = [&](const ClaimGroup& g) {
    const LedgerData judged = s->judging_group(g.subject, g.metric, g.unit);
    expect_same_group(judged, s->ledger_group(g.subject, g.metric, g.unit));
  };
  s->transaction([&] {
    const auto f = s->ensure_feed("a", "u");
    // Poll 1: one claim, its group read whole.
    const auto first_article = s->insert_article(f, article("1", "h1"), std::nullopt).id;
    const auto first = s->insert_claims({{first_article, claim(742)}});
    s->prepare_judging({belarus});
    check(belarus);
    // Poll 2: two claims (one in another group), then an alert naming poll 1's claim.
    const auto second_article = s->insert_article(f, article("2", "h2"), std::nullopt).id;
    const auto second =
        s->insert_claims({{second_article, claim(1500)}, {second_article, nepal_claim}});
    s->prepare_judging({belarus, nepal});
    check(belarus);
    check(nepal);
    s->insert_alert(alert_on(second.at(0), first_article), {"ops"});
    check(belarus);  // read again past what it kept: the alert, its prior matched
    ASSERT_EQ(s->judging_group("Belarus", "killed", people).alerts.size(), 1u);
    EXPECT_EQ(s->judging_group("Belarus", "killed", people).alerts[0].prior_claims, first);
    // Poll 3: the kept groups gain its claim, nothing twice.
    const auto third_article = s->insert_article(f, article("3", "h3"), std::nullopt).id;
    s->insert_claims({{third_article, claim(760)}});
    s->prepare_judging({belarus});
    check(belarus);
    check(nepal);
    EXPECT_EQ(s->judging_group("Belarus", "killed", people).claims.size(), 3u);
  });
}

TEST(StoreTest, DeliveryStatusesHaveOneSpelling) {
  for (const auto st : {DeliveryStatus::pending, DeliveryStatus::delivered, DeliveryStatus::failed})
    EXPECT_EQ(delivery_status_from(to_string(st)), st);
  EXPECT_EQ(delivery_status_from("sent"), std::nullopt);
}

}  // namespace
}  // namespace nw::storage
