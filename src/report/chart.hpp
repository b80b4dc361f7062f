// The timeline chart of one group, as inline SVG: x the date, y the figure
// (a log scale when figures span orders of magnitude), qualifier ranges as
// vertical bars, one colour and shape per source, divergences circled in red
// and joined to the prior figure they contradict.
#pragma once

#include <string>

#include "report/ledger.hpp"

namespace nw::report {

struct Chart {
  std::string svg;     // an <svg> element, every text escaped
  std::string legend;  // an HTML <ul> naming each source with its symbol
};

// At most k_max_points entries are drawn (the latest); the table still lists all.
inline constexpr std::size_t k_max_points = 2000;

// Each point links to its row in the table of the same page (a group's page
// draws the figures it lists: see group_page).
Chart render_chart(const Group& group);

// The index of `source` in the group's sources -> its colour and shape, shared
// by the chart and the table.
std::string source_symbol(std::size_t source_index, int size = 12);

}  // namespace nw::report
