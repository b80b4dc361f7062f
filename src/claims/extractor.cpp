#include "claims/extractor.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "claims/builtin_data.hpp"
#include "claims/engine.hpp"
#include "claims/rule_pack.hpp"
#include "claims/sentences.hpp"

namespace nw::claims {
namespace {

// Built-in packs by name; their text is compiled into the binary.
std::optional<std::string_view> builtin_pack(std::string_view name) {
  if (name == "recruitment") return k_recruitment_pack;
  return std::nullopt;
}

std::string read_pack_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RulePackError(path.string() + ":1:1: cannot read the rule pack");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

struct Extractor::Impl {
  std::vector<CompiledPack> packs;
};

Extractor::Extractor(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Extractor::~Extractor() = default;
Extractor::Extractor(Extractor&&) noexcept = default;
Extractor& Extractor::operator=(Extractor&&) noexcept = default;

Extractor Extractor::load(const std::vector<std::string>& packs_or_paths,
                          const std::filesystem::path& base_dir) {
  auto impl = std::make_unique<Impl>();
  for (const auto& p : packs_or_paths) {
    if (auto text = builtin_pack(p)) {
      impl->packs.emplace_back(parse_rule_pack(*text, p + ".toml"));
      continue;
    }
    std::filesystem::path path(p);
    if (path.is_relative() && !base_dir.empty()) path = base_dir / path;
    const std::string text = read_pack_file(path);
    impl->packs.emplace_back(parse_rule_pack(text, path.string()));
  }
  return Extractor(std::move(impl));
}

std::vector<Claim> Extractor::extract(std::string_view text, const DocContext& ctx) const {
  return extract(text, ctx, nullptr);
}

std::vector<Claim> Extractor::extract(std::string_view text, const DocContext& ctx,
                                      ExtractStats* stats) const {
  std::vector<Claim> out;
  if (!m_impl || m_impl->packs.empty()) return out;
  const std::vector<Span> sentences = split_sentences(text);
  for (const auto& pack : m_impl->packs) {
    // a pack for another language would only produce noise
    if (!ctx.language.empty() && !pack.language().empty() && ctx.language != pack.language())
      continue;
    pack.extract(text, sentences, ctx, out, stats);
  }
  if (m_impl->packs.size() > 1) {
    std::stable_sort(out.begin(), out.end(),
                     [](const Claim& a, const Claim& b) { return a.start < b.start; });
  }
  return out;
}

}  // namespace nw::claims
