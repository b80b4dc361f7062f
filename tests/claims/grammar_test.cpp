// The phrase grammar's regression fixtures (tests/data/claims_grammar/LANG.jsonl):
// short texts in our own words, one per construction that failed on unseen
// articles (issue 20), each with exactly the claims it holds.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "claims_test_support.hpp"
#include "support/test_paths.hpp"

namespace nw::claims {
namespace {

bool value_matches(const nlohmann::json& want, const Claim& c) {
  const double v = want.at("value").get<double>();
  return std::abs(c.value - v) <= 0.01 * std::max(std::abs(v), 1.0);
}

// Fields a fixture checks beyond subject, metric and value, when it gives them.
bool details_match(const nlohmann::json& want, const Claim& c) {
  auto text_field = [&](const char* key, const std::optional<std::string>& got) {
    if (!want.contains(key)) return true;
    if (want[key].is_null()) return !got.has_value();
    return got && *got == want[key].get<std::string>();
  };
  if (want.contains("qualifier") && want["qualifier"] != c.qualifier) return false;
  return text_field("unit", c.unit) && text_field("period", c.period) &&
         text_field("source", c.source);
}

std::string describe(const Claim& c) {
  std::ostringstream o;
  o << c.subject << "/" << c.metric << "=" << c.value << " " << c.qualifier
    << " unit=" << c.unit.value_or("null") << " period=" << c.period.value_or("null")
    << " source=" << c.source.value_or("null");
  return o.str();
}

// Checks one fixture; returns what went wrong, empty when it passes.
std::string check(const nlohmann::json& fixture, const std::string& language) {
  DocContext ctx;
  ctx.language = language;
  const auto claims = test::recruitment().extract(fixture.at("text").get<std::string>(), ctx);
  const auto& want = fixture.at("expect");
  std::vector<bool> used(claims.size());
  std::string problems;
  for (const auto& w : want) {
    bool found = false;
    for (std::size_t i = 0; i < claims.size() && !found; ++i) {
      if (used[i] || claims[i].subject != w.at("subject") || claims[i].metric != w.at("metric") ||
          !value_matches(w, claims[i]))
        continue;
      used[i] = true;
      found = true;
      if (!details_match(w, claims[i]))
        problems += "  wrong details: got " + describe(claims[i]) + ", want " + w.dump() + "\n";
    }
    if (!found) problems += "  missed " + w.dump() + "\n";
  }
  for (std::size_t i = 0; i < claims.size(); ++i)
    if (!used[i]) problems += "  extra " + describe(claims[i]) + "\n";
  return problems;
}

class GrammarFixtures : public ::testing::TestWithParam<std::string> {};

TEST_P(GrammarFixtures, EveryConstructionReadsAsAnnotated) {
  const std::string language = GetParam();
  const auto path = nw::test::data_dir() / "claims_grammar" / (language + ".jsonl");
  std::ifstream in(path);
  ASSERT_TRUE(in) << "no fixtures at " << path;
  int fixtures = 0, failed = 0;
  std::string report;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const auto fixture = nlohmann::json::parse(line);
    ++fixtures;
    const std::string problems = check(fixture, language);
    if (problems.empty()) continue;
    ++failed;
    report += fixture.at("id").get<std::string>() + ": " + fixture.at("text").get<std::string>() +
              "\n" + problems;
  }
  EXPECT_GE(fixtures, 20) << "too few fixtures in " << path;
  RecordProperty("passed", fixtures - failed);
  RecordProperty("fixtures", fixtures);
  std::cout << language << ": " << fixtures - failed << " of " << fixtures
            << " fixtures read right\n"
            << report;
  EXPECT_EQ(failed, 0) << failed << " of " << fixtures << " fixtures failed:\n" << report;
}

INSTANTIATE_TEST_SUITE_P(Languages, GrammarFixtures, ::testing::Values("en", "ru", "uk", "be"));

}  // namespace
}  // namespace nw::claims
