// Inputs the fuzz targets (fuzz/) once crashed on, kept as plain tests. Most
// read out of bounds, so the ASan+UBSan build of this suite is what fails
// loudly on a regression; the plain build still checks the outcome.
#include <gtest/gtest.h>

#include <string>

#include "claims/extractor.hpp"
#include "dedup/canonical.hpp"

namespace nw {
namespace {

// fuzz_claims: a range join as the sentence's last token ("between 5 and")
// made the number parser read the token after the end.
TEST(FuzzRegressions, RangeJoinAtTheEndOfTheText) {
  const auto extractor = claims::Extractor::load({"recruitment"});
  for (const char* text : {"Some 811 Kenyans were recruited, between 5 and",
                           "About 811 Kenyans have been recruited, up to 5 -",
                           "Some 811 Kenyans were recruited, from 5 to"}) {
    for (const char* language : {"", "en"}) {
      claims::DocContext ctx;
      ctx.language = language;
      const auto found = extractor.extract(text, ctx);
      ASSERT_FALSE(found.empty()) << text;
      EXPECT_EQ(found.front().value, 811) << text;
    }
  }
}

// fuzz_url: libcurl reads "%2F" back as "%2f", so sorting the raw query gave
// an order that changed when the canonical URL was canonicalized again.
TEST(FuzzRegressions, CanonicalUrlIsAFixedPoint) {
  for (const char* url :
       {"http://a.example/p?x=%2F&x=%2J", "http://[::1]:/1]:/tx?&a2,q0::1]:/th%2Jx?&b=%2F",
        "https://a.example/?b=%41&a=%61&B=1",
        // a host that decodes to digits ("%3443" is "443") reads as an IPv4
        // address only when parsed again
        "HTTPS:/%3443/?ut2&rage9Bu,2&rRG:\xb2`"}) {
    const std::string once = dedup::canonical_url(url);
    EXPECT_EQ(dedup::canonical_url(once), once) << url;
  }
  EXPECT_EQ(dedup::canonical_url("http://a.example/p?x=%2J&x=%2F"),
            "http://a.example/p?x=%2J&x=%2f");
}

}  // namespace
}  // namespace nw
