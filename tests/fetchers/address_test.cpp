// Followed links may reach only public addresses: the check on resolved
// addresses, and the fetcher refusing them at socket open.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <boost/asio/io_context.hpp>

#include "fetchers/address.hpp"
#include "fetchers/fetcher.hpp"
#include "support/http_server.hpp"

namespace nw::fetchers {
namespace {

bool public_address(const std::string& text) {
  sockaddr_storage storage{};
  auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
  if (inet_pton(AF_INET, text.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
  } else if (inet_pton(AF_INET6, text.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
  } else {
    ADD_FAILURE() << "not an address: " << text;
  }
  return is_public_address(reinterpret_cast<const sockaddr*>(&storage));
}

TEST(AddressTest, PrivateLoopbackLinkLocalAndOtherInsideAddressesAreNotPublic) {
  for (const char* inside : {"127.0.0.1",
                             "127.255.0.9",
                             "10.1.2.3",
                             "172.16.0.1",
                             "172.31.255.255",
                             "192.168.1.1",
                             "169.254.169.254",
                             "100.64.0.1",
                             "0.0.0.0",
                             "224.0.0.1",
                             "239.255.255.250",
                             "255.255.255.255",
                             "240.0.0.1",
                             "::",
                             "::1",
                             "fe80::1",
                             "fc00::1",
                             "fd12:3456::1",
                             "ff02::1",
                             "::ffff:127.0.0.1",
                             "::ffff:10.0.0.1",
                             "::ffff:169.254.169.254",
                             "::127.0.0.1",
                             "64:ff9b::a00:1",
                             "2002:c0a8:101::1"}) {
    EXPECT_FALSE(public_address(inside)) << inside;
  }
}

TEST(AddressTest, PublicAddressesArePublic) {
  for (const char* outside :
       {"93.184.216.34", "8.8.8.8", "172.32.0.1", "192.169.0.1", "100.128.0.1",
        "2001:4860:4860::8888", "::ffff:8.8.8.8", "64:ff9b::808:808", "2002:808:808::1"}) {
    EXPECT_TRUE(public_address(outside)) << outside;
  }
}

TEST(AddressTest, AddressTextIsNumeric) {
  sockaddr_in v4{};
  v4.sin_family = AF_INET;
  inet_pton(AF_INET, "127.0.0.1", &v4.sin_addr);
  EXPECT_EQ(address_text(reinterpret_cast<const sockaddr*>(&v4)), "127.0.0.1");
}

class PublicOnlyFetchTest : public ::testing::Test {
 protected:
  std::vector<FetchResult> fetch_all(const std::vector<FetchRequest>& requests) {
    boost::asio::io_context io;
    auto fetcher = make_fetcher(io, {"newswatch-test/1", 8, 2});
    std::vector<FetchResult> results(requests.size());
    // One after the other, on one fetcher: the second may find a pooled connection.
    std::function<void(std::size_t)> next = [&](std::size_t i) {
      if (i == requests.size()) return;
      fetcher->fetch(requests[i], [&, i](FetchResult r) {
        results[i] = std::move(r);
        next(i + 1);
      });
    };
    next(0);
    io.run();
    return results;
  }

  FetchRequest get(const std::string& url, bool public_only) {
    FetchRequest rq;
    rq.url = url;
    rq.timeout = std::chrono::seconds(5);
    rq.public_only = public_only;
    return rq;
  }

  test::HttpServer server;
};

TEST_F(PublicOnlyFetchTest, LoopbackIsRefusedWithAClearErrorAndNoRequestIsSent) {
  server.route("/page", 200, "<html><body><p>inside</p></body></html>");
  const auto results = fetch_all({get(server.url("/page"), true)});
  EXPECT_EQ(results[0].error, FetchError::forbidden_address);
  EXPECT_STREQ(to_string(results[0].error), "forbidden_address");
  EXPECT_NE(results[0].message.find("127.0.0.1"), std::string::npos) << results[0].message;
  EXPECT_EQ(server.count("/page"), 0u);
}

TEST_F(PublicOnlyFetchTest, AHostNameIsJudgedByTheAddressItResolvesTo) {
  server.route("/page", 200, "x");
  const std::string by_name = "http://localhost:" + std::to_string(server.port()) + "/page";
  const auto results = fetch_all({get(by_name, true)});
  EXPECT_EQ(results[0].error, FetchError::forbidden_address) << results[0].message;
  EXPECT_EQ(server.count("/page"), 0u);
}

TEST_F(PublicOnlyFetchTest, AConnectionPooledByAnOrdinaryFetchIsNotReused) {
  server.route("/feed", 200, "<rss/>");
  server.route("/page", 200, "inside");
  const auto results = fetch_all({get(server.url("/feed"), false), get(server.url("/page"), true),
                                  get(server.url("/feed"), false)});
  EXPECT_TRUE(results[0].ok()) << results[0].message;
  EXPECT_EQ(results[1].error, FetchError::forbidden_address);
  EXPECT_TRUE(results[2].ok()) << results[2].message;
  EXPECT_EQ(server.count("/page"), 0u);
}

TEST_F(PublicOnlyFetchTest, OrdinaryFetchesGoAnywherePublicOnlyOnesDoNot) {
  // The operator's URLs may point inside, redirects included. (A redirect from
  // a public host to an inside one meets the same socket-open check as every
  // hop; only 127.0.0.1 is available to tests, so that case is not staged.)
  server.route("/moved", [&](const test::HttpRequest&) {
    test::HttpResponse r;
    r.status = 302;
    r.headers = {{"Location", server.url("/page")}};
    return r;
  });
  server.route("/page", 200, "inside");
  const auto results =
      fetch_all({get(server.url("/moved"), false), get(server.url("/moved"), true)});
  EXPECT_TRUE(results[0].ok()) << results[0].message;
  EXPECT_EQ(results[0].body, "inside");
  EXPECT_EQ(results[1].error, FetchError::forbidden_address);
}

}  // namespace
}  // namespace nw::fetchers
