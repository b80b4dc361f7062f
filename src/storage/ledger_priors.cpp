#include "storage/ledger_priors.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace nw::storage {

std::vector<int64_t> match_priors(const std::string& body,
                                  const std::multimap<int64_t, const LedgerClaim*>& by_article) {
  std::vector<int64_t> out;
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("prior") || !j["prior"].is_array()) return out;
  for (const auto& p : j["prior"]) {
    if (!p.is_object() || !p.contains("article") || !p["article"].is_object()) continue;
    const auto article = p["article"].value("id", int64_t{0});
    const double value = p.value("value", 0.0);
    const std::string quote = p.value("quote", std::string());
    const auto [first, last] = by_article.equal_range(article);
    const LedgerClaim* best = nullptr;
    for (auto it = first; it != last; ++it) {
      if (it->second->claim.value != value) continue;
      if (!best || it->second->claim.quote == quote) best = it->second;
    }
    if (best) out.push_back(best->id);
  }
  return out;
}

std::vector<PriorRef> prior_refs(const std::string& body) {
  std::vector<PriorRef> out;
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("prior") || !j["prior"].is_array()) return out;
  for (const auto& p : j["prior"]) {
    if (!p.is_object() || !p.contains("article") || !p["article"].is_object()) continue;
    out.push_back({p["article"].value("id", int64_t{0}), p.value("value", 0.0),
                   p.value("quote", std::string())});
  }
  return out;
}

std::vector<int64_t> prior_articles(const std::string& body) {
  std::vector<int64_t> out;
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object() || !j.contains("prior") || !j["prior"].is_array()) return out;
  for (const auto& p : j["prior"]) {
    if (!p.is_object() || !p.contains("article") || !p["article"].is_object()) continue;
    out.push_back(p["article"].value("id", int64_t{0}));
  }
  return out;
}

std::vector<std::string> split_targets(const std::string& joined) {
  std::vector<std::string> out;
  for (std::size_t start = 0; !joined.empty() && start <= joined.size();) {
    const std::size_t end = std::min(joined.find('\x1f', start), joined.size());
    out.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace nw::storage
