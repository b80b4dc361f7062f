// The report's HTML pages, each self-contained (inline CSS and SVG, no
// scripts, no external assets) and linking to the others by relative paths,
// so the static site and the daemon's live pages are the same bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/ledger.hpp"

namespace nw::report {

std::string index_page(const Ledger& ledger);
std::string group_page(const Ledger& ledger, const Group& group);
std::string alerts_page(const Ledger& ledger);

// Every page's path relative to the site's root: "index.html", "alerts.html",
// "group/SLUG.html".
std::vector<std::string> page_paths(const Ledger& ledger);

// The page at `path` (as page_paths names them; "" is the index), or nullopt.
std::optional<std::string> render_page(const Ledger& ledger, std::string_view path);

}  // namespace nw::report
