#include "fetchers/fetcher.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include <ctime>

#include <sys/resource.h>

#include <boost/asio/io_context.hpp>

#include "support/http_server.hpp"
#include "support/test_paths.hpp"

namespace nw::fetchers {
namespace {

using test::HttpRequest;
using test::HttpResponse;
using test::HttpServer;

class FetcherTest : public ::testing::Test {
 protected:
  // Runs the requests to completion on a fresh loop and returns their results in order.
  std::vector<FetchResult> fetch_all(std::vector<FetchRequest> requests,
                                     FetcherSettings settings = {"newswatch-test/1", 8, 2}) {
    boost::asio::io_context io;
    auto fetcher = make_fetcher(io, settings);
    std::vector<FetchResult> results(requests.size());
    for (std::size_t i = 0; i < requests.size(); ++i) {
      fetcher->fetch(requests[i], [&results, i](FetchResult r) { results[i] = std::move(r); });
    }
    io.run();
    EXPECT_EQ(fetcher->in_flight(), 0u);
    return results;
  }

  FetchResult fetch_one(FetchRequest rq) { return fetch_all({std::move(rq)}).at(0); }

  FetchRequest get(const std::string& path) {
    FetchRequest rq;
    rq.url = server.url(path);
    rq.timeout = std::chrono::seconds(5);
    return rq;
  }

  HttpServer server;
};

TEST_F(FetcherTest, GetsABodyWithItsValidatorsAndSendsTheUserAgent) {
  server.route("/feed", 200, "<rss/>",
               {{"ETag", "\"abc\""},
                {"Last-Modified", "Mon, 03 Nov 2025 10:00:00 GMT"},
                {"Content-Type", "application/rss+xml; charset=utf-8"}});
  const auto r = fetch_one(get("/feed"));
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<rss/>");
  EXPECT_EQ(r.etag, "\"abc\"");
  EXPECT_EQ(r.last_modified, "Mon, 03 Nov 2025 10:00:00 GMT");
  EXPECT_EQ(r.content_type, "application/rss+xml; charset=utf-8");
  EXPECT_EQ(server.requests().at(0).header("user-agent"), "newswatch-test/1");
}

TEST_F(FetcherTest, ConditionalGetAnswered304IsNotModified) {
  server.route("/feed", [](const HttpRequest& rq) {
    HttpResponse r;
    if (rq.header("if-none-match") == "\"abc\"" &&
        rq.header("if-modified-since") == "Mon, 03 Nov 2025 10:00:00 GMT") {
      r.status = 304;
    } else {
      r.body = "<rss/>";
    }
    return r;
  });
  auto rq = get("/feed");
  rq.etag = "\"abc\"";
  rq.last_modified = "Mon, 03 Nov 2025 10:00:00 GMT";
  const auto r = fetch_one(rq);
  EXPECT_TRUE(r.not_modified());
  EXPECT_TRUE(r.body.empty());
}

TEST_F(FetcherTest, ServerErrorIsAnHttpStatusFailure) {
  server.route("/broken", 500, "oops");
  const auto r = fetch_one(get("/broken"));
  EXPECT_EQ(r.error, FetchError::http_status);
  EXPECT_EQ(r.status, 500);
}

TEST_F(FetcherTest, TooManyRequestsCarriesRetryAfter) {
  server.route("/busy", 429, "", {{"Retry-After", "120"}});
  const auto r = fetch_one(get("/busy"));
  EXPECT_EQ(r.status, 429);
  ASSERT_TRUE(r.retry_after);
  EXPECT_EQ(r.retry_after->count(), 120);
}

TEST_F(FetcherTest, BodyOverMaxBodyIsRefused) {
  server.route("/big", 200, std::string(100'000, 'x'));
  auto rq = get("/big");
  rq.max_body = 10'000;
  const auto r = fetch_one(rq);
  EXPECT_EQ(r.error, FetchError::too_large);
  EXPECT_TRUE(r.body.empty());
}

TEST_F(FetcherTest, EndlessBodyStopsAtMaxBody) {
  server.route("/endless", [](const HttpRequest&) {
    HttpResponse r;
    r.endless = true;
    r.body = std::string(4096, 'y');
    return r;
  });
  auto rq = get("/endless");
  rq.max_body = 1'000'000;
  const auto r = fetch_one(rq);
  EXPECT_EQ(r.error, FetchError::too_large);
}

TEST_F(FetcherTest, RedirectLoopIsDetected) {
  server.route("/a", 302, "", {{"Location", "/b"}});
  server.route("/b", 302, "", {{"Location", "/a"}});
  const auto r = fetch_one(get("/a"));
  EXPECT_EQ(r.error, FetchError::redirects);
}

TEST_F(FetcherTest, RedirectIsFollowedAndTheFinalUrlReported) {
  server.route("/old", 301, "", {{"Location", "/new"}});
  server.route("/new", 200, "moved");
  const auto r = fetch_one(get("/old"));
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(r.body, "moved");
  EXPECT_EQ(r.effective_url, server.url("/new"));
}

TEST_F(FetcherTest, DroppedConnectionIsANetworkError) {
  server.route("/drop", [](const HttpRequest&) {
    HttpResponse r;
    r.drop = true;
    return r;
  });
  const auto r = fetch_one(get("/drop"));
  EXPECT_EQ(r.error, FetchError::network);
}

TEST_F(FetcherTest, SlowServerTimesOut) {
  server.route("/slow", [](const HttpRequest&) {
    HttpResponse r;
    r.delay = std::chrono::milliseconds(3000);
    r.body = "late";
    return r;
  });
  auto rq = get("/slow");
  rq.timeout = std::chrono::seconds(1);
  const auto r = fetch_one(rq);
  EXPECT_EQ(r.error, FetchError::timeout);
}

TEST_F(FetcherTest, RefusedConnectionIsAConnectError) {
  FetchRequest rq;
  {
    HttpServer gone;
    rq.url = gone.url("/x");
  }
  rq.timeout = std::chrono::seconds(5);
  EXPECT_EQ(fetch_one(rq).error, FetchError::connect);
}

TEST_F(FetcherTest, ManyRequestsBeyondTheConnectionLimitAreQueuedNotRefused) {
  server.route("/f", [](const HttpRequest& rq) {
    HttpResponse r;
    r.delay = std::chrono::milliseconds(20);
    r.body = rq.target;
    return r;
  });
  std::vector<FetchRequest> rqs;
  for (int i = 0; i < 40; ++i) {
    auto rq = get("/f?n=" + std::to_string(i));
    rqs.push_back(rq);
  }
  const auto results = fetch_all(rqs, {"t", 4, 2});
  for (int i = 0; i < 40; ++i) {
    ASSERT_TRUE(results[i].ok()) << i << ": " << results[i].message;
    EXPECT_EQ(results[i].body, "/f?n=" + std::to_string(i));
  }
}

TEST_F(FetcherTest, PerHostLimitHoldsWhileOtherHostsProceed) {
  std::atomic<int> active{0}, peak{0}, slow_done{0}, slow_done_when_fast{-1};
  server.route("/slow", [&](const HttpRequest&) {
    const int now = ++active;
    int seen = peak.load();
    while (now > seen && !peak.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
    --active;
    ++slow_done;
    HttpResponse r;
    r.body = "ok";
    return r;
  });
  HttpServer other;
  other.route("/fast", [&](const HttpRequest&) {
    slow_done_when_fast = slow_done.load();
    HttpResponse r;
    r.body = "fast";
    return r;
  });
  std::vector<FetchRequest> rqs;
  for (int i = 0; i < 20; ++i) rqs.push_back(get("/slow?n=" + std::to_string(i)));
  FetchRequest fast;
  fast.url = other.url("/fast");
  fast.timeout = std::chrono::seconds(5);
  rqs.push_back(fast);
  const auto results = fetch_all(rqs, {"t", 8, 2});
  for (const auto& r : results) ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_LE(peak.load(), 2);  // per_host = 2, though 8 connections were allowed
  // The other host was not stuck behind the first one's queue.
  EXPECT_LT(slow_done_when_fast.load(), 10);
}

TEST_F(FetcherTest, PostSendsBodyAndHeaders) {
  server.route("/hook", 204, "");
  auto rq = get("/hook");
  rq.method = "POST";
  rq.body = R"({"a":1})";
  rq.headers = {"Content-Type: application/json", "webhook-id: msg_1"};
  const auto r = fetch_one(rq);
  ASSERT_TRUE(r.ok()) << r.message;
  const auto seen = server.requests().at(0);
  EXPECT_EQ(seen.method, "POST");
  EXPECT_EQ(seen.body, R"({"a":1})");
  EXPECT_EQ(seen.header("webhook-id"), "msg_1");
}

TEST_F(FetcherTest, FileUrlsAreReadAndBounded) {
  test::TempDir dir;
  test::write_file(dir / "f.xml", "<rss/>");
  FetchRequest rq;
  rq.url = "file://" + (dir / "f.xml").string();
  auto r = fetch_one(rq);
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(r.body, "<rss/>");
  rq.max_body = 3;
  EXPECT_EQ(fetch_one(rq).error, FetchError::too_large);
  rq.url = "file://" + (dir / "missing.xml").string();
  EXPECT_EQ(fetch_one(rq).error, FetchError::file);
}

TEST_F(FetcherTest, GzipBodyIsInflated) {
  const std::string feed = "<rss>" + std::string(5000, 'a') + "</rss>";
  server.route("/gz", [&](const HttpRequest& rq) {
    HttpResponse r;
    if (rq.header("accept-encoding").find("gzip") != std::string::npos) {
      r.body = test::gzip(feed);
      r.headers = {{"Content-Encoding", "gzip"}};
    } else {
      r.body = feed;
    }
    return r;
  });
  const auto r = fetch_one(get("/gz"));
  ASSERT_TRUE(r.ok()) << r.message;
  EXPECT_EQ(r.body, feed);
  EXPECT_NE(server.requests().at(0).header("accept-encoding").find("gzip"), std::string::npos);
}

long peak_rss_kb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

TEST_F(FetcherTest, GzipBombStopsAtMaxBodyWithoutInflatingInMemory) {
  const std::string bomb = test::gzip_zeros(100u << 20);  // 100 MB of zeros
  ASSERT_LT(bomb.size(), 200'000u);
  server.route("/bomb", 200, bomb, {{"Content-Encoding", "gzip"}});
  auto rq = get("/bomb");
  rq.max_body = 1 << 20;
  const long before = peak_rss_kb();
  const auto r = fetch_one(rq);
  EXPECT_EQ(r.error, FetchError::too_large);
  EXPECT_TRUE(r.body.empty());
  EXPECT_LT(peak_rss_kb() - before, 16 * 1024) << "peak RSS grew by more than 16 MB";
}

TEST_F(FetcherTest, AByteASecondIsEndedByTheLowSpeedLimit) {
  server.route("/trickle", [](const HttpRequest&) {
    HttpResponse r;
    r.body = std::string(100, 'z');
    r.trickle_bytes_per_second = 1;
    return r;
  });
  auto rq = get("/trickle");
  rq.timeout = std::chrono::seconds(30);
  rq.low_speed_limit = 64;
  rq.low_speed_time = std::chrono::seconds(2);
  const auto started = std::chrono::steady_clock::now();
  const auto r = fetch_one(rq);
  EXPECT_EQ(r.error, FetchError::timeout) << r.message;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

TEST_F(FetcherTest, PermanentRedirectsAreReportedTemporaryOnesAreNot) {
  server.route("/old", 301, "", {{"Location", "/older"}});
  server.route("/older", 308, "", {{"Location", "/new"}});
  server.route("/new", 200, "moved");
  server.route("/tmp", 302, "", {{"Location", "/new"}});
  server.route("/mixed", 301, "", {{"Location", "/tmp"}});
  server.route("/gone", 301, "", {{"Location", "/broken"}});
  server.route("/broken", 500, "");
  const auto r = fetch_all({get("/old"), get("/tmp"), get("/mixed"), get("/new"), get("/gone")});
  ASSERT_TRUE(r[0].ok()) << r[0].message;
  EXPECT_EQ(r[0].permanent_redirect_url, server.url("/new"));
  EXPECT_EQ(r[1].permanent_redirect_url, "");
  // Only the leading permanent hops count: /mixed moved to /tmp, which redirects for now.
  EXPECT_EQ(r[2].permanent_redirect_url, server.url("/tmp"));
  EXPECT_EQ(r[3].permanent_redirect_url, "");
  EXPECT_EQ(r[4].error, FetchError::http_status);
  EXPECT_EQ(r[4].permanent_redirect_url, "");
}

TEST_F(FetcherTest, TooManyRequestsWithAnHttpDate) {
  const std::time_t later = std::time(nullptr) + 3600;
  char date[64];
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S GMT", std::gmtime(&later));
  server.route("/busy", 503, "", {{"Retry-After", date}});
  const auto r = fetch_one(get("/busy"));
  EXPECT_EQ(r.error, FetchError::http_status);
  EXPECT_EQ(r.status, 503);
  ASSERT_TRUE(r.retry_after);
  EXPECT_NEAR(static_cast<double>(r.retry_after->count()), 3600, 5);
}

TEST_F(FetcherTest, ConnectionResetMidBodyIsANetworkError) {
  server.route("/reset", [](const HttpRequest&) {
    HttpResponse r;
    r.body = std::string(10000, 'r');
    r.reset = true;
    return r;
  });
  const auto r = fetch_one(get("/reset"));
  EXPECT_EQ(r.error, FetchError::network) << r.message;
  EXPECT_TRUE(r.body.empty());
}

TEST(RetryAfterTest, SecondsAndHttpDates) {
  EXPECT_EQ(parse_retry_after("30", 0)->count(), 30);
  // Sun, 06 Nov 1994 08:49:37 GMT is 784111777.
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 - 60)->count(), 60);
  EXPECT_EQ(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784111777 + 60)->count(), 0);
  EXPECT_FALSE(parse_retry_after("soon", 0));
  EXPECT_FALSE(parse_retry_after("-5", 0));
}

}  // namespace
}  // namespace nw::fetchers
