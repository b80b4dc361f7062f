// The store's batch calls (storage/batch.hpp) on both backends: they answer
// as the single calls do, in the order asked, and the inserts keep that order.
#include <gtest/gtest.h>

#include "storage/store.hpp"
#include "support/backends.hpp"

namespace nw::storage {
namespace {

NewArticle article(const std::string& guid, const std::string& hash) {
  NewArticle a;
  a.guid = guid;
  a.url = "https://example.org/" + guid;
  a.canonical_url = a.url;
  a.title = "Title " + guid;
  a.fetched_at = now();
  a.text = "text of " + guid;
  a.content_hash = hash;
  return a;
}

claims::Claim claim(double value, std::optional<std::string> unit = "people") {
  claims::Claim c;
  c.subject = "Belarus";
  c.metric = "killed";
  c.value = value;
  c.unit = std::move(unit);
  c.quote = "q";
  c.start = 3;
  c.end = 9;
  return c;
}

class BatchTest : public test::BackendTest {
 protected:
  void SetUp() override {
    test::BackendTest::SetUp();
    m_store = open();
    m_feed = m_store->ensure_feed("a", "https://a.example/feed");
  }
  std::unique_ptr<Store> m_store;
  int64_t m_feed = 0;
};

TEST_P(BatchTest, LookupsAnswerAsTheSingleCallsInTheOrderAsked) {
  Store& s = *m_store;
  const auto first = s.insert_article(m_feed, article("g1", "h1"), std::nullopt).id;
  const auto copy = s.insert_article(m_feed, article("g2", "h1"), first).id;
  const std::vector<int64_t> keys{11, 12, 13};
  s.insert_fingerprint(first, now(), keys);
  s.insert_claim(first, claim(96));
  s.insert_claim(first, claim(97, std::nullopt));

  const auto known = s.find_articles(m_feed, {"nope", "g1", "g2"});
  ASSERT_EQ(known.size(), 3u);
  EXPECT_FALSE(known[0]);
  ASSERT_TRUE(known[1] && known[2]);
  EXPECT_EQ(known[1]->id, first);
  EXPECT_EQ(known[1]->content_hash, "h1");
  EXPECT_FALSE(known[1]->duplicate_of);
  EXPECT_EQ(known[2]->duplicate_of, first);

  const auto originals = s.find_originals(
      {{"https://example.org/g1", "other"}, {"", "h1"}, {"https://example.org/g2", "none"}});
  ASSERT_EQ(originals.size(), 3u);
  EXPECT_EQ(originals[0].by_url, first);
  EXPECT_FALSE(originals[0].by_hash);
  EXPECT_FALSE(originals[1].by_url);
  EXPECT_EQ(originals[1].by_hash, first);
  EXPECT_FALSE(originals[2].by_url);  // only a duplicate has it
  EXPECT_FALSE(originals[2].by_hash);

  const auto near = s.find_near_duplicates({{{99}, now()}, {{12, 13}, now()}, {{}, now()}});
  ASSERT_EQ(near.size(), 3u);
  EXPECT_TRUE(near[0].empty());
  EXPECT_EQ(near[1], (std::vector<int64_t>{first}));
  EXPECT_TRUE(near[2].empty());

  const auto texts = s.article_texts({copy, 424242, first});
  EXPECT_EQ(texts.size(), 3u);
  EXPECT_EQ(texts.at(424242), "");  // not stored
  EXPECT_EQ(texts.at(first), "text of g1");
  EXPECT_EQ(texts.at(copy), "text of g2");

  const auto stated = s.claims_of_articles({first, copy});
  ASSERT_EQ(stated.at(first).size(), 2u);
  EXPECT_EQ(stated.at(first)[0].value, 96);
  EXPECT_EQ(stated.at(first)[0].unit, "people");
  EXPECT_EQ(stated.at(first)[0].start, 3u);
  EXPECT_EQ(stated.at(first)[1].unit, std::nullopt);
  EXPECT_TRUE(stated.at(copy).empty());
}

TEST_P(BatchTest, InsertsKeepTheirOrderAndCopiesFollowTheRowTheyCopy) {
  Store& s = *m_store;
  const auto stored = s.insert_article(m_feed, article("old", "h0"), std::nullopt).id;
  const auto a = article("a", "ha"), b = article("b", "hb"), c = article("c", "hc"),
             d = article("d", "hd"), e = article("e", "he");
  std::vector<StoredArticle> out;
  s.transaction([&] {
    out = s.insert_articles(m_feed, {{&a, std::nullopt, std::nullopt},
                                     {&b, std::nullopt, 0},
                                     {&c, stored, std::nullopt},
                                     {&d, std::nullopt, std::nullopt},
                                     {&e, std::nullopt, 1}});  // a copy of a copy: of its original
  });
  ASSERT_EQ(out.size(), 5u);
  for (std::size_t i = 1; i < out.size(); ++i) EXPECT_LT(out[i - 1].id, out[i].id);
  EXPECT_FALSE(out[0].duplicate_of);
  EXPECT_EQ(out[1].duplicate_of, out[0].id);
  EXPECT_EQ(out[2].duplicate_of, stored);
  EXPECT_FALSE(out[3].duplicate_of);
  EXPECT_EQ(out[4].duplicate_of, out[0].id);
  const auto rows = s.articles();
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(rows[2].guid, "b");
  EXPECT_EQ(rows[2].duplicate_of, out[0].id);
  EXPECT_EQ(s.find_original_by_hash("hd"), out[3].id);

  // Claims in order, each with its article's version; band keys findable.
  s.update_article(out[3].id, article("d", "hd2"));
  std::vector<int64_t> ids;
  s.transaction([&] {
    ids = s.insert_claims({{out[0].id, claim(1)}, {out[3].id, claim(2)}, {out[0].id, claim(3)}});
    s.insert_fingerprints({{out[0].id, now(), {5, 6}}, {out[3].id, now(), {6, 7}}});
  });
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_LT(ids[0], ids[1]);
  EXPECT_LT(ids[1], ids[2]);
  const auto group = s.ledger_group("Belarus", "killed", std::string("people"));
  ASSERT_EQ(group.claims.size(), 3u);
  EXPECT_EQ(group.claims[1].id, ids[1]);
  EXPECT_EQ(group.claims[1].claim.value, 2);
  EXPECT_EQ(group.claims[1].version, 2);
  EXPECT_EQ(group.claims[0].version, 1);
  EXPECT_EQ(s.near_duplicate_candidates({6}, now()).size(), 2u);
  EXPECT_TRUE(s.insert_claims({}).empty());
}

// The groups prepared for judging are what judging_group would read, and an
// alert stored in one is seen when that group is judged next.
TEST_P(BatchTest, PreparedGroupsAreTheGroupsAndSeeTheirNewAlerts) {
  Store& s = *m_store;
  s.transaction([&] {
    const auto id = s.insert_article(m_feed, article("1", "h1"), std::nullopt).id;
    const auto ids = s.insert_claims({{id, claim(10)}, {id, claim(20, std::nullopt)}});
    s.prepare_judging({{"Belarus", "killed", "people"}, {"Belarus", "killed", std::nullopt}});
    const auto& people = s.judging_group("Belarus", "killed", std::string("people"));
    ASSERT_EQ(people.claims.size(), 1u);
    EXPECT_EQ(people.claims[0].id, ids[0]);
    NewAlert al;
    al.uid = "msg_1";
    al.claim_id = ids[0];
    al.subject = "Belarus";
    al.metric = "killed";
    al.unit = "people";
    al.detected_at = now();
    al.body = "{}";
    s.insert_alert(al, {"ops"});
    EXPECT_EQ(people.claims.size(), 1u);  // still readable after the insert
    const auto& again = s.judging_group("Belarus", "killed", std::string("people"));
    ASSERT_EQ(again.alerts.size(), 1u);
    EXPECT_EQ(again.alerts[0].targets, (std::vector<std::string>{"ops"}));
    const auto& none = s.judging_group("Belarus", "killed", std::nullopt);
    ASSERT_EQ(none.claims.size(), 1u);
    EXPECT_EQ(none.claims[0].id, ids[1]);
    EXPECT_TRUE(none.alerts.empty());
  });
}

INSTANTIATE_TEST_SUITE_P(Backends, BatchTest, test::k_backends, test::backend_name);

}  // namespace
}  // namespace nw::storage
