// The Russian, Ukrainian and Belarusian packs: language detection, the pack
// family, numbers, inflected words and sides, each on our own sentences.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iomanip>
#include <regex>
#include <sstream>
#include <thread>

#include "claims/language.hpp"
#include "claims/stemmer.hpp"
#include "claims_test_support.hpp"
#include "support/test_paths.hpp"

namespace nw::claims {
namespace {

// "subject/metric=value qualifier [low..high] force" for each claim, joined by "; ".
std::string summary(const std::vector<Claim>& claims) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(0);
  for (std::size_t i = 0; i < claims.size(); ++i) {
    const Claim& c = claims[i];
    if (i) os << "; ";
    os << c.subject << '/' << c.metric << '=' << c.value;
    if (c.qualifier != "exact") os << ' ' << c.qualifier;
    if (c.qualifier == "range" || c.qualifier == "vague")
      os << " [" << c.low.value_or(-1) << ".." << c.high.value_or(-1) << ']';
    if (c.unit && *c.unit != "people") os << ' ' << *c.unit;
    if (c.force) os << " @" << *c.force;
  }
  return os.str();
}

struct LanguageCase {
  const char* text;
  const char* language;
};

class LanguageTest : public ::testing::TestWithParam<LanguageCase> {};

TEST_P(LanguageTest, DetectsTheLanguage) {
  EXPECT_EQ(detect_language(GetParam().text), GetParam().language) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    Scripts, LanguageTest,
    ::testing::Values(
        LanguageCase{"More than 600 Belarusians have signed contracts with the Russian army.",
                     "en"},
        LanguageCase{"Более 600 белорусов подписали контракт с российской армией, сообщает проект.",
                     "ru"},
        LanguageCase{
            "Понад 600 білорусів підписали контракт із російською армією, повідомляє проєкт.",
            "uk"},
        LanguageCase{
            "Больш за 600 беларусаў падпісалі кантракт з расійскім войскам, паведамляе праект.",
            "be"},
        // no letter peculiar to Ukrainian or Belarusian: Russian
        LanguageCase{"Погибли 90 человек.", "ru"},
        // і without ы or э: Ukrainian; ў: Belarusian
        LanguageCase{"Загинули 90 людей під час бою.", "uk"},
        LanguageCase{"Загінулі 90 беларускіх добраахвотнікаў.", "be"},
        // no telling letter: the function words decide
        LanguageCase{"Вона каже, що це правда: 90 загиблих.", "uk"},
        LanguageCase{"Яна кажа, што гэта так: 90 чалавек.", "be"},
        LanguageCase{"Он сказал, что это так: 90 погибших.", "ru"}, LanguageCase{"12 345", ""},
        LanguageCase{"", ""}));

struct SentenceCase {
  const char* text;
  const char* expected;  // summary()
};

class SlavicExtractTest : public ::testing::TestWithParam<SentenceCase> {};

// The "recruitment" family reads each sentence with the pack of its language.
TEST_P(SlavicExtractTest, FindsTheFigures) {
  const auto claims = test::recruitment().extract(GetParam().text);
  EXPECT_EQ(summary(claims), GetParam().expected) << GetParam().text;
}

INSTANTIATE_TEST_SUITE_P(
    RussianNumbers, SlavicExtractTest,
    ::testing::Values(
        SentenceCase{"Контракт подписали 1 031 белорус.", "Belarus/recruited=1031"},
        SentenceCase{"Контракт подписали 1031 белорус.", "Belarus/recruited=1031"},
        SentenceCase{"По данным разведки, завербованы 1,5 тыс. непальцев.", "Nepal/recruited=1500"},
        SentenceCase{"В боях погибли 2,5 тысячи иностранцев.", "foreign/killed=2500"},
        SentenceCase{"Россия обещает выплату в 2 млн рублей.", "Russia/payment=2000000 RUB"},
        SentenceCase{"В плену находятся шестеро белорусов.", "Belarus/captured=6"},
        SentenceCase{"Погибли сто кубинцев.", "Cuba/killed=100"},
        SentenceCase{"Контракт подписали тысяча индийцев.", "India/recruited=1000"},
        SentenceCase{"Контракт подписали две тысячи таджиков.", "Tajikistan/recruited=2000"},
        SentenceCase{"Воюют от 150 до 200 сербов.", "Serbia/serving=150 range [150..200]"},
        SentenceCase{"Воюют 150–200 сербов.", "Serbia/serving=150 range [150..200]"},
        SentenceCase{"Погибли почти 600 белорусов.", "Belarus/killed=600 nearly"},
        SentenceCase{"Погибли около 600 белорусов.", "Belarus/killed=600 approx"},
        SentenceCase{"Погибли более 600 белорусов.", "Belarus/killed=600 more_than"},
        SentenceCase{"Погибли свыше 600 белорусов.", "Belarus/killed=600 more_than"},
        SentenceCase{"Погибли по меньшей мере 600 белорусов.", "Belarus/killed=600 at_least"},
        SentenceCase{"Погибли не менее 600 белорусов.", "Belarus/killed=600 at_least"},
        SentenceCase{"Погибли более тысячи белорусов.", "Belarus/killed=1000 more_than"},
        SentenceCase{"Погибли тысячи кубинцев.", "Cuba/killed=2000 vague [2000..9999]"},
        SentenceCase{"Сотни кубинцев подписали контракт.", "Cuba/recruited=200 vague [200..999]"}));

INSTANTIATE_TEST_SUITE_P(
    UkrainianNumbers, SlavicExtractTest,
    ::testing::Values(
        SentenceCase{"Контракт підписали 1 031 білорус.", "Belarus/recruited=1031"},
        SentenceCase{"Загинули шість кубинців.", "Cuba/killed=6"},
        SentenceCase{"У полоні перебувають шестеро білорусів.", "Belarus/captured=6"},
        SentenceCase{"Серед загиблих шістьох громадян Непалу впізнали родичі.", "Nepal/killed=6"},
        SentenceCase{"Завербовано 2 тисячі громадян Кенії.", "Kenya/recruited=2000"},
        SentenceCase{"Завербовано 1,5 тис. громадян Кенії.", "Kenya/recruited=1500"},
        SentenceCase{"Загинули майже 600 білорусів.", "Belarus/killed=600 nearly"},
        SentenceCase{"Загинули близько 600 білорусів.", "Belarus/killed=600 approx"},
        SentenceCase{"Загинули понад 600 білорусів.", "Belarus/killed=600 more_than"},
        SentenceCase{"Загинули щонайменше 600 білорусів.", "Belarus/killed=600 at_least"},
        SentenceCase{"Воюють від 150 до 200 сербів.", "Serbia/serving=150 range [150..200]"},
        SentenceCase{"Росія обіцяє виплату у 3 тисячі доларів.", "Russia/payment=3000 USD"},
        SentenceCase{"Загинули тисячі північнокорейців.",
                     "North Korea/killed=2000 vague [2000..9999]"}));

INSTANTIATE_TEST_SUITE_P(
    BelarusianNumbers, SlavicExtractTest,
    ::testing::Values(
        SentenceCase{"Кантракт падпісалі 1 031 грамадзянін Беларусі.", "Belarus/recruited=1031"},
        SentenceCase{"Загінулі больш за 600 беларусаў.", "Belarus/killed=600 more_than"},
        SentenceCase{"Загінулі каля 600 беларусаў.", "Belarus/killed=600 approx"},
        SentenceCase{"Загінулі амаль 600 беларусаў.", "Belarus/killed=600 nearly"},
        SentenceCase{"У палоне знаходзяцца дзевяць беларусаў.", "Belarus/captured=9"},
        SentenceCase{"Ваююць ад 150 да 200 беларусаў.", "Belarus/serving=150 range [150..200]"}));

// Demonyms and metric words in their case forms.
INSTANTIATE_TEST_SUITE_P(
    Inflection, SlavicExtractTest,
    ::testing::Values(
        SentenceCase{"Погибли 90 белорусов.", "Belarus/killed=90"},
        SentenceCase{"Погибли 90 беларусов.", "Belarus/killed=90"},
        SentenceCase{"90 белорусов погибли.", "Belarus/killed=90"},
        SentenceCase{"Погибли 90 граждан Беларуси.", "Belarus/killed=90"},
        SentenceCase{"Погибли 90 белорусских добровольцев.", "Belarus/killed=90"},
        SentenceCase{"Контракт подписали 90 белорусов.", "Belarus/recruited=90"},
        SentenceCase{"Уничтожены 90 наемников из Колумбии.", "Colombia/killed=90"},
        SentenceCase{"Ликвидированы 90 наемников из Колумбии.", "Colombia/killed=90"},
        SentenceCase{"Пропали без вести 14 граждан Казахстана.", "Kazakhstan/missing=14"},
        SentenceCase{"В плену оказались 14 узбеков.", "Uzbekistan/captured=14"},
        SentenceCase{"Загинули 90 білорусів.", "Belarus/killed=90"},
        SentenceCase{"Загинули 90 громадян Білорусі.", "Belarus/killed=90"},
        SentenceCase{"Зникли безвісти 14 громадян Шрі-Ланки.", "Sri Lanka/missing=14"},
        SentenceCase{"У полоні перебувають 14 громадян Сомалі.", "Somalia/captured=14"},
        SentenceCase{"Загінулі 90 беларусаў.", "Belarus/killed=90"},
        SentenceCase{"ПОГИБЛИ 90 БЕЛОРУСОВ.", "Belarus/killed=90"},
        // Snowball stems ("армяне~", "наемники~") from the Russian data
        SentenceCase{"Погибли 12 армян.", "Armenia/killed=12"},
        SentenceCase{"Контракт подписали 12 грузин.", "Georgia/recruited=12"},
        SentenceCase{"Погибли 12 наемников из Грузии.", "Georgia/killed=12"}));

// The side the people fought on: Belarusians die on both.
INSTANTIATE_TEST_SUITE_P(
    Sides, SlavicExtractTest,
    ::testing::Values(
        SentenceCase{"На стороне России погибли 90 белорусов.", "Belarus/killed=90 @Russia"},
        SentenceCase{"На стороне Украины погибли 48 белорусов.", "Belarus/killed=48 @Ukraine"},
        SentenceCase{"На боці Києва загинули 48 білорусів.", "Belarus/killed=48 @Ukraine"},
        SentenceCase{"У лавах ЗСУ загинули 48 білорусів.", "Belarus/killed=48 @Ukraine"},
        SentenceCase{"На боці Росії загинули 90 білорусів.", "Belarus/killed=90 @Russia"},
        SentenceCase{"На баку Украіны загінулі 48 беларусаў.", "Belarus/killed=48 @Ukraine"}));

// Not claims: negations, hypotheticals, dates, ages, percentages, ordinals.
INSTANTIATE_TEST_SUITE_P(
    NotClaims, SlavicExtractTest,
    ::testing::Values(
        SentenceCase{"Власти отрицают, что 300 таджиков погибли.", ""},
        SentenceCase{"Если бы контракт подписали 500 кубинцев, вербовка бы выросла.", ""},
        SentenceCase{"Якщо контракт підпишуть 500 кубинців, вербування зросте.", ""},
        SentenceCase{"С 24 февраля 2022 года погибли белорусы.", ""},
        SentenceCase{"Погибшему белорусу было 35 лет.", ""},
        SentenceCase{"Загиблому білорусу було 35 років.", ""},
        SentenceCase{"Около 40% погибших белорусов были заключенными.", ""},
        SentenceCase{"Бойцы 119-го полка погибли под Бахмутом.", ""},
        SentenceCase{"Белорусы воюют в составе 25-й бригады.", ""},
        SentenceCase{"Средняя зарплата в Минске 2 800 рублей, выплату получают немногие.", ""}));

TEST(SlavicPacks, EnglishTextKeepsTheEnglishPack) {
  EXPECT_EQ(summary(test::recruitment().extract("Nearly 600 Belarusians have signed contracts.")),
            "Belarus/recruited=600 nearly");
}

TEST(SlavicPacks, ConfiguredLanguageOverridesDetection) {
  // Russian text marked Ukrainian is read with the Ukrainian pack: Russian words miss
  const std::string text = "Погибли 90 белорусов.";
  EXPECT_EQ(summary(test::recruitment().extract(text, DocContext{{}, "ru"})), "Belarus/killed=90");
  EXPECT_EQ(summary(test::recruitment().extract(text, DocContext{{}, "uk"})), "");
  // a language without a variant falls back to the English pack
  EXPECT_EQ(summary(test::recruitment().extract("600 Belarusians died.", DocContext{{}, "de"})),
            "Belarus/killed=600");
}

TEST(SlavicPacks, EachVariantLoadsByName) {
  // a variant named alone reads only its own language
  const std::pair<const char*, const char*> cases[] = {
      {"recruitment-ru", "Погибли 90 белорусов."},
      {"recruitment-uk", "Загинули 90 білорусів."},
      {"recruitment-be", "Загінулі 90 беларусаў."}};
  for (const auto& [name, text] : cases) {
    const auto ex = Extractor::load({name});
    EXPECT_EQ(summary(ex.extract(text)), "Belarus/killed=90") << name;
    EXPECT_EQ(summary(ex.extract("90 Belarusians were killed.")), "") << name;
  }
}

// The family's variants are compiled when the first article of their language
// comes; several threads asking at once each get the one compiled pack.
TEST(SlavicPacks, VariantsBuiltOnFirstUseServeEveryThread) {
  const auto ex = Extractor::load({"recruitment"});
  EXPECT_EQ(summary(ex.extract("90 Belarusians were killed.")), "Belarus/killed=90");
  const std::pair<const char*, const char*> cases[] = {{"Погибли 90 белорусов.", "ru"},
                                                       {"Загинули 90 білорусів.", "uk"},
                                                       {"Загінулі 90 беларусаў.", "be"}};
  std::vector<std::string> got(12);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < got.size(); ++i)
    threads.emplace_back([&, i] {
      const auto& [text, language] = cases[i % 3];
      got[i] = summary(ex.extract(text, DocContext{{}, language}));
    });
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < got.size(); ++i)
    EXPECT_EQ(got[i], "Belarus/killed=90") << cases[i % 3].second;
}

TEST(SlavicPacks, EnglishOnlyPackSkipsCyrillicText) {
  const auto dir = std::filesystem::temp_directory_path() / "nw_slavic_pack_test";
  std::filesystem::create_directories(dir);
  const auto path = dir / "en_only.toml";
  {
    std::ofstream out(path);
    out << k_recruitment_pack;
  }
  const auto ex = Extractor::load({path.string()});
  EXPECT_EQ(summary(ex.extract("Погибли 90 белорусов.")), "");
  EXPECT_EQ(summary(ex.extract("90 Belarusians were killed.")), "Belarus/killed=90");
  std::filesystem::remove_all(dir);
}

// Periods: "as of" dates in the genitive; "since" (с, з) leaves as_of open.
TEST(SlavicPacks, PeriodsAndAsOfDates) {
  auto one = [](const char* text) {
    const auto claims = test::recruitment().extract(text);
    EXPECT_EQ(claims.size(), 1u) << text;
    return claims.empty() ? Claim{} : claims.front();
  };
  Claim c = one("По состоянию на 1 августа 2025 года контракт подписали 596 белорусов.");
  EXPECT_EQ(c.period.value_or(""), "По состоянию на 1 августа 2025");
  EXPECT_EQ(c.as_of.value_or(""), "2025-08-01");
  c = one("С 24 февраля 2022 года погибли 91 белорус.");
  EXPECT_EQ(c.period.value_or(""), "С 24 февраля 2022");
  EXPECT_FALSE(c.as_of);
  c = one("Станом на серпень 2025 року загинули 197 білорусів.");
  EXPECT_EQ(c.as_of.value_or(""), "2025-08");
  c = one("Па стане на 1 верасня 2025 года загінулі 80 беларусаў.");
  EXPECT_EQ(c.as_of.value_or(""), "2025-09-01");
  c = one("К концу 2024 года погибли 93 белоруса.");
  EXPECT_EQ(c.as_of.value_or(""), "2024-12");
  c = one("В первой половине 2025 года погибли 92 белоруса.");
  EXPECT_EQ(c.as_of.value_or(""), "2025-06");
}

// "в прошлом году", "з початку року", "летась": relative to the publication date.
TEST(SlavicPacks, RelativePeriods) {
  DocContext ctx;
  ctx.published = parse_iso8601("2025-06-01T00:00:00Z");
  ASSERT_TRUE(ctx.published);
  const std::pair<const char*, const char*> cases[] = {
      {"В прошлом году погибли 90 белорусов.", "2024"},
      {"С начала года погибли 90 белорусов.", "2025"},
      {"З початку року загинули 90 білорусів.", "2025"},
      {"Минулого року загинули 90 білорусів.", "2024"},
      {"Летась загінулі 90 беларусаў.", "2024"}};
  for (const auto& [text, as_of] : cases) {
    const auto claims = test::recruitment().extract(text, ctx);
    ASSERT_EQ(claims.size(), 1u) << text;
    EXPECT_EQ(claims[0].as_of.value_or(""), as_of) << text;
    EXPECT_TRUE(claims[0].period) << text;
  }
}

// "word~" in a pack: Snowball's Russian stem as a prefix; no stemmer for Ukrainian.
TEST(SlavicPacks, SnowballStemsRussianWords) {
  EXPECT_EQ(snowball_stem("ru", "белорусов").value_or(""), "белорус");
  EXPECT_EQ(snowball_stem("ru", "Добровольцы").value_or(""), "добровольц");
  EXPECT_FALSE(snowball_stem("uk", "білорусів"));
  EXPECT_EQ(expand_snowball_phrase("ru", "пропали~ без вести").value_or(""), "пропа* без вести");
  EXPECT_EQ(expand_snowball_phrase("uk", "без вісти").value_or(""), "без вісти");
  EXPECT_FALSE(expand_snowball_phrase("uk", "зникли~"));
  try {
    parse_rule_pack(
        "[pack]\nlanguage = \"uk\"\n[[metrics]]\nname = \"killed\"\n"
        "keywords = [\"загинули~\"]\n",
        "uk.toml");
    ADD_FAILURE() << "a stem without a stemmer was accepted";
  } catch (const RulePackError& e) {
    EXPECT_NE(std::string(e.what()).find("uk.toml"), std::string::npos) << e.what();
  }
}

// Our own Russian, Ukrainian and Belarusian articles (tests/data/claims_slavic),
// scored by the shared claims_eval.py like the English corpus.
TEST(SlavicPacks, OwnArticlesMeetTargets) {
  const auto shared = nw::test::shared_dir();
  if (!shared || !std::filesystem::exists(*shared / "tools/claims_eval.py"))
    GTEST_SKIP() << "../shared/tools/claims_eval.py not found; quality not measured";
  const std::string dir = (nw::test::data_dir() / "claims_slavic").string();
  const auto r = nw::test::run_command("python3 " + (*shared / "tools/claims_eval.py").string() +
                                       " --bin " + nw::test::binary().string() + " --texts " + dir +
                                       " --gold " + dir + " -v");
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  std::cout << r.out;
  std::smatch m;
  const std::regex line(R"(precision ([0-9.]+) recall ([0-9.]+) core_recall ([0-9.]+))");
  ASSERT_TRUE(std::regex_search(r.out, m, line)) << r.out;
  RecordProperty("precision", m[1]);
  RecordProperty("recall", m[2]);
  RecordProperty("core_recall", m[3]);
  EXPECT_GE(std::stod(m[1]), 0.90);
  EXPECT_GE(std::stod(m[2]), 0.90);
  EXPECT_GE(std::stod(m[3]), 0.90);
}

}  // namespace
}  // namespace nw::claims
