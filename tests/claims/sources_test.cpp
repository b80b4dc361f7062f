// Attributions: the whole noun phrase of "according to X", "X said", "citing X",
// "X's data show", quoted names and pronouns pointing back to an earlier source.
#include <gtest/gtest.h>

#include "claims_test_support.hpp"

namespace nw::claims {
namespace {

struct SourceCase {
  const char* text;
  const char* source;  // of the last claim; "" for none
};

class SourceTest : public ::testing::TestWithParam<SourceCase> {};

TEST_P(SourceTest, NamesTheWholeSource) {
  const auto claims = test::recruitment().extract(GetParam().text);
  ASSERT_FALSE(claims.empty()) << GetParam().text;
  EXPECT_EQ(claims.back().source.value_or(""), GetParam().source) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Forms, SourceTest,
    ::testing::Values(
        // lowercase function words inside a name
        SourceCase{"The Ukrainian project I Want to Live counted 1,031 Tajik nationals fighting "
                   "for Russia.",
                   "I Want to Live"},
        SourceCase{"According to I Want to Live, 96 Belarusians have died in Ukraine.",
                   "I Want to Live"},
        SourceCase{"Authorities in Qazaqstan said 112 citizens had signed contracts.",
                   "Authorities in Qazaqstan"},
        // the agent of a passive attribution, not the document it made
        SourceCase{"A list published by the Ukrainian project I Want to Live names 742 "
                   "Belarusians who signed contracts with Russia's army.",
                   "I Want to Live"},
        SourceCase{"According to a list compiled by the project I Want to Live, 742 Belarusians "
                   "signed contracts with Russia's army.",
                   "I Want to Live"},
        SourceCase{"A report released by the BBC said 742 Belarusians had signed contracts.",
                   "BBC"},
        // quoted names, with and without a descriptor in front
        SourceCase{"The Ukrainian initiative \"I Want to Live\" said 96 Belarusians had died.",
                   "I Want to Live"},
        // an apposition between the name and its verb
        SourceCase{"Mediazona, working with the BBC and volunteers, has counted 550 foreign "
                   "fighters killed.",
                   "Mediazona"},
        SourceCase{"Vladyslav Seleznyov, a former army spokesman, said 300 Cubans had been "
                   "captured.",
                   "Vladyslav Seleznyov"},
        // inverted after a quotation
        SourceCase{"\"More than 200 Indians are serving in Russian units,\" said Randhir Jaiswal, "
                   "a foreign ministry spokesman.",
                   "Randhir Jaiswal"},
        // citing, when the verb's subject is a pronoun
        SourceCase{"About 15,000 Nepalis have joined the Russian army, the newspaper wrote, citing "
                   "Nepal's Ministry of Foreign Affairs.",
                   "Nepal's Ministry of Foreign Affairs"},
        // descriptive sources stay whole
        SourceCase{"Ukrainian military intelligence estimated that 12,000 North Korean troops were "
                   "deployed in Kursk.",
                   "Ukrainian military intelligence"},
        SourceCase{"In Kyrgyzstan, at least 23 men have died, according to the Interior Ministry.",
                   "Interior Ministry"},
        // the owner of data, not the data
        SourceCase{"Mediazona's data show 3,400 foreign fighters killed.", "Mediazona"},
        SourceCase{"According to the BBC's count, 550 foreign fighters were killed.", "BBC"},
        // descriptor and title before a name
        SourceCase{"Dozens of Uzbek migrants were detained in Moscow and pressed to enlist, the "
                   "rights group Memorial said.",
                   "Memorial"},
        SourceCase{"Kenya's Foreign Minister Musalia Mudavadi said 200 Kenyans had been "
                   "recruited by Russia.",
                   "Musalia Mudavadi"},
        // "the group" and a surname point back to the full earlier name
        SourceCase{"The rights group Memorial said recruiters were active in Havana. The group "
                   "said 40 Cubans had died.",
                   "Memorial"},
        SourceCase{"President Vladimir Putin spoke on Tuesday. Putin said 700,000 Russian troops "
                   "are fighting in Ukraine.",
                   "Vladimir Putin"},
        // an unattributed sentence going on about the same figures keeps their source
        SourceCase{"I Want to Live counted 1,031 Tajik nationals fighting for Russia. Of them, "
                   "180 are listed as killed.",
                   "I Want to Live"},
        // no attribution: no source
        SourceCase{"Nearly 600 Belarusians signed contracts with the Russian army.", ""}));

}  // namespace
}  // namespace nw::claims
