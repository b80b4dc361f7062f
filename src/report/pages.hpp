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

// Rows a page holds: groups on an index page, figures on a group's page. Longer
// lists go on over numbered pages, so every stored figure has a page.
inline constexpr std::size_t k_index_page_size = 200;
inline constexpr std::size_t k_group_page_size = 100;

// Page `page` (from 1) of the index, of a group (a complete one: see Group),
// and the alerts page.
std::string index_page(const Ledger& ledger, std::size_t page = 1);
std::string group_page(const Ledger& ledger, const Group& group, std::size_t page = 1);
std::string alerts_page(const Ledger& ledger);

// "index.html", "index.2.html", ...; "group/SLUG.html", "group/SLUG.2.html", ...
std::string index_path(std::size_t page);
std::string group_path(const std::string& slug, std::size_t page);
// How many pages a group's figures fill (at least one).
std::size_t group_pages(const Group& group);

// "group/SLUG.csv": the group's figures as `newswatch series --csv` prints them.
std::string csv_path(const std::string& slug);

// Which page a path names: the index, the alerts or a group's (or its CSV), and
// which of its pages.
struct PageRef {
  enum class Kind { index, alerts, group, csv };
  Kind kind;
  std::string slug;  // Kind::group
  std::size_t page;  // from 1
};
// nullopt when `path` names no page ("" is the index); says nothing of whether it exists.
std::optional<PageRef> parse_page_path(std::string_view path);

// Every page's path relative to the site's root: the index pages, "alerts.html",
// and every page and the CSV of every group.
std::vector<std::string> page_paths(const Ledger& ledger);

// The page at `path` (as page_paths names them; "" is the index), or nullopt
// (also for the pages of a group that is only a summary).
std::optional<std::string> render_page(const Ledger& ledger, std::string_view path);

}  // namespace nw::report
