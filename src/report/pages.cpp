#include "report/pages.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "report/chart.hpp"
#include "report/format.hpp"

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
 header nav{display:none}
 a{color:inherit;text-decoration:none}
 tr,figure{break-inside:avoid}
 tr.alerted td{background:none}
 .badge.open{color:var(--alert);background:none;border:1px solid var(--alert)}
 svg.chart{border:none}
}
)css";

std::string page(const std::string& title, const std::string& root, const std::string& body,
                 const Ledger& ledger) {
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
      "alerts.html\">Alerts</a></nav></header><main>\n" + body + "\n</main><footer>Generated " +
      escape(format_iso8601(ledger.generated_at)) + " from " + std::to_string(ledger.claims) +
      " stored claims" +
      (ledger.truncated ? " (the latest only: older claims are left out)" : std::string()) +
      ". Figures are as the articles state them; follow the links for "
      "context.</footer></body></html>\n";
  return out;
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
std::string article_link(const storage::LedgerClaim& r) {
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

std::string alert_badges(const Ledger& ledger, const Entry& e, const std::string& root) {
  std::string out;
  for (const int64_t id : e.alerts) {
    const auto it = std::find_if(ledger.alerts.begin(), ledger.alerts.end(),
                                 [&](const AlertView& a) { return a.alert.id == id; });
    const bool open = it != ledger.alerts.end() && it->open;
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

std::string claims_table(const Ledger& ledger, const Group& g) {
  std::map<std::string, std::size_t> source_index;
  for (std::size_t i = 0; i < g.sources.size(); ++i) source_index[g.sources[i]] = i;
  std::string out =
      "<table class=\"claims\"><thead><tr><th>#</th><th>Date</th><th>Figure</th><th>Source</th>"
      "<th>Quote</th><th>Reported in</th></tr></thead><tbody>\n";
  for (std::size_t i = 0; i < g.entries.size(); ++i) {
    const Entry& e = g.entries[i];
    const auto& c = e.claim;
    out += "<tr id=\"f" + std::to_string(i + 1) + "\"" +
           (e.open_alerts.empty() ? "" : " class=\"alerted\"") + "><td class=\"num\">" +
           std::to_string(i + 1) + "</td><td class=\"date\">" + entry_date(e) +
           "</td><td class=\"fig\">" + escape(format_figure(c)) + alert_badges(ledger, e, "../");
    std::string details = c.qualifier;
    if (c.force) details += ", force: " + *c.force;
    if (c.period) details += ", " + *c.period;
    out += "<br><span class=\"muted\">" + escape(details) + "</span></td><td>" +
           source_symbol(source_index[e.source], 11) + " " + escape(e.source) +
           "</td><td class=\"quote\"><q>" + escape(cut(c.quote, k_max_quote)) +
           "</q></td><td><ul class=\"articles\">";
    for (const auto& r : e.reports) out += "<li>" + article_link(r) + "</li>";
    out += "</ul>";
    if (e.reports.size() > 1) {
      out += "<span class=\"muted\">" + std::to_string(e.reports.size()) + " reports folded</span>";
    }
    out += "</td></tr>\n";
  }
  return out + "</tbody></table>";
}

// "nearly 600 — Source (date)" for the alerts page.
std::string claim_cell(const storage::LedgerClaim& c) {
  return "<span class=\"fig\">" + escape(format_figure(c.claim)) + "</span> · " +
         escape(c.claim.source.value_or("unattributed")) + "<br><q>" +
         escape(cut(c.claim.quote, 400)) + "</q><br>" + article_link(c);
}

}  // namespace

std::string index_page(const Ledger& ledger) {
  int open = 0;
  for (const auto& a : ledger.alerts) open += a.open && !a.group_slug.empty();
  std::string body = "<h1>Reported figures</h1><p class=\"sub\">" +
                     std::to_string(ledger.groups.size()) + " subjects and metrics, " +
                     std::to_string(ledger.claims) + " claims, " + std::to_string(open) +
                     " open divergences.</p>";
  if (ledger.groups.empty()) {
    return page("newswatch ledger", "", body + "<p>No claims stored yet.</p>", ledger);
  }
  body +=
      "<table class=\"groups\"><thead><tr><th>Subject</th><th>Metric</th><th>Latest "
      "figure</th><th>Date</th><th>Latest source</th><th>Figures</th><th>Sources</th><th>Open "
      "divergences</th></tr></thead><tbody>\n";
  for (const auto& g : ledger.groups) {
    const Entry* latest = g.latest();
    const std::string href = "group/" + g.slug + ".html";
    body +=
        std::string("<tr") + (g.open_alerts ? " class=\"alerted\"" : "") + "><td><a href=\"" +
        href + "\">" + escape(g.key.subject) + "</a></td><td><a href=\"" + href + "\">" +
        escape(g.key.metric) + "</a>" +
        (g.key.unit && *g.key.unit != "people"
             ? " <span class=\"muted\">" + escape(*g.key.unit) + "</span>"
             : "") +
        "</td><td class=\"fig\">" + (latest ? escape(format_figure(latest->claim)) : "") +
        "</td><td class=\"date\">" + (latest ? entry_date(*latest) : "") + "</td><td>" +
        (latest ? escape(latest->source) : "") + "</td><td class=\"num\">" +
        std::to_string(g.entries.size()) + "</td><td class=\"num\">" +
        std::to_string(g.sources.size()) + "</td><td class=\"num\">" +
        (g.open_alerts ? "<span class=\"badge open\">" + std::to_string(g.open_alerts) + "</span>"
                       : std::string("0")) +
        "</td></tr>\n";
  }
  body += "</tbody></table>";
  return page("newswatch ledger", "", body, ledger);
}

std::string group_page(const Ledger& ledger, const Group& g) {
  std::size_t reports = 0;
  for (const auto& e : g.entries) reports += e.reports.size();
  const Chart chart = render_chart(g);
  std::string body = "<h1>" + escape(group_title(g.key)) + "</h1><p class=\"sub\">" +
                     std::to_string(g.entries.size()) + " figures from " +
                     std::to_string(g.sources.size()) + " sources in " + std::to_string(reports) +
                     " reports; " + std::to_string(g.alerts.size()) + " divergence alerts (" +
                     std::to_string(g.open_alerts) + " open).</p>";
  body += "<figure>" + chart.svg + "<figcaption>" + chart.legend + "</figcaption></figure>";
  body += "<h2>Every figure</h2>" + claims_table(ledger, g);
  return page(group_title(g.key) + " — newswatch ledger", "../", body, ledger);
}

std::string alerts_page(const Ledger& ledger) {
  std::string body = "<h1>Divergence alerts</h1><p class=\"sub\">" +
                     std::to_string(ledger.alerts.size()) +
                     " alerts, newest first. An alert is open until a later report from another "
                     "source confirms its figure.</p>";
  if (ledger.alerts.empty())
    return page("Alerts — newswatch ledger", "", body + "<p>No alerts.</p>", ledger);
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
  return page("Alerts — newswatch ledger", "", body, ledger);
}

std::vector<std::string> page_paths(const Ledger& ledger) {
  std::vector<std::string> out{"index.html", "alerts.html"};
  for (const auto& g : ledger.groups) out.push_back("group/" + g.slug + ".html");
  return out;
}

std::optional<std::string> render_page(const Ledger& ledger, std::string_view path) {
  if (path.empty() || path == "index.html") return index_page(ledger);
  if (path == "alerts.html") return alerts_page(ledger);
  constexpr std::string_view prefix = "group/", suffix = ".html";
  if (path.size() > prefix.size() + suffix.size() && path.substr(0, prefix.size()) == prefix &&
      path.substr(path.size() - suffix.size()) == suffix) {
    const auto slug = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
    if (const Group* g = ledger.find(slug)) return group_page(ledger, *g);
  }
  return std::nullopt;
}

}  // namespace nw::report
