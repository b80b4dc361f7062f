#include "report/pages.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <set>

#include "report/chart.hpp"
#include "report/format.hpp"
#include "report/series.hpp"

namespace nw::report {
namespace {

constexpr std::size_t k_max_quote = 1200;  // bytes of a quote shown; the article has the rest

constexpr const char* k_css = R"css(
:root{color-scheme:light;--ink:#1a1a1a;--muted:#5f6368;--rule:#d9d9d9;--alert:#c00000;--bg-alert:#fdf1f1}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--ink);margin:0 auto;max-width:1200px;padding:0 20px 40px}
header{border-bottom:1px solid var(--rule);padding:12px 0;margin-bottom:18px;display:flex;gap:18px;align-items:baseline}
header .brand{font-weight:700}
a{color:#0b57d0}
h1{font-size:1.5em;margin:.2em 0 .1em}
h2{font-size:1.15em;margin:1.6em 0 .5em}
.sub{color:var(--muted);margin:0 0 1em}
table{border-collapse:collapse;width:100%;font-size:.93em}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--rule)}
th{font-weight:600;border-bottom:2px solid #999;white-space:nowrap}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
td.fig{white-space:nowrap;font-weight:600}
span.fig{font-weight:600}
td.date{white-space:nowrap}
tr.alerted td{background:var(--bg-alert)}
.badge{display:inline-block;border-radius:3px;padding:0 5px;font-size:.85em;font-weight:600;white-space:nowrap}
.badge.open{background:var(--alert);color:#fff}
.badge.settled{background:#e8e8e8;color:#333}
.badge.prior{border:1px solid var(--alert);color:var(--alert)}
q{quotes:"\201C" "\201D"}
.quote{max-width:42em}
.articles{margin:0;padding:0;list-style:none;font-size:.92em}
.articles li{margin:0 0 2px}
.muted{color:var(--muted)}
nav.pages{margin:.8em 0}
nav.pages a,nav.pages b{display:inline-block;min-width:1.8em;text-align:center}
figure{margin:0}
svg.chart{width:100%;height:auto;display:block;border:1px solid var(--rule);background:#fff}
svg.chart .grid{stroke:#ececec}
svg.chart .axis{stroke:#777}
svg.chart .tick{font-size:12px;fill:#444}
svg.chart .label{font-size:12px;fill:#333}
svg.chart .range{stroke-width:2;opacity:.75}
svg.chart .span{stroke-width:3;opacity:.3}
svg.chart .diverge{stroke-width:1.5;stroke-dasharray:5 4}
svg.chart .ring{stroke-width:2.5}
svg.chart .alert-label,svg.chart .count{font-size:11px;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
svg.chart .alert-label{font-weight:700}
svg.chart .count{fill:#333}
svg.chart a:hover .point{opacity:.7}
.legend{list-style:none;margin:8px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:4px 18px;font-size:.92em}
.legend li{display:flex;align-items:center;gap:6px}
svg.sym{flex:none}
.note{color:var(--muted);font-size:.9em}
footer{margin-top:32px;color:var(--muted);font-size:.85em;border-top:1px solid var(--rule);padding-top:8px}
@media print{
 body{max-width:none;padding:0;font-size:10pt}
 header nav,nav.pages{display:none}
 a{color:inherit;text-decoration:none}
 tr,figure{break-inside:avoid}
 tr.alerted td{background:none}
 .badge.open{color:var(--alert);background:none;border:1px solid var(--alert)}
 svg.chart{border:none}
}
)css";

// A whole page. `whole_ledger` pages (index, alerts) say when the ledger was
// built and from how many claims; a group's pages do not, so that they stay
// the same bytes until the group itself changes (write_site skips them then).
std::string page(const std::string& title, const std::string& root, const std::string& body,
                 const Ledger& ledger, bool whole_ledger) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      // Nothing runs and nothing loads from elsewhere, whatever a feed managed to smuggle in.
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; img-src data:\">"
      "<meta name=\"referrer\" content=\"no-referrer\">"
      "<meta name=\"generator\" content=\"newswatch " NEWSWATCH_VERSION
      "\">"
      "<title>" +
      escape(title) + "</title><style>" + k_css +
      "</style></head><body><header><span class=\"brand\">newswatch ledger</span><nav><a href=\"" +
      root + "index.html\">Figures</a> · <a href=\"" + root +
      "alerts.html\">Alerts</a></nav></header><main>\n" + body + "\n</main><footer>";
  if (whole_ledger) {
    out += "Generated " + escape(format_iso8601(ledger.generated_at)) + " from " +
           std::to_string(ledger.claims) + " stored claims. ";
  }
  return out +
         "Figures are as the articles state them; follow the links for "
         "context.</footer></body></html>\n";
}

// How many pages `rows` rows fill at `per_page` a page (at least one).
std::size_t page_count(std::size_t rows, std::size_t per_page) {
  return rows == 0 ? 1 : (rows + per_page - 1) / per_page;
}

// Links to every page of a paginated list ("" for a single page); `href(n)`
// names page n.
std::string pager(std::size_t current, std::size_t pages,
                  const std::function<std::string(std::size_t)>& href) {
  if (pages <= 1) return "";
  std::string out = "<nav class=\"pages\" aria-label=\"pages\">Page ";
  auto link = [&](std::size_t n, const std::string& label) {
    return n == current ? "<b>" + label + "</b> "
                        : "<a href=\"" + href(n) + "\">" + label + "</a> ";
  };
  if (current > 1) out += link(current - 1, "‹ previous");
  // Every page is one click from the first, the last and its neighbours, and
  // reachable in a few from any: the first, last, neighbours and every tenth.
  for (std::size_t n = 1; n <= pages; ++n) {
    const bool near = n + 2 >= current && n <= current + 2;
    if (n == 1 || n == pages || near || n % 10 == 0) out += link(n, std::to_string(n));
  }
  if (current < pages) out += link(current + 1, "next ›");
  return out + "</nav>";
}

std::string cut(const std::string& s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t i = max;
  while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return s.substr(0, i) + "…";
}

std::string group_title(const GroupKey& k) {
  return k.subject + " — " + k.metric + (k.unit ? " (" + *k.unit + ")" : "");
}

std::string entry_date(const Entry& e) {
  if (!e.date) return "<span class=\"muted\">undated</span>";
  if (e.date_kind == DateKind::AsOf) {
    return escape(*e.claim.as_of) + " <span class=\"muted\">as of</span>";
  }
  return escape(format_date(*e.date)) +
         (e.date_kind == DateKind::Fetched ? " <span class=\"muted\">seen</span>" : "");
}

// A link to the article when its URL is http(s); its title (or feed) as text otherwise.
template <typename Article>  // storage::LedgerClaim or storage::LedgerCopy
std::string article_link(const Article& r) {
  const std::string label = r.title.empty() ? r.url : r.title;
  std::string out;
  if (const auto href = safe_href(r.url)) {
    out = "<a href=\"" + escape(*href) + "\" rel=\"nofollow noopener noreferrer\">" +
          escape(cut(label.empty() ? *href : label, 200)) + "</a>";
  } else {
    out = escape(cut(label.empty() ? "(no link)" : label, 200));
  }
  out += " <span class=\"muted\">" + escape(r.feed);
  if (r.published) out += ", " + escape(format_date(*r.published));
  return out + "</span>";
}

std::string alert_badges(const Entry& e, const std::string& root) {
  std::string out;
  for (const int64_t id : e.alerts) {
    const bool open =
        std::find(e.open_alerts.begin(), e.open_alerts.end(), id) != e.open_alerts.end();
    out += " <a class=\"badge " + std::string(open ? "open" : "settled") + "\" href=\"" + root +
           "alerts.html#a" + std::to_string(id) + "\">alert #" + std::to_string(id) +
           (open ? " open" : " settled") + "</a>";
  }
  for (const int64_t id : e.prior_of) {
    out += " <a class=\"badge prior\" href=\"" + root + "alerts.html#a" + std::to_string(id) +
           "\">prior of #" + std::to_string(id) + "</a>";
  }
  return out;
}

// The table of the group's entries [first, last); rows keep their group-wide numbers.
std::string claims_table(const Group& g, std::size_t first, std::size_t last) {
  std::map<std::string, std::size_t> source_index;
  for (std::size_t i = 0; i < g.sources.size(); ++i) source_index[g.sources[i]] = i;
  std::string out =
      "<table class=\"claims\"><thead><tr><th>#</th><th>Date</th><th>Figure</th><th>Origin</th>"
      "<th>Quote</th><th>Reported in</th></tr></thead><tbody>\n";
  for (std::size_t i = first; i < last; ++i) {
    const Entry& e = g.entries[i];
    const auto& c = e.claim;
    out += "<tr id=\"f" + std::to_string(i + 1) + "\"" +
           (e.open_alerts.empty() ? "" : " class=\"alerted\"") + "><td class=\"num\">" +
           std::to_string(i + 1) + "</td><td class=\"date\">" + entry_date(e) +
           "</td><td class=\"fig\">" + escape(format_figure(c)) + alert_badges(e, "../");
    std::string details = c.qualifier;
    if (c.force) details += ", force: " + *c.force;
    if (c.period) details += ", " + *c.period;
    out += "<br><span class=\"muted\">" + escape(details) + "</span></td><td>" +
           source_symbol(source_index[e.source], 11) + " " + escape(e.source) +
           "</td><td class=\"quote\"><q>" + escape(cut(c.quote, k_max_quote)) +
           "</q></td><td><ul class=\"articles\">";
    // The origin's chain: who reported the figure first, and who repeated it.
    for (std::size_t k = 0; k < e.reports.size(); ++k) {
      out += std::string("<li>") + (k == 0 ? "first: " : "repeated: ") +
             article_link(e.reports[k]) + "</li>";
    }
    // Syndicated copies and near-duplicates: stored without claims, they add no origin.
    for (const auto& copy : e.copies) out += "<li>copied: " + article_link(copy) + "</li>";
    out += "</ul>";
    if (e.reports.size() > 1) {
      out += "<span class=\"muted\">" + std::to_string(e.reports.size()) + " reports folded</span>";
    }
    out += "</td></tr>\n";
  }
  return out + "</tbody></table>";
}

// "742 (480–1,500), 3 origins, disputed" for the index.
std::string reconciled_cell(const Group& g) {
  if (!g.reconciled) return "";
  const auto& r = *g.reconciled;
  return "<span class=\"fig\">" + escape(format_number(r.best)) +
         "</span> <span class=\"muted\">(" + escape(format_number(r.low)) + "–" +
         escape(format_number(r.high)) + "), " + std::to_string(r.origins) + " origin" +
         (r.origins == 1 ? "" : "s") + "</span>" +
         (r.disputed ? " <span class=\"badge open\">disputed</span>" : "");
}

// "force Russia, 2024" for the scope "Russia|2024" (alerts::group_key).
std::string scope_label(const std::string& key) {
  std::string scope;
  const auto bar = key.find('|');
  if (bar != std::string::npos) {
    if (bar > 0) scope += "force " + key.substr(0, bar);
    if (bar + 1 < key.size()) scope += (scope.empty() ? "" : ", ") + key.substr(bar + 1);
  }
  return scope;
}

// The other forces' and periods' reconciled figures, when the group has several.
std::string other_scopes(const Group& g) {
  if (g.scopes.size() < 2) return "";
  std::string out =
      "<table class=\"scopes\"><thead><tr><th>force, period</th><th>low</th><th>best</th>"
      "<th>high</th><th>origins</th><th></th></tr></thead><tbody>\n";
  for (const auto& [key, r] : g.scopes) {
    if (key == g.scope) continue;
    const std::string label = scope_label(key);
    out += "<tr><td>" + escape(label.empty() ? "none named" : label) + "</td><td class=\"num\">" +
           escape(format_number(r.low)) + "</td><td class=\"num\">" +
           escape(format_number(r.best)) + "</td><td class=\"num\">" +
           escape(format_number(r.high)) + "</td><td class=\"num\">" + std::to_string(r.origins) +
           "</td><td>" +
           (r.disputed ? "<span class=\"badge open\">disputed</span>"
                       : std::string("<span class=\"badge settled\">agreed</span>")) +
           "</td></tr>\n";
  }
  return out + "</tbody></table>";
}

// "Reconciled: best 742 (480–1,500) from 3 independent origins, disputed".
std::string reconciled_line(const Group& g) {
  if (!g.reconciled) return "";
  const auto& r = *g.reconciled;
  const std::string scope = scope_label(g.scope);
  return "<p class=\"reconciled\">Reconciled" + (scope.empty() ? "" : " (" + escape(scope) + ")") +
         ": best <b class=\"fig\">" + escape(format_number(r.best)) + "</b> (" +
         escape(format_number(r.low)) + "–" + escape(format_number(r.high)) + ") from " +
         std::to_string(r.origins) + " independent origin" + (r.origins == 1 ? "" : "s") + ", " +
         (r.disputed ? "<span class=\"badge open\">disputed</span>"
                     : std::string("<span class=\"badge settled\">agreed</span>")) +
         (g.open_alerts
              ? ", <span class=\"badge open\">" + std::to_string(g.open_alerts) + " open</span>"
              : std::string()) +
         "</p>";
}

// "nearly 600 — Source (date)" for the alerts page.
std::string claim_cell(const storage::LedgerClaim& c) {
  return "<span class=\"fig\">" + escape(format_figure(c.claim)) + "</span> · " +
         escape(c.claim.source.value_or("unattributed")) + "<br><q>" +
         escape(cut(c.claim.quote, 400)) + "</q><br>" + article_link(c);
}

}  // namespace

std::string index_path(std::size_t page) {
  return page <= 1 ? "index.html" : "index." + std::to_string(page) + ".html";
}

std::string group_path(const std::string& slug, int64_t from) {
  return "group/" + slug + (from <= 0 ? "" : "." + std::to_string(from)) + ".html";
}

std::string index_page(const Ledger& ledger, std::size_t page_no) {
  // The open alerts of every group: the same count as the open alerts placed in
  // a group, without reading every alert (LedgerCache::summaries has none).
  int open = 0;
  for (const auto& g : ledger.groups) open += g.open_alerts;
  std::string body = "<h1>Reported figures</h1><p class=\"sub\">" +
                     std::to_string(ledger.groups.size()) + " subjects and metrics, " +
                     std::to_string(ledger.claims) + " claims, " + std::to_string(open) +
                     " open divergences.</p>";
  if (ledger.groups.empty()) {
    return page("newswatch ledger", "", body + "<p>No claims stored yet.</p>", ledger, true);
  }
  const std::size_t pages = page_count(ledger.groups.size(), k_index_page_size);
  const std::string nav = pager(page_no, pages, [](std::size_t n) { return index_path(n); });
  body += nav +
          "<table class=\"groups\"><thead><tr><th>Subject</th><th>Metric</th><th>Latest "
          "figure</th><th>Date</th><th>Latest source</th><th>Reconciled</th><th>Figures</th>"
          "<th>Sources</th><th>Open divergences</th></tr></thead><tbody>\n";
  const std::size_t first = (page_no - 1) * k_index_page_size;
  const std::size_t last = std::min(ledger.groups.size(), first + k_index_page_size);
  for (std::size_t i = first; i < last; ++i) {
    const Group& g = ledger.groups[i];
    const Entry* latest = g.latest();
    const std::string href = group_path(g.slug);
    body +=
        std::string("<tr") + (g.open_alerts ? " class=\"alerted\"" : "") + "><td><a href=\"" +
        href + "\">" + escape(g.key.subject) + "</a></td><td><a href=\"" + href + "\">" +
        escape(g.key.metric) + "</a>" +
        (g.key.unit && *g.key.unit != "people"
             ? " <span class=\"muted\">" + escape(*g.key.unit) + "</span>"
             : "") +
        "</td><td class=\"fig\">" + (latest ? escape(format_figure(latest->claim)) : "") +
        "</td><td class=\"date\">" + (latest ? entry_date(*latest) : "") + "</td><td>" +
        (latest ? escape(latest->source) : "") + "</td><td>" + reconciled_cell(g) +
        "</td><td class=\"num\">" + std::to_string(g.figures) + "</td><td class=\"num\">" +
        std::to_string(g.sources.size()) + "</td><td class=\"num\">" +
        (g.open_alerts ? "<span class=\"badge open\">" + std::to_string(g.open_alerts) + "</span>"
                       : std::string("0")) +
        "</td></tr>\n";
  }
  body += "</tbody></table>" + nav;
  return page(page_no > 1 ? "newswatch ledger, page " + std::to_string(page_no)
                          : std::string("newswatch ledger"),
              "", body, ledger, true);
}

std::string group_page(const Ledger& ledger, const Group& g, const Group& shown,
                       const PageStarts& pages, int64_t from) {
  const bool newest = from == 0;
  const Chart chart = render_chart(shown);
  std::string body = "<h1>" + escape(group_title(g.key)) + "</h1>";
  // Older pages hold the same claims however the group grows, so they say
  // nothing of the whole group that would change with it.
  if (newest) {
    body += "<p class=\"sub\">" + std::to_string(g.figures) + " figures from " +
            std::to_string(g.sources.size()) + " sources in " + std::to_string(g.reports) +
            " reports; " + std::to_string(g.alerts.size()) + " divergence alerts (" +
            std::to_string(g.open_alerts) + " open).</p>" + reconciled_line(g) + other_scopes(g) +
            "<p class=\"sub\"><a class=\"csv\" href=\"" + g.slug +
            ".csv\" download>Every figure as CSV</a> (dated rows with the reconciled "
            "figure as of each date, as <code>newswatch series --csv</code>)</p>";
  } else {
    body += "<p class=\"sub\">An earlier page: the group's figures now are on <a href=\"" + g.slug +
            ".html\">its newest page</a>.</p>";
  }
  body += "<figure>" + chart.svg + "<figcaption>" + chart.legend + "</figcaption></figure>";
  // Keyset links: the older page before this one's first claim, the newer after it.
  const int64_t first = newest ? pages.newest_from() : from;
  const int64_t older = pages.before(first);
  const int64_t newer = newest ? -1 : pages.after(from);
  const auto href = [&](int64_t f) { return group_path(g.slug, f).substr(6); };  // "group/"
  std::string nav;
  if (older > 0 || !newest) {
    nav = "<nav class=\"pages\" aria-label=\"pages\">";
    if (!newest) nav += "<a href=\"" + href(0) + "\">newest</a> ";
    if (newer > 0) nav += "<a href=\"" + href(newer) + "\">‹ newer</a> ";
    if (older > 0) nav += "<a href=\"" + href(older) + "\">older ›</a>";
    nav += "</nav>";
  }
  body += "<h2>" + std::string(newest ? "The latest figures" : "Figures") + ", " +
          std::to_string(shown.reports) + " reports from claim " + std::to_string(first) + "</h2>" +
          nav + claims_table(shown, 0, shown.entries.size()) + nav;
  return page(group_title(g.key) + (newest ? "" : ", from claim " + std::to_string(from)) +
                  " — newswatch ledger",
              "../", body, ledger, false);
}

Group page_group(storage::LedgerData rows, const Group& summary,
                 const std::vector<AlertView>& alerts) {
  const Tolerance tolerance{summary.agreement.tolerance, {}, summary.agreement.open_bound_factor};
  Ledger one = build_ledger(std::move(rows), tolerance, Time{});
  Group out = one.groups.empty() ? Group{} : std::move(one.groups.front());
  out.key = summary.key;
  out.slug = summary.slug;
  // The band is the group's reconciled figure over time: drawn when the page
  // holds every claim of the group, not from a part of it.
  if (out.reports != summary.reports) out.band.clear();
  std::set<int64_t> open;
  for (const auto& a : alerts) {
    if (a.open) open.insert(a.alert.id);
  }
  for (auto& e : out.entries) {
    e.open_alerts.clear();
    for (const int64_t id : e.alerts) {
      if (open.count(id)) e.open_alerts.push_back(id);
    }
  }
  return out;
}

PageStarts page_starts(const Group& group) {
  std::vector<int64_t> ids;
  for (const auto& e : group.entries) {
    for (const auto& r : e.reports) ids.push_back(r.id);
  }
  std::sort(ids.begin(), ids.end());
  PageStarts out;
  for (const int64_t id : ids) out.add(id);
  return out;
}

namespace {

// What StoreReader::ledger_group_page reads for the page of `claims` (of one
// complete group, oldest first) [first, last), from that group's rows.
storage::LedgerData page_rows(const std::vector<storage::LedgerClaim>& claims, std::size_t first,
                              std::size_t last, const Group& g, const Ledger& one) {
  storage::LedgerData out;
  out.claims.assign(claims.begin() + static_cast<std::ptrdiff_t>(first),
                    claims.begin() + static_cast<std::ptrdiff_t>(last));
  std::set<int64_t> ids, articles;
  for (const auto& c : out.claims) {
    ids.insert(c.id);
    articles.insert(c.article_id);
  }
  std::map<int64_t, storage::LedgerCopy> copies;
  for (const auto& e : g.entries) {
    for (const auto& c : e.copies) {
      if (articles.count(c.original_id)) copies.emplace(c.article_id, c);
    }
  }
  for (auto& [id, c] : copies) out.copies.push_back(std::move(c));
  for (auto it = one.alerts.rbegin(); it != one.alerts.rend(); ++it) {  // oldest first
    if (!ids.count(it->alert.claim_id)) continue;
    storage::LedgerAlert a = it->alert;
    std::erase_if(a.prior_claims, [&](int64_t p) { return !ids.count(p); });
    out.alerts.push_back(std::move(a));
  }
  return out;
}

}  // namespace

void for_each_group_page(const Ledger& one,
                         const std::function<void(const std::string&, const std::string&)>& fn) {
  if (one.groups.empty()) return;
  const Group& g = one.groups.front();
  std::vector<storage::LedgerClaim> claims;
  for (const auto& e : g.entries) claims.insert(claims.end(), e.reports.begin(), e.reports.end());
  std::sort(claims.begin(), claims.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  const PageStarts pages = page_starts(g);
  const auto render = [&](std::size_t first, std::size_t last, int64_t from) {
    const Group shown = page_group(page_rows(claims, first, last, g, one), g, one.alerts);
    fn(group_path(g.slug, from), group_page(one, g, shown, pages, from));
  };
  std::size_t at = 0;
  for (const int64_t from : pages.older()) {
    render(at, at + k_group_page_size, from);
    at += k_group_page_size;
  }
  render(at, claims.size(), 0);
  fn(csv_path(g.slug), series_csv(build_series(claims, g.agreement)));
}

std::string alerts_page(const Ledger& ledger) {
  std::string body = "<h1>Divergence alerts</h1><p class=\"sub\">" +
                     std::to_string(ledger.alerts.size()) +
                     " alerts, newest first. An alert is open until a later report from another "
                     "source confirms its figure.</p>";
  if (ledger.alerts.empty())
    return page("Alerts — newswatch ledger", "", body + "<p>No alerts.</p>", ledger, true);
  body +=
      "<table class=\"alerts\"><thead><tr><th>#</th><th>Detected</th><th>Subject, "
      "metric</th><th>New figure</th><th>Earlier figure</th><th>Difference</th><th>State</th></tr>"
      "</thead><tbody>\n";
  for (const auto& v : ledger.alerts) {
    const auto& a = v.alert;
    char diff[32];
    std::snprintf(diff, sizeof diff, "%.0f%%", a.difference * 100);
    const std::string what = a.subject + " — " + a.metric + (a.unit ? " (" + *a.unit + ")" : "");
    body += "<tr id=\"a" + std::to_string(a.id) + "\"" + (v.open ? " class=\"alerted\"" : "") +
            "><td class=\"num\">" + std::to_string(a.id) + "</td><td class=\"date\">" +
            escape(format_date(a.detected_at)) + "</td><td>" +
            (v.group_slug.empty()
                 ? escape(what)
                 : "<a href=\"group/" + v.group_slug + ".html\">" + escape(what) + "</a>") +
            "</td><td>" +
            (v.claim ? claim_cell(*v.claim) : "<span class=\"muted\">not in the ledger</span>") +
            "</td><td>";
    for (const auto& p : v.priors) body += claim_cell(p);
    if (v.priors.empty()) body += "<span class=\"muted\">—</span>";
    body += "</td><td class=\"num\">" + std::string(diff) + "</td><td><span class=\"badge " +
            (v.open ? "open\">open" : "settled\">settled") + "</span><br><span class=\"muted\">" +
            escape(storage::to_string(a.status)) + "</span></td></tr>\n";
  }
  body += "</tbody></table>";
  return page("Alerts — newswatch ledger", "", body, ledger, true);
}

std::string csv_path(const std::string& slug) {
  return "group/" + slug + ".csv";
}

std::optional<PageRef> parse_page_path(std::string_view path) {
  constexpr std::string_view group_prefix = "group/", suffix = ".html", csv = ".csv";
  if (path.empty()) return PageRef{PageRef::Kind::index, "", 1};
  if (path == "alerts.html") return PageRef{PageRef::Kind::alerts, "", 1};
  if (path.size() > group_prefix.size() + csv.size() && path.starts_with(group_prefix) &&
      path.ends_with(csv)) {
    path.remove_prefix(group_prefix.size());
    path.remove_suffix(csv.size());
    if (path.find_first_of("./") != std::string_view::npos) return std::nullopt;
    return PageRef{PageRef::Kind::csv, std::string(path), 1};
  }
  if (path.size() <= suffix.size() || path.substr(path.size() - suffix.size()) != suffix) {
    return std::nullopt;
  }
  path.remove_suffix(suffix.size());
  PageRef ref{PageRef::Kind::index, "", 1};
  if (path.substr(0, group_prefix.size()) == group_prefix) {
    ref.kind = PageRef::Kind::group;
    path.remove_prefix(group_prefix.size());
  } else if (path.substr(0, 5) != "index") {
    return std::nullopt;
  }
  // Slugs hold no '.', so a dot starts the page number ("index.2") or the
  // first claim of a group's older page ("SLUG.1234").
  if (const auto dot = path.find('.'); dot != std::string_view::npos) {
    const auto digits = path.substr(dot + 1);
    if (digits.empty() || digits.size() > 18 || digits[0] == '0' ||
        digits.find_first_not_of("0123456789") != std::string_view::npos) {
      return std::nullopt;
    }
    if (ref.kind == PageRef::Kind::group) {
      ref.from = std::stoll(std::string(digits));
    } else {
      if (digits.size() > 9) return std::nullopt;
      ref.page = std::stoul(std::string(digits));
      if (ref.page == 1) return std::nullopt;  // page 1 has one name only
    }
    path = path.substr(0, dot);
  }
  if (ref.kind == PageRef::Kind::index) {
    if (path != "index") return std::nullopt;
  } else {
    if (path.empty() || path.find('/') != std::string_view::npos) return std::nullopt;
    ref.slug = std::string(path);
  }
  return ref;
}

std::vector<std::string> page_paths(const Ledger& ledger) {
  std::vector<std::string> out;
  const std::size_t index_pages = page_count(ledger.groups.size(), k_index_page_size);
  for (std::size_t n = 1; n <= index_pages; ++n) out.push_back(index_path(n));
  out.push_back("alerts.html");
  for (const auto& g : ledger.groups) {
    for (const int64_t from : page_starts(g).older()) out.push_back(group_path(g.slug, from));
    out.push_back(group_path(g.slug));
    out.push_back(csv_path(g.slug));
  }
  return out;
}

std::optional<std::string> render_page(const Ledger& ledger, std::string_view path) {
  const auto ref = parse_page_path(path);
  if (!ref) return std::nullopt;
  switch (ref->kind) {
    case PageRef::Kind::index:
      if (ref->page > page_count(ledger.groups.size(), k_index_page_size)) return std::nullopt;
      return index_page(ledger, ref->page);
    case PageRef::Kind::alerts:
      return alerts_page(ledger);
    case PageRef::Kind::group:
    case PageRef::Kind::csv: {
      const Group* g = ledger.find(ref->slug);
      if (!g || !g->complete) return std::nullopt;
      // A Ledger of that group alone, as for_each_group_page takes it.
      Ledger one;
      one.generated_at = ledger.generated_at;
      one.groups.push_back(*g);
      for (const auto& a : ledger.alerts) {
        if (a.group_slug == g->slug) one.alerts.push_back(a);
      }
      std::optional<std::string> out;
      for_each_group_page(one, [&](const std::string& p, const std::string& html) {
        if (p == path) out = html;
      });
      return out;
    }
  }
  return std::nullopt;
}

}  // namespace nw::report
