#include <gtest/gtest.h>

#include <string>

#include "claims/sentences.hpp"

namespace nw::claims {
namespace {

struct SentenceCase {
  const char* text;
  std::vector<std::string> sentences;
};

class SentenceTest : public ::testing::TestWithParam<SentenceCase> {};

TEST_P(SentenceTest, Splits) {
  const SentenceCase& c = GetParam();
  const std::string_view text = c.text;
  std::vector<std::string> got;
  for (const Span& s : split_sentences(text))
    got.emplace_back(text.substr(s.start, s.end - s.start));
  EXPECT_EQ(got, c.sentences) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Boundaries, SentenceTest,
    ::testing::Values(
        SentenceCase{"One. Two.", {"One.", "Two."}},
        SentenceCase{"The U.S. Army said so. Next one.", {"The U.S. Army said so.", "Next one."}},
        SentenceCase{"Dr. Smith met Gen. Jones on Jan. 5. They talked.",
                     {"Dr. Smith met Gen. Jones on Jan. 5.", "They talked."}},
        SentenceCase{"It grew 1.5 times. Then 2.7.", {"It grew 1.5 times.", "Then 2.7."}},
        SentenceCase{"Slidstvo.Info reported it. Fine.", {"Slidstvo.Info reported it.", "Fine."}},
        SentenceCase{"\"We will win.\" He left.", {"\"We will win.\"", "He left."}},
        SentenceCase{"About 600 died.[12] Others fled.", {"About 600 died.[12]", "Others fled."}},
        SentenceCase{"Belarus... is closing its eyes. Yes.",
                     {"Belarus... is closing its eyes.", "Yes."}},
        SentenceCase{"Why? he asked. Because!", {"Why? he asked.", "Because!"}},
        SentenceCase{"J. R. Smith wrote. Done.", {"J. R. Smith wrote.", "Done."}},
        // a dash after an abbreviated scale stands for the verb
        SentenceCase{"Из них 7 тыс. — иностранцы. Дальше.",
                     {"Из них 7 тыс. — иностранцы.", "Дальше."}},
        SentenceCase{"Headline without stop\nBody text here.",
                     {"Headline without stop", "Body text here."}},
        // text wrapped at a width: a line that ends on a joining word, or a
        // next line that starts in lower case, goes on
        SentenceCase{"Volunteers were welcome to fight in\nUkraine. A war\nmonitor said so.",
                     {"Volunteers were welcome to fight in\nUkraine.", "A war\nmonitor said so."}},
        SentenceCase{"Добровольцев отправили на\nфронт. Start reading\nRadio France",
                     {"Добровольцев отправили на\nфронт.", "Start reading", "Radio France"}},
        // a day split from its month by the wrap, then a lost space after it
        SentenceCase{"The war began on Feb\n24.Russian officers approved 22,000.",
                     {"The war began on Feb\n24.", "Russian officers approved 22,000."}},
        SentenceCase{"Version 2.5 shipped. It was No.5 in line.",
                     {"Version 2.5 shipped.", "It was No.5 in line."}},
        // past a blank line only a joining word goes on: not a byline in
        // lower case, nor a figure alone on its line
        SentenceCase{"Putin ordered the\n\ncall-up of 300,000 men. Done.",
                     {"Putin ordered the\n\ncall-up of 300,000 men.", "Done."}},
        SentenceCase{"Headline Of A Story\n\nby Staff Writer 11-07-2024",
                     {"Headline Of A Story", "by Staff Writer 11-07-2024"}},
        SentenceCase{"Total 568\n\nMen died there.", {"Total 568", "Men died there."}}));

TEST(Sentences, HugeLineIsCutAndBounded) {
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "word ";
  const auto spans = split_sentences(text);
  ASSERT_GT(spans.size(), 1u);
  for (const Span& s : spans) EXPECT_LE(s.end - s.start, k_max_sentence_bytes + 1);
}

}  // namespace
}  // namespace nw::claims
