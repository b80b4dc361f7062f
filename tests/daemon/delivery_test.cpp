// Alert delivery end to end: the real binary posting to real receivers on 127.0.0.1.
#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <sstream>

#include "alerts/webhook.hpp"
#include "support/http_server.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

using test::HttpRequest;
using test::HttpResponse;
using test::HttpServer;

constexpr const char* k_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

// Two feeds whose figures diverge: one alert per run of a fresh database.
class DeliveryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test::write_file(dir / "a.xml", R"(<rss version="2.0"><channel><title>A</title>
<item><guid>a1</guid><title>A</title><description>The group said 742 Belarusians have fought for Russia in Ukraine.</description></item>
</channel></rss>)");
    test::write_file(dir / "b.xml", R"(<rss version="2.0"><channel><title>B</title>
<item><guid>b1</guid><title>B</title><description>A new list shows 1,500 Belarusians have fought for Russia in Ukraine.</description></item>
</channel></rss>)");
  }

  void configure(const std::vector<std::pair<std::string, std::string>>& hooks) {
    std::string toml =
        "[storage]\npath = \"nw.db\"\n[[feeds]]\nname = \"a\"\nurl = \"file:a.xml\"\n"
        "[[feeds]]\nname = \"b\"\nurl = \"file:b.xml\"\n";
    for (const auto& [name, url] : hooks) {
      toml += "[[webhooks]]\nname = \"" + name + "\"\nurl = \"" + url +
              "\"\nsecret_env = \"NW_HOOK_SECRET\"\n";
    }
    test::write_file(dir / "nw.toml", toml);
    ::setenv("NW_HOOK_SECRET", k_secret, 1);
  }

  test::CommandResult once(const std::string& wait) {
    return test::run_command(test::binary().string() + " once --wait " + wait + " -c " +
                             (dir / "nw.toml").string());
  }

  nlohmann::json alert() {
    const auto r = test::run_command(test::binary().string() + " alerts --json -c " +
                                     (dir / "nw.toml").string());
    return nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
  }

  test::TempDir dir;
};

HttpServer::Handler answer(int status,
                           std::vector<std::pair<std::string, std::string>> headers = {}) {
  return [=](const HttpRequest&) {
    HttpResponse r;
    r.status = status;
    r.headers = headers;
    return r;
  };
}

TEST_F(DeliveryTest, SignatureVerifiesAndBodyIsTheAlert) {
  HttpServer receiver;
  receiver.route("/hook", answer(204));
  configure({{"desk", receiver.url("/hook")}});
  const auto r = once("10s");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto got = receiver.requests();
  ASSERT_EQ(got.size(), 1u);
  const auto& rq = got[0];
  EXPECT_EQ(rq.method, "POST");
  EXPECT_EQ(rq.header("content-type"), "application/json");
  const long long ts = std::stoll(rq.header("webhook-timestamp"));
  EXPECT_LT(std::llabs(ts - static_cast<long long>(std::time(nullptr))), 60);
  EXPECT_EQ(rq.header("webhook-signature"),
            alerts::sign(k_secret, rq.header("webhook-id"), ts, rq.body));
  const auto body = nlohmann::json::parse(rq.body);
  EXPECT_EQ(body["id"], rq.header("webhook-id"));
  EXPECT_EQ(body["event"], "contradiction");
  EXPECT_EQ(body["subject"], "Belarus");
  EXPECT_TRUE(body["claim"]["article"].contains("url"));
  EXPECT_EQ(body["prior"].size(), 1u);
  EXPECT_EQ(alert()["status"], "delivered");
}

TEST_F(DeliveryTest, ServerErrorThenSuccessIsDeliveredOnceWithTheSameId) {
  HttpServer receiver;
  std::atomic<int> calls{0};
  receiver.route("/hook", [&](const HttpRequest&) {
    HttpResponse r;
    r.status = calls++ == 0 ? 500 : 200;
    return r;
  });
  configure({{"desk", receiver.url("/hook")}});
  ASSERT_EQ(once("20s").status, 0);
  const auto got = receiver.requests();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].header("webhook-id"), got[1].header("webhook-id"));
  EXPECT_EQ(got[0].body, got[1].body);
  const auto a = alert();
  EXPECT_EQ(a["status"], "delivered");
  EXPECT_EQ(a["attempts"], 2);
  // A restart delivers nothing twice.
  ASSERT_EQ(once("2s").status, 0);
  EXPECT_EQ(receiver.requests().size(), 2u);
}

TEST_F(DeliveryTest, ReceiverDownThenUpIsDeliveredOnce) {
  int port = 0;
  {
    HttpServer probe;  // find a free port, then leave it closed
    port = probe.port();
  }
  configure({{"desk", "http://127.0.0.1:" + std::to_string(port) + "/hook"}});
  ASSERT_EQ(once("1s").status, 0);
  EXPECT_EQ(alert()["status"], "pending");
  HttpServer receiver(port);
  receiver.route("/hook", answer(200));
  ASSERT_EQ(once("20s").status, 0);
  EXPECT_EQ(receiver.requests().size(), 1u);
  EXPECT_EQ(alert()["status"], "delivered");
  ASSERT_EQ(once("2s").status, 0);
  EXPECT_EQ(receiver.requests().size(), 1u);
}

TEST_F(DeliveryTest, OneFailingWebhookDoesNotHoldBackTheOther) {
  HttpServer good, bad;
  good.route("/hook", answer(200));
  bad.route("/hook", answer(503, {{"Retry-After", "1"}}));
  configure({{"bad", bad.url("/hook")}, {"good", good.url("/hook")}});
  ASSERT_EQ(once("4s").status, 0);
  EXPECT_EQ(good.requests().size(), 1u);
  EXPECT_GE(bad.requests().size(), 2u);  // retried, honouring Retry-After
  EXPECT_EQ(alert()["status"], "pending");
}

TEST_F(DeliveryTest, FailedAlertCanBeQueuedAgain) {
  int port = 0;
  {
    HttpServer probe;
    port = probe.port();
  }
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/hook";
  configure({{"desk", url}});
  ASSERT_EQ(once("1s").status, 0);
  // The webhook leaves the config: its pending delivery can only fail.
  configure({});
  ASSERT_EQ(once("5s").status, 0);  // waits for the retry, which finds no webhook
  const auto failed = alert();
  EXPECT_EQ(failed["status"], "failed");
  configure({{"desk", url}});
  HttpServer receiver(port);
  receiver.route("/hook", answer(200));
  const auto nw = test::binary().string();
  const auto conf = (dir / "nw.toml").string();
  const auto retry = test::run_command(nw + " alerts --retry " +
                                       std::to_string(failed["id"].get<int>()) + " -c " + conf);
  ASSERT_EQ(retry.status, 0) << retry.err;
  ASSERT_EQ(once("5s").status, 0);
  EXPECT_EQ(receiver.requests().size(), 1u);
  EXPECT_EQ(alert()["status"], "delivered");
  EXPECT_EQ(test::run_command(nw + " alerts --retry 999 -c " + conf).status, 1);
}

}  // namespace
}  // namespace nw
