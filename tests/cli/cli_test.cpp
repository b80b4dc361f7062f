// The command table read back: help, the man page and the bash completion
// name every command and option; the command line behaves as the table says.
#include <gtest/gtest.h>

#include "cli/command.hpp"
#include "cli/help.hpp"
#include "support/test_paths.hpp"

namespace nw::cli {
namespace {

// Text as the man page prints it (dashes escaped).
std::string roff(const std::string& text) {
  std::string out;
  for (const char ch : text) out += ch == '-' ? std::string("\\-") : std::string(1, ch);
  return out;
}

std::string nw(const std::string& args) {
  return test::run_command(test::binary().string() + " " + args).out;
}

TEST(CliTable, HelpManPageAndCompletionNameEveryCommandAndOption) {
  const std::string help = nw("help");
  const std::string man = man_page();
  const std::string completion = bash_completion();
  for (const auto& c : commands()) {
    EXPECT_NE(help.find("  " + c.synopsis + "\n"), std::string::npos) << c.name;
    EXPECT_NE(completion.find("    " + c.name + ")\n"), std::string::npos) << c.name;
    EXPECT_NE(man.find(".B newswatch " + roff(c.name)), std::string::npos) << c.name;
    EXPECT_EQ(nw("help " + c.name),
              "usage: newswatch " + c.synopsis + "\n  " + c.description + "\n");
    for (const auto& o : c.options) {
      EXPECT_NE(completion.find(o.name), std::string::npos) << o.name;
      EXPECT_NE(man.find(roff(o.help)), std::string::npos) << o.name;
    }
  }
  EXPECT_NE(nw("help extract").find("[--explain]"), std::string::npos);
}

TEST(CliTable, TheCompletionScriptIsValidBash) {
  test::TempDir dir;
  test::write_file(dir / "newswatch.bash", nw("completion bash"));
  const auto r = test::run_command("bash -n " + (dir / "newswatch.bash").string());
  EXPECT_EQ(r.status, 0) << r.err;
  const auto words = test::run_command(
      "bash -c 'source " + (dir / "newswatch.bash").string() +
      "; COMP_WORDS=(newswatch art); COMP_CWORD=1; _newswatch; echo ${COMPREPLY[@]}'");
  EXPECT_EQ(words.out, "articles\n") << words.err;
  const auto opts = test::run_command(
      "bash -c 'source " + (dir / "newswatch.bash").string() +
      "; COMP_WORDS=(newswatch extract --ex); COMP_CWORD=2; _newswatch; echo ${COMPREPLY[@]}'");
  EXPECT_EQ(opts.out, "--explain\n") << opts.err;
  EXPECT_EQ(test::run_command(test::binary().string() + " completion zsh").status, 2);
}

TEST(CliArgs, OptionsFollowTheTable) {
  const Command* claims = find_command("claims");
  ASSERT_NE(claims, nullptr);
  const auto a = parse_args(
      {"newswatch", "claims", "--config=x.toml", "--subject", "Belarus", "--json", "extra"}, 2,
      *claims);
  EXPECT_EQ(a.value("-c"), "x.toml");
  EXPECT_EQ(a.value("--subject"), "Belarus");
  EXPECT_TRUE(a.has("--json"));
  EXPECT_EQ(a.positional, std::vector<std::string>{"extra"});
  EXPECT_THROW(parse_args({"newswatch", "claims", "--explain"}, 2, *claims), UsageError);
  EXPECT_THROW(parse_args({"newswatch", "claims", "--subject"}, 2, *claims), UsageError);
}

TEST(CliParse, HeaderNamesAreMatchedWithoutCaseEvenBesideNonAsciiBytes) {
  test::TempDir dir;
  test::write_file(dir / "feed.xml",
                   "<rss version=\"2.0\"><channel><title>caf\xe9</title></channel></rss>");
  const auto out =
      nw("parse --header 'CONTENT-TYPE: text/xml; charset=iso-8859-1' --header "
         "'X-\xc3\xa9t\xc3\xa9: 1' " +
         (dir / "feed.xml").string());
  EXPECT_NE(out.find("caf\xc3\xa9"), std::string::npos) << out;
}

}  // namespace
}  // namespace nw::cli
