#include "daemon/metered_fetcher.hpp"

namespace nw::daemon {
namespace {

class MeteredFetcher : public fetchers::Fetcher {
 public:
  MeteredFetcher(fetchers::Fetcher& inner,
                 std::function<void(const fetchers::FetchResult&)> observe)
      : m_inner(inner), m_observe(std::move(observe)) {}

  void fetch(fetchers::FetchRequest request, fetchers::FetchCallback done) override {
    m_inner.fetch(std::move(request), [this, done = std::move(done)](fetchers::FetchResult r) {
      m_observe(r);
      done(std::move(r));
    });
  }
  std::size_t in_flight() const override { return m_inner.in_flight(); }
  void cancel_all() override { m_inner.cancel_all(); }

 private:
  fetchers::Fetcher& m_inner;
  std::function<void(const fetchers::FetchResult&)> m_observe;
};

}  // namespace

std::unique_ptr<fetchers::Fetcher> make_metered_fetcher(
    fetchers::Fetcher& inner, std::function<void(const fetchers::FetchResult&)> observe) {
  return std::make_unique<MeteredFetcher>(inner, std::move(observe));
}

}  // namespace nw::daemon
