// The batch calls as the single ones in turn: what a backend whose calls cost
// no round trip (SQLite, in-process) needs. PostgreSQL overrides each with one
// statement (postgresql/batch.cpp).
#include "storage/batch.hpp"

#include "storage/store.hpp"

namespace nw::storage {

std::vector<std::optional<KnownArticle>> StoreReader::find_articles(
    int64_t feed_id, const std::vector<std::string>& guids) {
  std::vector<std::optional<KnownArticle>> out;
  out.reserve(guids.size());
  for (const auto& guid : guids) out.push_back(find_article(feed_id, guid));
  return out;
}

std::vector<OriginalMatch> StoreReader::find_originals(const std::vector<OriginalKey>& keys) {
  std::vector<OriginalMatch> out;
  out.reserve(keys.size());
  for (const auto& k : keys) {
    out.push_back({find_original_by_url(k.canonical_url), find_original_by_hash(k.content_hash)});
  }
  return out;
}

std::vector<std::vector<int64_t>> StoreReader::find_near_duplicates(
    const std::vector<BandQuery>& texts, std::size_t limit) {
  std::vector<std::vector<int64_t>> out;
  out.reserve(texts.size());
  for (const auto& t : texts) out.push_back(near_duplicate_candidates(t.band_keys, t.at, limit));
  return out;
}

std::map<int64_t, std::string> StoreReader::article_texts(const std::vector<int64_t>& ids) {
  std::map<int64_t, std::string> out;
  for (const int64_t id : ids) out.emplace(id, article_text(id));
  return out;
}

std::map<int64_t, std::vector<claims::Claim>> StoreReader::claims_of_articles(
    const std::vector<int64_t>& ids) {
  std::map<int64_t, std::vector<claims::Claim>> out;
  for (const int64_t id : ids) out.emplace(id, article_claims(id));
  return out;
}

std::vector<StoredArticle> Store::insert_articles(int64_t feed_id,
                                                  const std::vector<ArticleInsert>& rows) {
  std::vector<StoredArticle> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    std::optional<int64_t> original = row.duplicate_of;
    if (row.copies_row) {
      const StoredArticle& source = out.at(*row.copies_row);
      original = source.duplicate_of.value_or(source.id);
    }
    out.push_back(insert_article(feed_id, *row.article, original));
  }
  return out;
}

void Store::insert_fingerprints(const std::vector<FingerprintInsert>& rows) {
  for (const auto& row : rows) insert_fingerprint(row.article_id, row.fetched_at, row.band_keys);
}

void Store::lock_batch(const std::vector<GroupKey>& groups, const std::vector<int64_t>& band_keys) {
  lock_groups(groups);
  lock_bands(band_keys);
}

std::vector<int64_t> Store::insert_claims(const std::vector<ClaimInsert>& rows) {
  std::vector<int64_t> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(insert_claim(row.article_id, row.claim));
  return out;
}

void Store::prepare_judging(const std::vector<ClaimGroup>&) {}

}  // namespace nw::storage
