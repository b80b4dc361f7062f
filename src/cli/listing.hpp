// The listing commands' output: aligned tables for people, JSON Lines for programs.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "storage/records.hpp"

namespace nw::cli {

nlohmann::json to_json(const storage::ArticleRow& a);
nlohmann::json to_json(const storage::ClaimRow& c);
nlohmann::json to_json(const storage::AlertRow& a);
nlohmann::json to_json(const storage::FeedState& f);

// Prints rows under a header with columns padded to their widest cell
// (cells are cut at `max_width` characters).
void print_table(std::ostream& out, const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows, std::size_t max_width = 60);

// A figure for people: 1031, 1.5 million, with its qualifier ("nearly 600").
std::string describe_figure(const claims::Claim& c);

}  // namespace nw::cli
