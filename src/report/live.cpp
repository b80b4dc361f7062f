#include "report/live.hpp"

#include "report/pages.hpp"

namespace nw::report {
namespace {

// Group pages kept rendered: the few a reader is likely to come back to.
constexpr std::size_t k_kept_group_pages = 32;

}  // namespace

LivePages::LivePages(storage::StoreSpec store) : m_store(std::move(store)) {}

std::optional<std::string> LivePages::page(const std::string& path, const Tolerance& tolerance) {
  const auto ref = parse_page_path(path);
  if (!ref) return std::nullopt;
  if (!m_reader) m_reader = storage::open_store_readonly(m_store);
  try {
    std::string token = m_reader->change_token();
    const bool same_tolerance = tolerance.base == m_tolerance.base &&
                                tolerance.per_metric == m_tolerance.per_metric &&
                                tolerance.open_bound_factor == m_tolerance.open_bound_factor;
    if (!m_fresh || token != m_token || !same_tolerance) {
      if (!same_tolerance) m_group_pages.clear();
      m_cache.refresh(*m_reader, tolerance, now());
      m_token = std::move(token);
      m_tolerance = tolerance;
      m_fresh = true;
      ++m_builds;
    }
    if (ref->kind == PageRef::Kind::index) return render_page(m_cache.summaries(), path);
    if (ref->kind != PageRef::Kind::group && ref->kind != PageRef::Kind::csv)
      return render_page(m_cache.ledger(), path);
    const std::string signature = m_cache.signature(ref->slug);
    if (signature.empty()) return std::nullopt;
    if (const auto it = m_group_pages.find(path);
        it != m_group_pages.end() && it->second.signature == signature) {
      return it->second.html;
    }
    std::optional<std::string> html;
    if (ref->kind == PageRef::Kind::group) {
      html = m_cache.group_page(*m_reader, ref->slug, ref->from);
    } else {
      // The CSV is every figure of the group: read and built whole.
      const auto one = m_cache.group(*m_reader, ref->slug);
      if (!one) return std::nullopt;
      html = render_page(*one, path);
    }
    if (html) {
      if (m_group_pages.size() >= k_kept_group_pages) m_group_pages.erase(m_group_pages.begin());
      m_group_pages[path] = {signature, *html};
    }
    return html;
  } catch (const storage::StoreError&) {
    m_reader.reset();  // reopen next time: the file may have been replaced
    throw;
  }
}

}  // namespace nw::report
