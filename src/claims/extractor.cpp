#include "claims/extractor.hpp"

#include <algorithm>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
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

// A language variant of a built-in pack family, with the language its pack
// declares: naming "recruitment" brings them all, and each article is read by
// the one of its language.
struct VariantName {
  std::string_view name;
  std::string_view language;
};

std::vector<VariantName> variants_of(std::string_view name) {
  if (name == "recruitment")
    return {{"recruitment-ru", "ru"}, {"recruitment-uk", "uk"}, {"recruitment-be", "be"}};
  return {};
}

std::string read_pack_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw RulePackError(path.string() + ":1:1: cannot read the rule pack");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A built-in variant, compiled when the first article of its language comes:
// a daemon that reads only English never builds the Cyrillic packs (a quarter
// of the process's memory at start, and most of its start-up time). Built-in
// packs are compiled by the tests, so compiling late cannot fail on a user.
class LazyVariant {
 public:
  explicit LazyVariant(VariantName v) : m_v(v) {}
  std::string_view language() const { return m_v.language; }
  // Thread-safe: extraction runs on a pool, and the first caller compiles.
  const CompiledPack& pack() const {
    std::call_once(m_once, [this] {
      m_pack.emplace(parse_rule_pack(*builtin_pack(m_v.name), std::string(m_v.name) + ".toml"));
      if (m_pack->language() != m_v.language)
        throw RulePackError(std::string(m_v.name) + ".toml:1:1: the pack is for '" +
                            m_pack->language() + "', the built-in table says '" +
                            std::string(m_v.language) + "'");
    });
    return *m_pack;
  }

 private:
  VariantName m_v;
  mutable std::once_flag m_once;
  mutable std::optional<CompiledPack> m_pack;
};

// One pack as named in the configuration, with its language variants. The
// pack itself is the fallback for languages without a variant.
struct Family {
  CompiledPack main;
  std::vector<std::unique_ptr<LazyVariant>> variants;

  // The pack for `language`; null when the only pack is for another language
  // (it would only produce noise).
  const CompiledPack* for_language(const std::string& language) const {
    if (main.language() == language) return &main;
    for (const auto& v : variants)
      if (v->language() == language) return &v->pack();
    if (language.empty() || main.language().empty() || !variants.empty()) return &main;
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
    if (auto text = builtin_pack(p)) {
      Family& family = impl->families.emplace_back(
          Family{CompiledPack(parse_rule_pack(*text, p + ".toml")), {}});
      for (const auto& v : variants_of(p))
        family.variants.push_back(std::make_unique<LazyVariant>(v));
      continue;
    }
    std::filesystem::path path(p);
    if (path.is_relative() && !base_dir.empty()) path = base_dir / path;
    const std::string text = read_pack_file(path);
    impl->families.push_back(Family{CompiledPack(parse_rule_pack(text, path.string())), {}});
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
