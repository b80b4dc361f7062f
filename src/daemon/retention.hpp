// Retention in the daemon ([storage] keep_text): a small prune step now and
// then, as one writer job between the polls' jobs, then the space it freed
// given back. Steps are small so that a poll's commit never waits long.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "daemon/periodic_timer.hpp"

namespace nw::daemon {

class Writer;

class Retention {
 public:
  // Prunes bodies older than `keep_text` through `writer`, on `io`'s timers.
  Retention(boost::asio::io_context& io, Writer& writer, std::chrono::seconds keep_text);

  // The first step now, then one every period (loop thread).
  void start();
  // No step starts after this; one already queued still runs (loop thread).
  void stop();

 private:
  // Queues one step; `done` runs on the loop once it has committed or failed.
  void step(std::function<void()> done);

  boost::asio::io_context& m_io;
  Writer& m_writer;
  std::chrono::seconds m_keep_text;
  PeriodicTimer m_timer;
};

}  // namespace nw::daemon
