// JSON form of a claim (the fields of claims.md), shared by `extract`, the
// listing commands and the webhook body.
#pragma once

#include <nlohmann/json.hpp>

#include "claims/claim.hpp"

namespace nw::claims {

nlohmann::json to_json(const Claim& c);
Claim claim_from_json(const nlohmann::json& j);

}  // namespace nw::claims
