// The claim extractor with the built-in rule packs, as `newswatch extract` and
// the daemon build it, on arbitrary text in every supported language.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "claims/extractor.hpp"

namespace {

const nw::claims::Extractor& extractor() {
  static const auto e = nw::claims::Extractor::load({"recruitment"});
  return e;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte picks the document language: pack selection and the
  // language-specific number and source rules differ.
  static constexpr const char* k_languages[] = {"", "en", "ru", "uk", "be"};
  nw::claims::DocContext ctx;
  ctx.language = k_languages[data[0] % 5];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  (void)extractor().extract(text, ctx);
  return 0;
}
