#include "report/site.hpp"

#include <fstream>
#include <set>
#include <stdexcept>

#include "report/pages.hpp"

namespace nw::report {

Ledger load_ledger(const storage::StoreSpec& store, const Tolerance& tolerance,
                   std::size_t max_claims) {
  return build_ledger(storage::open_store_readonly(store)->ledger(max_claims), tolerance, now());
}

std::size_t write_site(const Ledger& ledger, const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir / "group", ec);
  if (ec) throw std::runtime_error((dir / "group").string() + ": " + ec.message());
  std::size_t n = 0;
  for (const auto& path : page_paths(ledger)) {
    const auto target = dir / path;
    const auto temp = target.string() + ".tmp";
    {
      std::ofstream out(temp, std::ios::binary | std::ios::trunc);
      out << *render_page(ledger, path);
      if (!out.flush()) throw std::runtime_error(temp + ": cannot write");
    }
    std::filesystem::rename(temp, target, ec);
    if (ec) throw std::runtime_error(target.string() + ": " + ec.message());
    ++n;
  }
  // Pages of groups that are gone (their claims were replaced) would linger unlinked.
  std::set<std::string> written;
  for (const auto& path : page_paths(ledger)) written.insert(path);
  for (const auto& f : std::filesystem::directory_iterator(dir / "group", ec)) {
    const std::string name = "group/" + f.path().filename().string();
    if (f.is_regular_file() && f.path().extension() == ".html" && !written.count(name)) {
      std::filesystem::remove(f.path(), ec);
    }
  }
  return n;
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
