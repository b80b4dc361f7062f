#include "report/site.hpp"

#include <fstream>
#include <set>
#include <stdexcept>

#include "report/ledger_cache.hpp"
#include "report/pages.hpp"

namespace nw::report {

Ledger load_ledger(const storage::StoreSpec& store, const Tolerance& tolerance,
                   std::size_t max_claims) {
  return build_ledger(storage::open_store_readonly(store)->ledger(max_claims), tolerance, now());
}

namespace {

// Writes `content` to `target` unless the file already holds exactly that;
// whether it wrote. Written beside, then renamed: a reader never sees half a page.
bool write_if_changed(const std::filesystem::path& target, const std::string& content) {
  std::error_code ec;
  if (std::filesystem::file_size(target, ec) == content.size() && !ec) {
    std::ifstream in(target, std::ios::binary);
    std::string old(content.size(), '\0');
    if (in.read(old.data(), static_cast<std::streamsize>(old.size())) && old == content) {
      return false;
    }
  }
  const auto temp = target.string() + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out.flush()) throw std::runtime_error(temp + ": cannot write");
  }
  std::filesystem::rename(temp, target, ec);
  if (ec) throw std::runtime_error(target.string() + ": " + ec.message());
  return true;
}

void make_dirs(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir / "group", ec);
  if (ec) throw std::runtime_error((dir / "group").string() + ": " + ec.message());
}

// Pages no longer in the site (a group gone, fewer pages of a list) would
// linger unlinked: removes every .html (and group .csv) file in `dir` and `dir`/group not in
// `keep`.
void remove_stale(const std::filesystem::path& dir, const std::set<std::string>& keep) {
  std::error_code ec;
  for (const char* sub : {"", "group/"}) {
    for (const auto& f : std::filesystem::directory_iterator(dir / sub, ec)) {
      const std::string name = sub + f.path().filename().string();
      const auto ext = f.path().extension();
      if (f.is_regular_file() && (ext == ".html" || ext == ".csv") && !keep.count(name) &&
          parse_page_path(name)) {
        std::filesystem::remove(f.path(), ec);
      }
    }
  }
}

}  // namespace

SiteWrite write_site(storage::StoreReader& reader, const Tolerance& tolerance,
                     const std::filesystem::path& dir) {
  make_dirs(dir);
  SiteWrite out;
  std::set<std::string> paths;
  // Each group is read once: its pages are written as it is built, then only
  // its summary is kept, for the index.
  LedgerCache cache;
  cache.refresh(reader, tolerance, now(), [&](const Ledger& one) {
    for_each_group_page(one, [&](const std::string& path, const std::string& content) {
      paths.insert(path);
      ++out.pages;
      out.written += write_if_changed(dir / path, content);
    });
  });
  const Ledger& summaries = cache.ledger();
  out.groups = summaries.groups.size();
  out.claims = summaries.claims;
  out.alerts = summaries.alerts.size();
  for (const auto& path : page_paths(summaries)) {
    const auto kind = parse_page_path(path)->kind;
    if (kind == PageRef::Kind::group || kind == PageRef::Kind::csv) continue;  // written above
    paths.insert(path);
    ++out.pages;
    out.written += write_if_changed(dir / path, *render_page(summaries, path));
  }
  remove_stale(dir, paths);
  return out;
}

std::size_t write_site(const Ledger& ledger, const std::filesystem::path& dir) {
  make_dirs(dir);
  std::set<std::string> paths;
  for (const auto& path : page_paths(ledger)) {
    const auto kind = parse_page_path(path)->kind;
    if (kind == PageRef::Kind::group || kind == PageRef::Kind::csv) continue;
    write_if_changed(dir / path, *render_page(ledger, path));
    paths.insert(path);
  }
  for (const auto& g : ledger.groups) {
    if (!g.complete) continue;
    Ledger one;
    one.generated_at = ledger.generated_at;
    one.groups.push_back(g);
    for (const auto& a : ledger.alerts) {
      if (a.group_slug == g.slug) one.alerts.push_back(a);
    }
    for_each_group_page(one, [&](const std::string& path, const std::string& content) {
      write_if_changed(dir / path, content);
      paths.insert(path);
    });
  }
  remove_stale(dir, paths);
  return paths.size();
}

std::optional<std::string> page_path(const std::string& target) {
  std::string path = target.substr(0, target.find_first_of("?#"));
  if (path.empty() || path[0] != '/') return std::nullopt;
  path.erase(0, 1);
  // Slugs are [a-z0-9-], so anything else (%-escapes, "..", more slashes) is no page.
  for (const char c : path) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '/';
    if (!ok) return std::nullopt;
  }
  if (path.find("..") != std::string::npos) return std::nullopt;
  if (path.empty()) return "index.html";
  return path;
}

}  // namespace nw::report
