// A Fetcher that reports every result to an observer before passing it on:
// how the metrics see HTTP statuses and bytes without touching the Poller.
#pragma once

#include <functional>
#include <memory>

#include "fetchers/fetcher.hpp"

namespace nw::daemon {

// Wraps `inner` (not owned; must outlive the wrapper). `observe` runs on the
// loop thread for each result, before the caller's callback.
std::unique_ptr<fetchers::Fetcher> make_metered_fetcher(
    fetchers::Fetcher& inner, std::function<void(const fetchers::FetchResult&)> observe);

}  // namespace nw::daemon
