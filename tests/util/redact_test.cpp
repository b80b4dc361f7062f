// Credentials in URLs never reach the log.
#include <gtest/gtest.h>

#include "util/text.hpp"

namespace nw {
namespace {

TEST(RedactUrl, HidesUserinfoAndSecretQueryValues) {
  EXPECT_EQ(redact_url("https://user:pw@example.org/feed.xml"), "https://***@example.org/feed.xml");
  EXPECT_EQ(redact_url("https://example.org/rss?token=abc&page=2&api_key=k#top"),
            "https://example.org/rss?token=***&page=2&api_key=***#top");
  EXPECT_EQ(redact_url("https://example.org/a@b?q=1"), "https://example.org/a@b?q=1");
  EXPECT_EQ(redact_url("file:///srv/feeds/a.xml"), "file:///srv/feeds/a.xml");
  EXPECT_EQ(redact_url("https://example.org/?Signature=x&Password=y"),
            "https://example.org/?Signature=***&Password=***");
}

}  // namespace
}  // namespace nw
