// Three `newswatch run` daemons on one PostgreSQL database, polling a few
// hundred feeds on four loopback hosts; one is SIGKILLed mid-run and started
// again. What they stored, alerted and delivered is then checked whole.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <iostream>
#include <map>
#include <mutex>
#include <regex>
#include <set>

#include "support/daemon_process.hpp"
#include "support/feeds.hpp"
#include "support/http_server.hpp"
#include "support/pg_server.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

using namespace std::chrono_literals;
using test::TempDir;

constexpr int k_hosts = 4;
constexpr int k_feeds = 600;
constexpr int k_items = 2;  // per feed, besides the planted figures
constexpr int k_per_host = 2;

// Groups with two conflicting figures each, one figure in each of two feeds:
// each must raise exactly one alert, whichever daemon stores which figure.
const std::vector<std::string> k_peoples = {"Belarusians", "Ukrainians", "Georgians",
                                            "Moldovans",   "Kazakhs",    "Armenians"};

// Requests being answered at once per host by daemons still alive, and the
// most seen. Each daemon run has its own user agent. A SIGKILLed daemon's
// connections close with it, but a handler answering one of them runs on
// until it returns, and one already in a socket's buffer is still read: those
// no longer count from the kill (end_agent). Counting them made the test fail
// now and then (most "2 4 4 4", or 3 on host 0): the others took the dead
// daemon's places on a host (its session gone, issue 18) while its handlers
// still slept.
class HostLoad {
 public:
  // Whether the request counts: not when it comes from a daemon already killed.
  bool enter(const std::string& agent) {
    std::lock_guard lock(m_mutex);
    if (m_ended.contains(agent)) {
      ++m_after_end;
      return false;
    }
    ++m_now[agent];
    int total = 0;
    for (const auto& [a, n] : m_now) total += n;
    m_most = std::max(m_most, total);
    return true;
  }
  void leave(const std::string& agent, bool counted) {
    std::lock_guard lock(m_mutex);
    if (counted && !m_ended.contains(agent)) --m_now[agent];
  }
  // From now on `agent`'s requests are not in flight: called just before its
  // daemon is SIGKILLed. Until it dies it holds its leases, so no other daemon
  // can take its places on this host meanwhile.
  void end_agent(const std::string& agent) {
    std::lock_guard lock(m_mutex);
    m_ended.insert(agent);
    m_after_end += m_now[agent];
    m_now.erase(agent);
  }
  int most() {
    std::lock_guard lock(m_mutex);
    return m_most;
  }
  // Requests of ended agents that were being answered at their end, or came after it.
  int after_end() {
    std::lock_guard lock(m_mutex);
    return m_after_end;
  }

 private:
  std::mutex m_mutex;
  std::map<std::string, int> m_now;
  std::set<std::string> m_ended;
  int m_most = 0;
  int m_after_end = 0;
};

std::string feed_body(int feed) {
  std::vector<test::RssItem> items;
  for (int j = 0; j < k_items; ++j) {
    const std::string id = std::to_string(feed) + "-" + std::to_string(j);
    items.push_back({"item-" + id, "Item " + id, "A quiet day in the valley, the report said.",
                     "https://news.example/" + id, ""});
  }
  // Feeds 0..2K-1 carry the planted figures: the lower in even feeds, the higher in odd.
  const auto planted = static_cast<std::size_t>(feed / 2);
  if (planted < k_peoples.size()) {
    const std::string figure = feed % 2 == 0 ? "742" : "1,500";
    items.push_back(
        {"figure-" + std::to_string(feed), "Count",
         "The project said " + figure + " " + k_peoples[planted] + " have fought for Russia.",
         "https://figures.example/" + std::to_string(feed), ""});
  }
  return test::rss(items, "Feed " + std::to_string(feed));
}

std::size_t served_items() {
  return k_feeds * k_items + 2 * k_peoples.size();
}

// Each (feed, lease) whose poll a daemon's log says it stored, with how often.
void count_stored_polls(const std::string& log, std::map<std::string, int>& seen) {
  static const std::regex polled(R"(feed\.polled feed=(\S+) .* lease=(\d+) lease_lost=false)");
  for (auto it = std::sregex_iterator(log.begin(), log.end(), polled); it != std::sregex_iterator();
       ++it) {
    ++seen[(*it)[1].str() + " " + (*it)[2].str()];
  }
}

TEST(PostgresLeaseDaemonTest, ThreeDaemonsOneKilledStoreAlertAndDeliverEverythingOnce) {
  NW_REQUIRE_POSTGRES();
  test::PgDatabase db;
  TempDir dir;
  std::array<HostLoad, k_hosts> load;
  // The daemon to be killed (its own user agent) gets no answer from host 0
  // until it is killed, so it is sure to hold leases then; its requests count
  // as in flight until that moment.
  std::atomic<bool> killed{false};
  std::atomic<int> stuck{0};
  std::vector<std::unique_ptr<test::HttpServer>> hosts;
  for (int h = 0; h < k_hosts; ++h) hosts.push_back(std::make_unique<test::HttpServer>());
  std::string feeds;
  for (int i = 0; i < k_feeds; ++i) {
    const int h = i % k_hosts;
    const std::string path = "/f" + std::to_string(i) + ".xml";
    hosts[static_cast<std::size_t>(h)]->route(
        path, [&load, &killed, &stuck, h, body = feed_body(i)](const test::HttpRequest& rq) {
          HostLoad& l = load[static_cast<std::size_t>(h)];
          const std::string agent = rq.header("user-agent");
          const bool counted = l.enter(agent);
          if (h == 0 && agent == "victim") {
            ++stuck;
            for (int waited = 0; waited < 6000 && !killed; ++waited)
              std::this_thread::sleep_for(10ms);
            l.leave(agent, counted);
            test::HttpResponse dropped;
            dropped.drop = true;
            return dropped;
          }
          // Long enough that requests to one host overlap if anything lets them.
          std::this_thread::sleep_for(20ms);
          l.leave(agent, counted);
          test::HttpResponse r;
          if (rq.header("if-none-match") == "\"v1\"") {
            r.status = 304;
          } else {
            r.body = body;
            r.headers = {{"ETag", "\"v1\""}, {"Content-Type", "application/rss+xml"}};
          }
          return r;
        });
    feeds += test::feed_toml("f" + std::to_string(i), hosts[static_cast<std::size_t>(h)]->url(path),
                             "5s");
  }
  test::HttpServer receiver;
  receiver.route("/hook", 200, "");
  // Each daemon run its own user agent (HostLoad). The victim's timeout
  // outlasts its stuck requests: one it gave up on would still be counted.
  const auto start = [&](const std::string& user_agent) {
    test::write_file(dir / (user_agent + ".toml"),
                     "[storage]\nurl = \"" + db.url() + "\"\n[fetch]\nper_host = " +
                         std::to_string(k_per_host) + "\nuser_agent = \"" + user_agent +
                         "\"\ntimeout = \"120s\"\n[[webhooks]]\nname = \"desk\"\nurl = \"" +
                         receiver.url("/hook") + "\"\n" + feeds);
    return std::make_unique<test::DaemonProcess>(
        std::vector<std::string>{test::binary().string(), "run", "--log-level", "debug", "-c",
                                 (dir / (user_agent + ".toml")).string()},
        dir / (user_agent + ".log"));
  };
  const auto count = [&](const std::string& sql) { return std::stoll(db.query(sql)); };
  std::vector<std::unique_ptr<test::DaemonProcess>> daemons;
  for (const char* agent : {"first", "victim", "third"}) daemons.push_back(start(agent));

  // SIGKILL one once a quarter of the items are in and it holds a lease it
  // cannot finish.
  ASSERT_TRUE(test::eventually(
      [&] {
        return stuck > 0 && db.query("SELECT to_regclass('articles')") == "articles" &&
               count("SELECT count(*) FROM articles") >= static_cast<long long>(served_items() / 4);
      },
      60s))
      << daemons[1]->log();
  for (auto& l : load) l.end_agent("victim");
  killed = true;
  daemons[1]->signal(SIGKILL);
  EXPECT_EQ(daemons[1]->wait_exit(10s), -1);
  const std::string killed_log = daemons[1]->log();
  daemons[1] = start("restarted");

  ASSERT_TRUE(test::eventually(
      [&] {
        return count("SELECT count(*) FROM articles") == static_cast<long long>(served_items()) &&
               count("SELECT count(*) FROM feeds WHERE last_success IS NULL") == 0 &&
               count("SELECT count(*) FROM alerts") >= static_cast<long long>(k_peoples.size()) &&
               count("SELECT count(*) FROM deliveries WHERE status <> 'delivered'") == 0;
      },
      60s))
      << db.query("SELECT count(*) || ' articles' FROM articles");
  // The restarted daemon takes part again.
  EXPECT_TRUE(test::eventually(
      [&] { return daemons[1]->log().find("feed.polled") != std::string::npos; }, 30s));
  for (auto& d : daemons) d->signal(SIGTERM);
  for (auto& d : daemons) EXPECT_EQ(d->wait_exit(30s), 0) << d->log();

  // Every served item stored exactly once.
  EXPECT_EQ(count("SELECT count(*) FROM articles"), static_cast<long long>(served_items()));
  EXPECT_EQ(count("SELECT count(DISTINCT (feed_id, guid)) FROM articles"),
            static_cast<long long>(served_items()));
  // No feed's poll stored twice under one lease, across all four daemon runs.
  std::map<std::string, int> stored;
  count_stored_polls(killed_log, stored);
  for (const auto& d : daemons) count_stored_polls(d->log(), stored);
  EXPECT_GE(stored.size(), static_cast<std::size_t>(k_feeds));
  for (const auto& [poll, times] : stored) EXPECT_EQ(times, 1) << poll;
  // Every planted divergence raised exactly one alert.
  EXPECT_EQ(count("SELECT count(*) FROM alerts"), static_cast<long long>(k_peoples.size()));
  EXPECT_EQ(count("SELECT count(DISTINCT subject) FROM alerts"),
            static_cast<long long>(k_peoples.size()));
  // The receiver got every alert, each under one webhook-id with one body
  // (a daemon killed between sending and recording may have sent one twice).
  std::map<std::string, std::set<std::string>> bodies;
  for (const auto& rq : receiver.requests()) bodies[rq.header("webhook-id")].insert(rq.body);
  std::set<std::string> uids;
  for (int i = 0; i < static_cast<int>(k_peoples.size()); ++i) {
    uids.insert(db.query("SELECT uid FROM alerts ORDER BY id OFFSET " + std::to_string(i)));
  }
  std::set<std::string> received;
  for (const auto& [id, versions] : bodies) {
    received.insert(id);
    EXPECT_EQ(versions.size(), 1u) << id;
  }
  EXPECT_EQ(received, uids);
  // What happened, for whoever reads the output (timing-dependent, not asserted).
  const auto occurrences = [&](const std::string& what) {
    std::size_t n = 0;
    std::vector<std::string> logs{killed_log};
    for (const auto& d : daemons) logs.push_back(d->log());
    for (const auto& log : logs) {
      for (auto at = log.find(what); at != std::string::npos; at = log.find(what, at + 1)) ++n;
    }
    return n;
  };
  // Its leases went to the others: each of its unfinished feeds was taken over.
  EXPECT_GE(occurrences("feed.lease_taken_over"), 1u);
  std::cout << "leases stored: " << stored.size()
            << ", taken over: " << occurrences("feed.lease_taken_over")
            << ", lost: " << occurrences("feed.lease_lost")
            << ", most requests at once per host by live daemons:";
  for (auto& l : load) std::cout << " " << l.most();
  std::cout << ", the killed daemon's answered after its kill:";
  for (auto& l : load) std::cout << " " << l.after_end();
  std::cout << "\n";
  // per_host held across the daemons alive together (the killed one's stuck
  // requests on host 0 were in flight until its kill).
  for (int h = 0; h < k_hosts; ++h) {
    EXPECT_LE(load[static_cast<std::size_t>(h)].most(), k_per_host) << "host " << h;
    EXPECT_GE(load[static_cast<std::size_t>(h)].most(), 1) << "host " << h;
  }
  EXPECT_GE(load[0].after_end(), 1);
}

}  // namespace
}  // namespace nw
