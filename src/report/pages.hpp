// The report's HTML pages, each self-contained (inline CSS and SVG, no
// scripts, no external assets) and linking to the others by relative paths,
// so the static site and the daemon's live pages are the same bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/group_pages.hpp"
#include "report/ledger.hpp"

namespace nw::report {

// Groups on an index page; longer lists go on over numbered pages. A group's
// claims go on over keyset pages (group_pages.hpp), so every stored figure has a page.
inline constexpr std::size_t k_index_page_size = 200;

// Page `page` (from 1) of the index, and the alerts page.
std::string index_page(const Ledger& ledger, std::size_t page = 1);
std::string alerts_page(const Ledger& ledger);

// A page of a group: the whole group's counts and reconciled figure from
// `summary` (a summary or a complete group), the figures of the page's claims
// from `shown` (page_group), links to the newer and older pages from `pages`;
// `from` the page's first claim, 0 for the newest page.
std::string group_page(const Ledger& ledger, const Group& summary, const Group& shown,
                       const PageStarts& pages, int64_t from);
// The figures of one page's claims (`rows`: StoreReader::ledger_group_page),
// reconciled as `summary` was; each alert open or settled as the whole
// group's `alerts` have it (a later page may have settled it). The chart's
// band only when the page holds the whole group.
Group page_group(storage::LedgerData rows, const Group& summary,
                 const std::vector<AlertView>& alerts);
// The claims each page of a complete group starts at.
PageStarts page_starts(const Group& group);

// "index.html", "index.2.html", ...; "group/SLUG.html" (the newest page),
// "group/SLUG.ID.html" (the older page from claim ID).
std::string index_path(std::size_t page);
std::string group_path(const std::string& slug, int64_t from = 0);

// Every page of a complete group (`one`: a Ledger of that group alone, as
// LedgerCache::refresh gives it to `built`) with its path, the group's CSV last.
void for_each_group_page(const Ledger& one,
                         const std::function<void(const std::string&, const std::string&)>& fn);

// "group/SLUG.csv": the group's figures as `newswatch series --csv` prints them.
std::string csv_path(const std::string& slug);

// Which page a path names: the index, the alerts or a group's (or its CSV), and
// which of its pages.
struct PageRef {
  enum class Kind { index, alerts, group, csv };
  Kind kind;
  std::string slug;  // Kind::group
  std::size_t page;  // from 1 (the index)
  int64_t from = 0;  // Kind::group: the page's first claim, 0 for the newest page
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
