// Alert kinds and routing end to end: the real binary reading feeds (one a
// syndicated copy) and a watched page that changes, posting to two routed
// webhooks on 127.0.0.1 that verify every Standard Webhooks signature.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <sys/stat.h>

#include <atomic>
#include <cstring>
#include <nlohmann/json.hpp>

#include "support/feeds.hpp"
#include "support/http_server.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

using test::HttpRequest;
using test::HttpResponse;
using test::HttpServer;

constexpr const char* k_key = "routing-test-key";  // the secret's bytes
constexpr const char* k_secret = "whsec_cm91dGluZy10ZXN0LWtleQ==";

std::string base64(const unsigned char* bytes, std::size_t n) {
  std::string out(4 * ((n + 2) / 3), '\0');
  EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes, static_cast<int>(n));
  return out;
}

// Verifies a request as a Standard Webhooks receiver does, independently of
// newswatch's own signing code.
bool verified(const HttpRequest& rq) {
  const std::string signed_text =
      rq.header("webhook-id") + "." + rq.header("webhook-timestamp") + "." + rq.body;
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), k_key, static_cast<int>(std::strlen(k_key)),
       reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size(), mac, &len);
  return rq.header("webhook-signature") == "v1," + base64(mac, len);
}

std::string item(const std::string& guid, const std::string& text) {
  return test::rss({{guid, "Story " + guid, text, "https://" + guid + ".example/story", ""}});
}

std::string page(const std::string& text) {
  return "<html><head><title>Hotline count</title></head><body><article><h1>Hotline "
         "count</h1><p>" +
         text + "</p><p>The list is updated as families come forward.</p></article></body></html>";
}

TEST(RoutingTest, EachWebhookGetsExactlyTheEventsItAskedFor) {
  test::TempDir dir;
  HttpServer server;
  std::atomic<int> killed{96};  // the figure the watched page states
  server.route("/page", [&](const HttpRequest&) {
    HttpResponse r;
    r.headers = {{"Content-Type", "text/html; charset=utf-8"}};
    r.body = page("According to I Want to Live, " + std::to_string(killed.load()) +
                  " Belarusians have been killed fighting for Russia in Ukraine.");
    return r;
  });
  server.route("/serving", 204, "");
  server.route("/revisions", 204, "");
  for (const char* f : {"b", "c", "d"})
    test::write_file(dir / (std::string(f) + ".xml"), test::rss(""));
  test::write_file(dir / "a.xml",
                   item("a1", "The group said 742 Belarusians have fought for Russia in Ukraine."));
  std::string toml = test::feed_toml("a", "file:a.xml") + test::feed_toml("b", "file:b.xml") +
                     test::feed_toml("c", "file:c.xml") + test::feed_toml("d", "file:d.xml") +
                     test::feed_toml("hotline", server.url("/page")) + "kind = \"page\"\n";
  toml += "[web]\nurl = \"https://ledger.example/\"\n";
  toml += "[[webhooks]]\nname = \"belarus-serving\"\nurl = \"" + server.url("/serving") +
          "\"\nsecret = \"" + k_secret +
          "\"\nsubjects = [\"belarus\"]\nmetrics = [\"serving\"]\n"
          "events = [\"contradiction\", \"confirmed\"]\n";
  toml += "[[webhooks]]\nname = \"revisions\"\nurl = \"" + server.url("/revisions") +
          "\"\nsecret = \"" + k_secret + "\"\nevents = [\"revision\"]\n";
  const auto config = test::write_config(dir, toml);
  ::chmod(config.c_str(), 0600);
  const auto once = [&] {
    const auto r =
        test::run_command(test::binary().string() + " once --wait 20s -c " + config.string());
    ASSERT_EQ(r.status, 0) << r.out << r.err;
  };

  once();  // 742 serving, 96 killed: nothing to compare yet
  // A higher figure, and a syndicated copy of it: one new origin, not two.
  const std::string higher =
      "A new list shows 1,500 Belarusians have fought for Russia in Ukraine.";
  test::write_file(dir / "b.xml", item("b1", higher));
  test::write_file(dir / "c.xml", item("b1", higher));
  once();
  // The page edits its own figure; another origin confirms the alerted 1,500.
  killed = 105;
  test::write_file(dir / "d.xml",
                   item("d1",
                        "Another count shows 1,520 Belarusians have fought for Russia in "
                        "Ukraine."));
  once();

  std::vector<nlohmann::json> serving, revisions;
  for (const auto& rq : server.requests()) {
    if (rq.target != "/serving" && rq.target != "/revisions") continue;
    EXPECT_TRUE(verified(rq)) << rq.body;
    (rq.target == "/serving" ? serving : revisions).push_back(nlohmann::json::parse(rq.body));
  }
  ASSERT_EQ(serving.size(), 2u);
  EXPECT_EQ(serving[0]["event"], "contradiction");
  EXPECT_EQ(serving[0]["claim"]["value"], 1500);
  EXPECT_EQ(serving[0]["prior"][0]["value"], 742);
  EXPECT_EQ(serving[0]["reconciled"]["origins"], 2);  // the copy is no origin of its own
  EXPECT_EQ(serving[0]["ledger"], "https://ledger.example/group/belarus-serving-people.html");
  EXPECT_EQ(serving[1]["event"], "confirmed");
  EXPECT_EQ(serving[1]["claim"]["value"], 1520);
  EXPECT_EQ(serving[1]["prior"][0]["value"], 1500);
  EXPECT_EQ(serving[1]["origins"], 2);
  EXPECT_EQ(serving[1]["reconciled"]["origins"], 3);
  ASSERT_EQ(revisions.size(), 1u);
  EXPECT_EQ(revisions[0]["event"], "revision");
  EXPECT_EQ(revisions[0]["claim"]["value"], 105);
  EXPECT_EQ(revisions[0]["claim"]["version"], 2);
  EXPECT_EQ(revisions[0]["prior"][0]["value"], 96);
  EXPECT_EQ(revisions[0]["prior"][0]["version"], 1);
  EXPECT_EQ(revisions[0]["claim"]["origin"], "I Want to Live");
}

}  // namespace
}  // namespace nw
