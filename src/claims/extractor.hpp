// The claim extractor: rule packs compiled once, then applied to many texts.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "claims/claim.hpp"
#include "util/time.hpp"

namespace nw::claims {

// What the extractor may know about the document beyond its text.
struct DocContext {
  std::optional<Time> published;  // anchor for "this year", "last month"
  std::string language;           // "en", "ru", "uk", "be"; empty: detect
};

// Counters for benchmarks: how much of a text the prefilter let through.
struct ExtractStats {
  std::size_t sentences = 0;   // sentences seen
  std::size_t candidates = 0;  // sentences that passed the prefilter
};

// A broken rule pack: `what()` reads "FILE:LINE:COLUMN: message".
class RulePackError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Extractor {
 public:
  // Loads packs by built-in name ("recruitment") or by file path; throws RulePackError.
  static Extractor load(const std::vector<std::string>& packs_or_paths,
                        const std::filesystem::path& base_dir = {});
  ~Extractor();
  Extractor(Extractor&&) noexcept;
  Extractor& operator=(Extractor&&) noexcept;

  // Every claim in `text`, in order of appearance. Thread-safe (const).
  std::vector<Claim> extract(std::string_view text, const DocContext& ctx = {}) const;
  // The same, adding to `stats` (may be null) what the prefilter did.
  std::vector<Claim> extract(std::string_view text, const DocContext& ctx,
                             ExtractStats* stats) const;
  // For people tuning a pack: every number in `text`, with the claim it became
  // and the cues behind it, or why it was left out. Plain text, one block a number.
  std::string explain(std::string_view text, const DocContext& ctx = {}) const;

 private:
  struct Impl;
  explicit Extractor(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

}  // namespace nw::claims
