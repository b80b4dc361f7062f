// The one writer: every database write runs on its thread, and jobs that
// queue up while a transaction runs are committed together in the next one.
//
// The job contract: a job may run more than once. When any job of a batch
// throws, the whole batch is rolled back and each job is run again alone, so a
// job that had already run is run a second time. So a job changes nothing but
// the store while it runs: whatever it learns (counts, ids, moves) leaves it
// only through the continuation it returns, which runs once, after the commit.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "storage/store.hpp"

namespace nw::daemon {

class Writer {
 public:
  // A job's work runs inside a transaction (perhaps twice: see above) and
  // returns what to do once that transaction has committed (or nullptr).
  using Work = std::function<std::function<void()>(storage::Store&)>;
  // Runs, on the writer thread, when a job's work failed alone: it never committed.
  using Failed = std::function<void(const storage::StoreError& error)>;

  // Takes ownership of an open store; starts the writer thread.
  explicit Writer(std::unique_ptr<storage::Store> store);
  // Finishes every queued job, then stops.
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  // Queues a job. If its batch fails, it is retried alone, so one bad job
  // cannot roll back the others; a job that fails alone is logged and `failed` runs.
  void submit(Work work, Failed failed = nullptr);
  // Queues a job that runs in a transaction of its own, never batched with
  // others: for short work that takes locks other daemons wait for until it
  // commits (Store::lease_feeds), which a large batch would hold for long.
  void submit_alone(Work work, Failed failed = nullptr);

  // Blocks until every job submitted so far has run.
  void flush();

  // Jobs submitted and not yet taken into a batch.
  std::size_t queued();

 private:
  struct Job {
    Work work;
    Failed failed;
    bool alone = false;
  };
  void queue(Job job);
  void loop();
  void run_batch(std::deque<Job>& batch);
  void retry_alone(Job& job, std::vector<std::function<void()>>& after);

  std::unique_ptr<storage::Store> m_store;
  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::condition_variable m_idle;
  std::deque<Job> m_queue;
  bool m_busy = false;
  bool m_stop = false;
  std::thread m_thread;
};

}  // namespace nw::daemon
