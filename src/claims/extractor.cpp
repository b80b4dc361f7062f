#include "claims/extractor.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "claims/builtin_data.hpp"
#include "claims/engine.hpp"
#include "claims/language.hpp"
#include "claims/rule_pack.hpp"
#include "claims/sentences.hpp"

namespace nw::claims {
namespace {

// Built-in packs by name; their text is compiled into the binary.
std::optional<std::string_view> builtin_pack(std::string_view name) {
  if (name == "recruitment") return k_recruitment_pack;
  if (name == "recruitment-ru") return k_recruitment_ru_pack;
  if (name == "recruitment-uk") return k_recruitment_uk_pack;
  if (name == "recruitment-be") return k_recruitment_be_pack;
  return std::nullopt;
}

// The language variants of a built-in pack family: naming "recruitment" loads
// them all, and each article is read by the one of its language.
std::vector<std::string> variants_of(std::string_view name) {
  if (name == "recruitment") return {"recruitment-ru", "recruitment-uk", "recruitment-be"};
  return {};
}

std::string read_pack_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RulePackError(path.string() + ":1:1: cannot read the rule pack");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// One pack as named in the configuration, with its language variants: the
// first is the pack itself (the fallback for languages without a variant).
struct Family {
  std::vector<CompiledPack> variants;

  // The variant for `language`; null when the only pack is for another language
  // (it would only produce noise).
  const CompiledPack* for_language(const std::string& language) const {
    for (const auto& v : variants)
      if (v.language() == language) return &v;
    const CompiledPack& main = variants.front();
    if (language.empty() || main.language().empty() || variants.size() > 1) return &main;
    return nullptr;
  }
};

}  // namespace

struct Extractor::Impl {
  std::vector<Family> families;
};

Extractor::Extractor(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Extractor::~Extractor() = default;
Extractor::Extractor(Extractor&&) noexcept = default;
Extractor& Extractor::operator=(Extractor&&) noexcept = default;

Extractor Extractor::load(const std::vector<std::string>& packs_or_paths,
                          const std::filesystem::path& base_dir) {
  auto impl = std::make_unique<Impl>();
  for (const auto& p : packs_or_paths) {
    Family& family = impl->families.emplace_back();
    if (auto text = builtin_pack(p)) {
      family.variants.emplace_back(parse_rule_pack(*text, p + ".toml"));
      for (const auto& v : variants_of(p))
        family.variants.emplace_back(parse_rule_pack(*builtin_pack(v), v + ".toml"));
      continue;
    }
    std::filesystem::path path(p);
    if (path.is_relative() && !base_dir.empty()) path = base_dir / path;
    const std::string text = read_pack_file(path);
    family.variants.emplace_back(parse_rule_pack(text, path.string()));
  }
  return Extractor(std::move(impl));
}

std::vector<Claim> Extractor::extract(std::string_view text, const DocContext& ctx) const {
  return extract(text, ctx, nullptr);
}

std::vector<Claim> Extractor::extract(std::string_view text, const DocContext& ctx,
                                      ExtractStats* stats) const {
  std::vector<Claim> out;
  if (!m_impl || m_impl->families.empty()) return out;
  const std::string language = ctx.language.empty() ? detect_language(text) : ctx.language;
  const std::vector<Span> sentences = split_sentences(text);
  for (const auto& family : m_impl->families)
    if (const CompiledPack* pack = family.for_language(language))
      pack->extract(text, sentences, ctx, out, stats);
  if (m_impl->families.size() > 1) {
    std::stable_sort(out.begin(), out.end(),
                     [](const Claim& a, const Claim& b) { return a.start < b.start; });
  }
  return out;
}

std::string Extractor::explain(std::string_view text, const DocContext& ctx) const {
  std::vector<FigureTrace> trace;
  std::vector<Claim> out;
  if (m_impl) {
    const std::string language = ctx.language.empty() ? detect_language(text) : ctx.language;
    const std::vector<Span> sentences = split_sentences(text);
    for (const auto& family : m_impl->families)
      if (const CompiledPack* pack = family.for_language(language))
        pack->extract(text, sentences, ctx, out, nullptr, &trace);
  }
  std::stable_sort(trace.begin(), trace.end(),
                   [](const FigureTrace& a, const FigureTrace& b) { return a.start < b.start; });
  std::ostringstream o;
  for (const auto& ft : trace) {
    const std::string_view phrase = text.substr(ft.start, ft.end - ft.start);
    o << "@" << ft.start << " \"" << phrase << "\"\n";
    if (!ft.claim) {
      o << "  left out: " << ft.verdict << "\n";
      continue;
    }
    const Claim& c = *ft.claim;
    o << "  claim: " << c.subject << " / " << c.metric << " = " << c.value << " (" << c.qualifier
      << (c.unit ? ", " + *c.unit : std::string()) << ")\n";
    o << "  subject: " << ft.subject_cue << "\n  metric: " << ft.metric_cue
      << "\n  source: " << ft.source_cue << "\n  period: " << ft.period_cue
      << (c.force ? "\n  force: " + *c.force : std::string()) << "\n";
  }
  return o.str();
}

}  // namespace nw::claims
