// Judging one newly stored claim against its group, read once: the alerts it
// raises (contradiction, divergence, revision, confirmed), each carrying the
// group's reconciled figure and routed to the webhooks that ask for it.
#pragma once

#include <cstdint>
#include <vector>

#include "claims/claim.hpp"
#include "pipeline/ingest.hpp"

namespace nw::storage {
class Store;
}

namespace nw::pipeline {

// Raises the alerts that `claim`, just stored as `claim_id` of article
// `article_id`, calls for; returns the stored alerts' ids. `revised` is true when the article
// was stored again with changed content and `stated` holds every figure its new
// version states: an earlier figure of its own that it no longer states is
// revised by `claim`. Reads only the claim's subject/metric/unit group. Must run
// inside the caller's transaction; throws StoreError.
std::vector<int64_t> judge_claim(storage::Store& store, const claims::Claim& claim,
                                 int64_t claim_id, int64_t article_id, bool revised,
                                 const std::vector<claims::Claim>& stated,
                                 const IngestPolicy& policy);

}  // namespace nw::pipeline
