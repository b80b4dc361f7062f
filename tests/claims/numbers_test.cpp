#include <gtest/gtest.h>

#include "claims/numbers.hpp"
#include "claims/text.hpp"
#include "claims_test_support.hpp"

namespace nw::claims {
namespace {

struct NumberCase {
  const char* text;
  double value;
  std::optional<double> low;
  std::optional<double> high;
  const char* qualifier;
  std::optional<std::string> currency;
};

class NumberTest : public ::testing::TestWithParam<NumberCase> {};

TEST_P(NumberTest, ParsesFigure) {
  static const NumberLexicon lex = NumberLexicon::from_pack(test::recruitment_pack());
  const NumberCase& c = GetParam();
  const auto figs = find_figures(tokenize(c.text), lex);
  ASSERT_EQ(figs.size(), 1u) << c.text;
  EXPECT_DOUBLE_EQ(figs[0].value, c.value) << c.text;
  EXPECT_EQ(figs[0].low, c.low) << c.text;
  EXPECT_EQ(figs[0].high, c.high) << c.text;
  EXPECT_EQ(figs[0].qualifier, c.qualifier) << c.text;
  EXPECT_EQ(figs[0].currency, c.currency) << c.text;
}

const std::nullopt_t none = std::nullopt;

INSTANTIATE_TEST_SUITE_P(
    Figures, NumberTest,
    ::testing::Values(
        NumberCase{"1,031", 1031, 1031, 1031, "exact", none},
        NumberCase{"1 031", 1031, 1031, 1031, "exact", none},
        NumberCase{"1\xC2\xA0"
                   "031",
                   1031, 1031, 1031, "exact", none},
        NumberCase{"1.031", 1031, 1031, 1031, "exact", none},
        NumberCase{"1.5 million", 1500000, 1500000, 1500000, "exact", none},
        NumberCase{"3 million RUB", 3000000, 3000000, 3000000, "exact", std::string("RUB")},
        NumberCase{"nine", 9, 9, 9, "exact", none},
        NumberCase{"Sixteen", 16, 16, 16, "exact", none},
        NumberCase{"twenty-five", 25, 25, 25, "exact", none},
        NumberCase{"two dozen", 24, 24, 24, "exact", none},
        NumberCase{"a hundred", 100, 100, 100, "exact", none},
        NumberCase{"one hundred and fifty", 150, 150, 150, "exact", none},
        NumberCase{"dozens of", 24, 24, 99, "vague", none},
        NumberCase{"hundreds of", 200, 200, 999, "vague", none},
        NumberCase{"tens of thousands of dollars", 20000, 20000, 99999, "vague",
                   std::string("USD")},
        NumberCase{"$50,000", 50000, 50000, 50000, "exact", std::string("USD")},
        NumberCase{"more than \xE2\x82\xAC"
                   "31,000",
                   31000, 31000, none, "more_than", std::string("EUR")},
        NumberCase{"2 million rubles", 2000000, 2000000, 2000000, "exact", std::string("RUB")},
        NumberCase{"between 500 and 600", 500, 500, 600, "range", none},
        NumberCase{"150 to 200", 150, 150, 200, "range", none},
        NumberCase{"14,000\xE2\x80\x93"
                   "15,000",
                   14000, 14000, 15000, "range", none},
        NumberCase{"nearly 600", 600, none, 600, "nearly", none},
        NumberCase{"almost 3,400", 3400, none, 3400, "nearly", none},
        NumberCase{"about 290,000", 290000, 261000, 319000, "approx", none},
        NumberCase{"approximately $50,000", 50000, 45000, 55000, "approx", std::string("USD")},
        NumberCase{"at least 96", 96, 96, none, "at_least", none},
        NumberCase{"no fewer than 40", 40, 40, none, "at_least", none},
        NumberCase{"more than 550", 550, 550, none, "more_than", none},
        NumberCase{"over 18,000", 18000, 18000, none, "more_than", none},
        NumberCase{"exceeding 400,000", 400000, 400000, none, "more_than", none},
        NumberCase{"up to 7,000", 7000, none, 7000, "at_most", none}));

TEST(ParseDigits, SeparatorsAndDecimals) {
  EXPECT_EQ(parse_digits("1,031", true), 1031);
  EXPECT_EQ(parse_digits("1.031", true), 1031);
  EXPECT_EQ(parse_digits("1.031", false), 1.031);
  EXPECT_EQ(parse_digits("1.5", true), 1.5);
  EXPECT_EQ(parse_digits("1,5", true), 1.5);
  EXPECT_EQ(parse_digits("1,234,567", true), 1234567);
  EXPECT_EQ(parse_digits("1,234.5", true), 1234.5);
  EXPECT_EQ(parse_digits("1.234,5", true), 1234.5);
  EXPECT_FALSE(parse_digits("1,23,4", true));
}

// "ё" reads as "е" in words and in fold_case, so a pack word written either
// way finds the other in the text; offsets still point into the text as written.
TEST(Tokenize, FoldsYoToYe) {
  const std::string text = "Ещё развёрнуто";
  const auto t = tokenize(text);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].lower, "еще");
  EXPECT_EQ(t[1].lower, "развернуто");
  EXPECT_EQ(text.substr(t[1].start, t[1].end - t[1].start), "развёрнуто");
  EXPECT_EQ(fold_case("ТРЁХ"), "трех");
}

}  // namespace
}  // namespace nw::claims
