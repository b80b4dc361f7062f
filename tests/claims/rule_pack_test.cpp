#include <gtest/gtest.h>

#include "claims/extractor.hpp"
#include "claims/rule_pack.hpp"
#include "support/test_paths.hpp"

namespace nw::claims {
namespace {

struct PackErrorCase {
  const char* toml;
  const char* expected_prefix;  // "FILE:LINE:COLUMN"
  const char* expected_text;
};

class RulePackErrorTest : public ::testing::TestWithParam<PackErrorCase> {};

TEST_P(RulePackErrorTest, ReportsFileLineColumn) {
  const PackErrorCase& c = GetParam();
  try {
    parse_rule_pack(c.toml, "pack.toml");
    FAIL() << "no error for: " << c.toml;
  } catch (const RulePackError& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind(c.expected_prefix, 0), 0u) << what;
    EXPECT_NE(what.find(c.expected_text), std::string::npos) << what;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Errors, RulePackErrorTest,
    ::testing::Values(
        PackErrorCase{
            "[pack]\nname = \"x\"\n[[metrics]]\nname = \"killed\"\nkeywords = [\"killed\"\n",
            "pack.toml:5:", "end-of-file"},
        PackErrorCase{"[pack]\nnmae = \"x\"\n", "pack.toml:2:1:", "unknown key 'nmae'"},
        PackErrorCase{"[[metrics]]\nname = \"wounded\"\nclaim = \"no\"\nkeywords = [\"wounded\"]\n",
                      "pack.toml:3:", "'claim' must be true or false"},
        PackErrorCase{"[words]\nconjunction = [\"and\"]\n",
                      "pack.toml:2:1:", "unknown key 'conjunction'"},
        PackErrorCase{"[sources]\nnames = [\"I Want to Live\"]\n",
                      "pack.toml:2:", "'names' must be a table"},
        PackErrorCase{"[[metrics]]\nname = \"killed\"\nkeywords = \"killed\"\n",
                      "pack.toml:3:", "array of strings"},
        PackErrorCase{
            "[[metrics]]\nname = \"killed\"\nunit = \"apples\"\nkeywords = [\"killed\"]\n",
            "pack.toml:3:", "'unit' must be"},
        PackErrorCase{"[[metrics]]\nname = \"killed\"\npatterns = ['(unclosed']\n",
                      "pack.toml:3:", "bad pattern"},
        PackErrorCase{"[[metrics]]\nname = \"killed\"\npatterns = ['killed']\n",
                      "pack.toml:3:", "capturing group"},
        PackErrorCase{"[pack]\nname = \"x\"\n", "pack.toml:", "no [[metrics]]"},
        PackErrorCase{"[numbers.vague]\n\"dozens of\" = [24]\n[[metrics]]\nname = \"k\"\nkeywords "
                      "= [\"k\"]\n",
                      "pack.toml:2:", "[low, high]"},
        PackErrorCase{"[[metrics]]\nname = \"captured\"\nkeywords = [\"captured\"]\nreframes = "
                      "\"arested\"\nframe = [\"ukrainian troops\"]\n",
                      "pack.toml:4:", "'reframes' names no metric of this pack: 'arested'"},
        PackErrorCase{"[[metrics]]\nname = \"captured\"\nkeywords = [\"captured\"]\nreframes = "
                      "\"captured\"\n",
                      "pack.toml:", "'reframes' and 'frame' go together"},
        PackErrorCase{
            "[[metrics]]\nname = \"recruited\"\nkeywords = [\"recruited\"]\narrivals_from "
            "= \"servng\"\narrivals = [\"sent\"]\n",
            "pack.toml:4:", "'arrivals_from' names no metric of this pack: 'servng'"},
        PackErrorCase{"[[metrics]]\nname = \"recruited\"\nkeywords = [\"recruited\"]\narrivals = "
                      "[\"sent\"]\n",
                      "pack.toml:", "'arrivals_from' and 'arrivals' go together"},
        PackErrorCase{"[[metrics]]\nname = \"mobilized\"\nkeywords = [\"drafted\"]\nothers_as = "
                      "\"recruted\"\n",
                      "pack.toml:4:", "'others_as' names no metric of this pack: 'recruted'"},
        PackErrorCase{"[[metrics]]\nname = \"serving\"\nkeywords = [\"serving\"]\nreframes = "
                      "\"serving\"\nframe = [\"seeking\"]\nframe_before = \"yes\"\n",
                      "pack.toml:6:", "'frame_before'"},
        PackErrorCase{"[[metrics]]\nname = \"serving\"\nkeywords = [\"serving\"]\nnouns = "
                      "\"troops\"\n",
                      "pack.toml:4:", "array of strings"}));

TEST(RulePack, BuiltInPackLoads) {
  EXPECT_NO_THROW(Extractor::load({"recruitment"}));
}

TEST(RulePack, MissingFileNamesIt) {
  try {
    Extractor::load({"no-such-pack.toml"}, "/nonexistent");
    FAIL();
  } catch (const RulePackError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/no-such-pack.toml:1:1:"), std::string::npos)
        << e.what();
  }
}

TEST(RulePack, UserPackForAnotherDomain) {
  // a flood pack: no recompiling, its own subjects and metric words
  nw::test::TempDir dir;
  nw::test::write_file(dir / "floods.toml", R"(
[pack]
name = "floods"
language = "en"
[numbers]
words = { two = 2 }
[words]
people = ["residents", "people"]
[[subjects]]
name = "Valencia"
names = ["Valencia"]
[[metrics]]
name = "evacuated"
keywords = ["evacuated"]
[[metrics]]
name = "homes_flooded"
unit = "people"
patterns = ['(?i)(homes) (?:were )?flooded']
)");
  const Extractor ex = Extractor::load({"floods.toml"}, dir.path());
  const auto claims = ex.extract("In Valencia, 2,300 residents were evacuated on Tuesday.");
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].subject, "Valencia");
  EXPECT_EQ(claims[0].metric, "evacuated");
  EXPECT_EQ(claims[0].value, 2300);
}

}  // namespace
}  // namespace nw::claims
