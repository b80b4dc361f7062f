#include "alerts/webhook.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace nw::alerts {
namespace {

// The reference vector published with the Standard Webhooks specification.
TEST(WebhookSignatureTest, MatchesTheStandardWebhooksTestVector) {
  EXPECT_EQ(sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                 1614265330, R"({"test": 2432232314})"),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(WebhookSignatureTest, AnyChangeToIdTimestampOrBodyChangesTheSignature) {
  const std::string s = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const auto base = sign(s, "msg_1", 100, "{}");
  EXPECT_NE(sign(s, "msg_2", 100, "{}"), base);
  EXPECT_NE(sign(s, "msg_1", 101, "{}"), base);
  EXPECT_NE(sign(s, "msg_1", 100, "{ }"), base);
  EXPECT_NE(sign("whsec_c2VjcmV0", "msg_1", 100, "{}"), base);
}

TEST(WebhookSignatureTest, SecretWithoutPrefixIsUsedAsRawBytes) {
  EXPECT_EQ(secret_key("plain-secret"), "plain-secret");
  EXPECT_EQ(secret_key("whsec_c2VjcmV0"), "secret");
}

TEST(Base64Test, RoundTripsEveryLength) {
  std::string bytes;
  for (int i = 0; i < 40; ++i) {
    EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes) << i;
    bytes.push_back(static_cast<char>(i * 37));
  }
  EXPECT_EQ(base64_encode("hello"), "aGVsbG8=");
  EXPECT_EQ(base64_decode("not base64!"), "");
}

TEST(WebhookHeadersTest, CarryIdTimestampAndSignature) {
  const auto h = webhook_headers("whsec_c2VjcmV0", "msg_9", 1700000000, "{}");
  ASSERT_EQ(h.size(), 4u);
  EXPECT_EQ(h[0], "Content-Type: application/json");
  EXPECT_EQ(h[1], "webhook-id: msg_9");
  EXPECT_EQ(h[2], "webhook-timestamp: 1700000000");
  EXPECT_EQ(h[3], "webhook-signature: " + sign("whsec_c2VjcmV0", "msg_9", 1700000000, "{}"));
}

TEST(SlackFormatTest, NamesBothFiguresAndQuotes) {
  const std::string body = R"({"id":"msg_1","subject":"Belarus","metric":"killed","unit":"people",
    "claim":{"value":182,"qualifier":"exact","source":"Hajun","quote":"182 were killed.",
             "article":{"feed":"wire"}},
    "prior":[{"value":96,"qualifier":"at_least","source":null,"quote":"at least 96 died.",
              "article":{"feed":"monitor"}}]})";
  const auto j = nlohmann::json::parse(format_body("slack", body));
  const std::string text = j["text"];
  EXPECT_NE(text.find("Belarus"), std::string::npos);
  EXPECT_NE(text.find("182"), std::string::npos);
  EXPECT_NE(text.find("96 (at_least)"), std::string::npos);
  ASSERT_TRUE(j["blocks"].is_array());
  EXPECT_NE(j["blocks"].dump().find("at least 96 died."), std::string::npos);
  EXPECT_EQ(format_body("json", body), body);
}

TEST(SlackFormatTest, SaysInOneLineWhatHappenedAndLinksTheLedger) {
  const std::string body = R"({"id":"msg_2","event":"contradiction","subject":"foreign",
    "metric":"killed","unit":"people","origins":1,
    "reconciled":{"low":550.0,"best":1975.0,"high":3400.0,"origins":2,"disputed":true},
    "ledger":"https://ledger.example/group/foreign-killed-people.html",
    "claim":{"value":3400.0,"qualifier":"nearly","origin":"Mediazona","quote":"q",
             "article":{"feed":"wire"}},
    "prior":[{"value":550.0,"qualifier":"more_than","origin":"Ministry","quote":"p",
              "article":{"feed":"monitor"}}]})";
  const std::string text = nlohmann::json::parse(format_body("slack", body))["text"];
  EXPECT_EQ(text,
            "Contradiction: foreign killed 3400 (nearly) from Mediazona contradicts 550 "
            "(more_than) from Ministry; best 1975 (550–3400, 2 origins, disputed) "
            "<https://ledger.example/group/foreign-killed-people.html|ledger>");
  EXPECT_EQ(text.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace nw::alerts
