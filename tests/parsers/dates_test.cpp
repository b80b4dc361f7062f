// Feed date parsing: a table of the forms the wild writes, and feedparser's vectors when ../shared
// exists.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

#include "parsers/dates.hpp"
#include "support/test_paths.hpp"

namespace nw::parsers {
namespace {

struct DateCase {
  const char* input;
  const char* expected;  // ISO 8601 UTC, or nullptr: must be rejected
};

void PrintTo(const DateCase& c, std::ostream* os) {
  *os << '"' << c.input << '"';
}

class ParseDates : public ::testing::TestWithParam<DateCase> {};

TEST_P(ParseDates, ToUtc) {
  const DateCase& c = GetParam();
  const auto got = parse_date(c.input);
  if (c.expected == nullptr) {
    EXPECT_FALSE(got.has_value()) << c.input << " gave " << format_iso8601(*got);
  } else {
    ASSERT_TRUE(got.has_value()) << c.input;
    EXPECT_EQ(format_iso8601(*got), c.expected) << c.input;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseDates,
    ::testing::Values(DateCase{"Tue, 06 Jan 2026 09:30:00 +0100", "2026-01-06T08:30:00Z"},
                      DateCase{"Tue, 06 Jan 2026 09:30:00 GMT", "2026-01-06T09:30:00Z"},
                      DateCase{"Tue, 6 Jan 2026 09:30 EST", "2026-01-06T14:30:00Z"},
                      DateCase{"06 Jan 2026 09:30:00 MSK", "2026-01-06T06:30:00Z"},
                      DateCase{"Tue, 06 Jan 26 09:30:00 PDT", "2026-01-06T16:30:00Z"},
                      DateCase{"Tuesday, 06 January 2026 09:30:00 CEST", "2026-01-06T07:30:00Z"},
                      DateCase{"Tue, 06 Jan 2026 09:30:00 +01:00", "2026-01-06T08:30:00Z"},
                      DateCase{"Tue, 06 Jan 2026 09:30:00 Z", "2026-01-06T09:30:00Z"},
                      DateCase{"Tue Jan  6 09:30:00 2026", "2026-01-06T09:30:00Z"},
                      DateCase{"2026-01-06T09:30:00Z", "2026-01-06T09:30:00Z"},
                      DateCase{"2026-01-06T09:30:00.123+03:00", "2026-01-06T06:30:00Z"},
                      DateCase{"2026-01-06 09:30:00", "2026-01-06T09:30:00Z"},
                      DateCase{"2026-01-06T09:30+0530", "2026-01-06T04:00:00Z"},
                      DateCase{"2026-01-06", "2026-01-06T00:00:00Z"},
                      DateCase{"20260106", "2026-01-06T00:00:00Z"},
                      DateCase{"2026-006", "2026-01-06T00:00:00Z"},
                      DateCase{"2026/01/06 09:30:00 EDT", "2026-01-06T13:30:00Z"},
                      DateCase{"2024-02-29T23:00:00-02:00", "2024-03-01T01:00:00Z"},
                      DateCase{"", nullptr}, DateCase{"yesterday", nullptr},
                      DateCase{"2026-02-30", nullptr},
                      DateCase{"Tue, 32 Jan 2026 09:30:00 GMT", nullptr},
                      DateCase{"2026-01-06T25:00:00Z", nullptr},
                      DateCase{"Tue, 06 Foo 2026 09:30:00 GMT", nullptr},
                      DateCase{"2026-01-06T09:30:00+99:00", nullptr}));

// feedparser's own date vectors; either its format-specific answer or its general one.
TEST(ParseDatesShared, FeedparserVectors) {
  const auto shared = test::shared_dir();
  if (!shared) GTEST_SKIP() << "../shared is absent: feedparser date vectors not run";
  std::ifstream in(*shared / "corpus" / "feedparser" / "dates.jsonl");
  ASSERT_TRUE(in) << "dates.jsonl missing";
  int total = 0, passed = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto rec = nlohmann::json::parse(line);
    const auto got = parse_date(rec["input"].get<std::string>());
    const std::string got_s = got ? format_iso8601(*got) : "null";
    const std::string want = rec["expect"].is_null() ? "null" : rec["expect"].get<std::string>();
    std::string any = want;
    if (rec.contains("feedparser_6.0.10_any_format"))
      any = rec["feedparser_6.0.10_any_format"].is_null()
                ? "null"
                : rec["feedparser_6.0.10_any_format"].get<std::string>();
    ++total;
    if (got_s == want || got_s == any)
      ++passed;
    else
      ADD_FAILURE() << rec["input"].get<std::string>() << ": want " << want << " got " << got_s;
  }
  std::printf("feedparser date vectors: %d/%d\n", passed, total);
}

}  // namespace
}  // namespace nw::parsers
