#include "report/live.hpp"

#include "report/pages.hpp"

namespace nw::report {

LivePages::LivePages(storage::StoreSpec store, std::size_t max_claims)
    : m_store(std::move(store)), m_max_claims(max_claims) {}

std::optional<std::string> LivePages::page(const std::string& path, const Tolerance& tolerance) {
  if (!m_reader) m_reader = storage::open_store_readonly(m_store);
  std::string token;
  try {
    token = m_reader->change_token();
  } catch (const storage::StoreError&) {
    m_reader.reset();  // reopen next time: the file may have been replaced
    throw;
  }
  const bool same_tolerance =
      tolerance.base == m_tolerance.base && tolerance.per_metric == m_tolerance.per_metric;
  if (!m_ledger || token != m_token || !same_tolerance) {
    m_ledger = build_ledger(m_reader->ledger(m_max_claims), tolerance, now());
    m_token = std::move(token);
    m_tolerance = tolerance;
    ++m_builds;
  }
  return render_page(*m_ledger, path);
}

}  // namespace nw::report
