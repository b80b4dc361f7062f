#include "pipeline/origins.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "dedup/fingerprint.hpp"
#include "storage/store.hpp"

namespace nw::pipeline {
namespace {

// Near-duplicate candidates a text is checked against, as
// Store::near_duplicate_candidates returns them.
constexpr std::size_t k_candidates = 20;

// The earlier originals of the batch that share band keys with `entry` within
// the near-duplicate window (its span and the one before), most shared first.
std::vector<std::size_t> batch_candidates(const std::vector<PreparedArticle*>& fresh,
                                          const std::vector<std::size_t>& originals,
                                          std::size_t entry) {
  const PreparedArticle& a = *fresh[entry];
  const int64_t span = storage::near_duplicate_span(a.article.fetched_at);
  std::vector<std::pair<std::size_t, std::size_t>> shared;  // (keys shared, entry)
  for (const std::size_t j : originals) {
    const PreparedArticle& b = *fresh[j];
    const int64_t other = storage::near_duplicate_span(b.article.fetched_at);
    if (other != span && other != span - 1) continue;
    std::size_t n = 0;
    for (const int64_t key : a.band_keys)
      n += std::count(b.band_keys.begin(), b.band_keys.end(), key) > 0 ? 1 : 0;
    if (n > 0) shared.emplace_back(n, j);
  }
  std::stable_sort(shared.begin(), shared.end(),
                   [](const auto& x, const auto& y) { return x.first > y.first; });
  std::vector<std::size_t> out;
  for (const auto& [n, j] : shared) out.push_back(j);
  return out;
}

bool near_duplicate_of(const PreparedArticle& a, const std::string& text,
                       const std::vector<claims::Claim>& claims) {
  return dedup::is_near_duplicate(dedup::overlap(a.body, text)) && figures_known(a.claims, claims);
}

// What the store holds about the batch: originals by URL and hash, and the
// stored near-duplicate candidates with their texts and claims.
struct Stored {
  std::vector<storage::OriginalMatch> matches;
  std::vector<std::vector<int64_t>> candidates;  // per entry (empty when matched above)
  std::map<int64_t, std::string> texts;
  std::map<int64_t, std::vector<claims::Claim>> claims;
};

Stored look_up(storage::Store& store, const std::vector<PreparedArticle*>& fresh) {
  Stored s;
  std::vector<storage::OriginalKey> keys;
  for (const auto* p : fresh) keys.push_back({p->article.canonical_url, p->article.content_hash});
  s.matches = store.find_originals(keys);
  // Only texts no stored original matched by URL or hash need candidates.
  std::vector<std::size_t> asked;
  std::vector<storage::BandQuery> queries;
  for (std::size_t i = 0; i < fresh.size(); ++i) {
    if (s.matches[i].by_url || s.matches[i].by_hash) continue;
    asked.push_back(i);
    queries.push_back({fresh[i]->band_keys, fresh[i]->article.fetched_at});
  }
  s.candidates.resize(fresh.size());
  if (queries.empty()) return s;
  auto found = store.find_near_duplicates(queries, k_candidates);
  std::set<int64_t> ids;
  for (std::size_t k = 0; k < asked.size(); ++k) {
    ids.insert(found[k].begin(), found[k].end());
    s.candidates[asked[k]] = std::move(found[k]);
  }
  if (ids.empty()) return s;
  const std::vector<int64_t> all(ids.begin(), ids.end());
  s.texts = store.article_texts(all);
  s.claims = store.claims_of_articles(all);
  return s;
}

}  // namespace

bool figures_known(const std::vector<claims::Claim>& fresh,
                   const std::vector<claims::Claim>& known) {
  for (const auto& c : fresh) {
    const bool found = std::any_of(known.begin(), known.end(), [&](const claims::Claim& k) {
      return k.subject == c.subject && k.metric == c.metric && k.value == c.value &&
             k.unit == c.unit;
    });
    if (!found) return false;
  }
  return true;
}

std::vector<Origin> find_origins(storage::Store& store,
                                 const std::vector<PreparedArticle*>& fresh) {
  std::vector<Origin> out(fresh.size());
  if (fresh.empty()) return out;
  const Stored stored = look_up(store, fresh);
  // The batch's originals so far: stored before any of them is looked up, each
  // is found after the stored ones (its id is larger), as when stored in turn.
  std::vector<std::size_t> originals;
  std::map<std::string, std::size_t> by_url, by_hash;
  for (std::size_t i = 0; i < fresh.size(); ++i) {
    const auto& a = fresh[i]->article;
    const auto& match = stored.matches[i];
    Origin& o = out[i];
    const auto url = a.canonical_url.empty() ? by_url.end() : by_url.find(a.canonical_url);
    const auto hash = by_hash.find(a.content_hash);
    if (match.by_url) {
      o.stored = match.by_url;
    } else if (url != by_url.end()) {
      o.entry = url->second;
    } else if (match.by_hash) {
      o.stored = match.by_hash;
    } else if (hash != by_hash.end()) {
      o.entry = hash->second;
    } else {
      std::size_t checked = 0;
      for (const int64_t id : stored.candidates[i]) {
        ++checked;
        const auto text = stored.texts.find(id);
        const auto claims = stored.claims.find(id);
        if (text != stored.texts.end() && claims != stored.claims.end() &&
            near_duplicate_of(*fresh[i], text->second, claims->second)) {
          o.stored = id;
          break;
        }
      }
      if (!o.stored) {
        for (const std::size_t j : batch_candidates(fresh, originals, i)) {
          if (checked++ >= k_candidates) break;
          if (near_duplicate_of(*fresh[i], fresh[j]->article.text, fresh[j]->claims)) {
            o.entry = j;
            break;
          }
        }
      }
    }
    if (!o.original()) continue;
    originals.push_back(i);
    if (!a.canonical_url.empty()) by_url.emplace(a.canonical_url, i);
    by_hash.emplace(a.content_hash, i);
  }
  return out;
}

}  // namespace nw::pipeline
