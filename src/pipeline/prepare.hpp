// From a parsed entry to the row it is stored as, with its claims: the CPU
// work of a poll, done off the writer thread (the daemon runs it on its pool).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "claims/claim.hpp"
#include "parsers/feed.hpp"
#include "storage/records.hpp"

namespace nw::claims {
class Extractor;
}

namespace nw::pipeline {

// An entry made ready for ingest(): row fields plus its claims.
struct PreparedArticle {
  storage::NewArticle article;
  std::vector<claims::Claim> claims;
  std::string body;                // the text without the headline (syndication changes it)
  std::vector<int64_t> band_keys;  // dedup::band_keys of the body; empty: computed on demand
};

// The entry's identity (parsers::entry_guid), canonical URL, text (headline
// and body), text hash, language (`language`, else detected) and claims, read
// by the extractor's pack for that language; band keys filled in.
PreparedArticle prepare(const parsers::Entry& entry, Time fetched_at,
                        const claims::Extractor& extractor, const std::string& language);

// Fills `body`'s band keys (CPU work: call it off the writer thread).
void fingerprint(PreparedArticle& prepared);

}  // namespace nw::pipeline
