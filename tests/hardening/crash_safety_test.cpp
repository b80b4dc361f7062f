// Crash safety: the real daemon is SIGKILLed at random moments while it ingests
// feeds and delivers alerts, many times over. After every kill the database must
// pass `PRAGMA integrity_check`; in the end every served item is stored exactly
// once and every alert reached a real webhook receiver.
//
// "Delivered twice" (interface.md, Standard Webhooks): delivery is at least
// once. A kill that lands after the receiver answered 2xx but before the outbox
// recorded it makes the next daemon send that alert again, with the same
// webhook-id and body, so a receiver that dedups on webhook-id sees it once.
// So the test allows a repeat only across a kill (different daemon lifetimes)
// and with identical id and body; one daemon never sends an alert twice.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "support/daemon_process.hpp"
#include "support/http_server.hpp"
#include "support/sqlite_file.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

using namespace std::chrono_literals;

constexpr int k_kills = 40;
constexpr int k_items_per_round = 2;
constexpr const char* k_secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

// Item k states a figure for one of four groups; each group's figures grow by
// 30% per item, so (nearly) every item diverges from the one before it.
std::string item(int k) {
  static const char* groups[] = {"Belarusians", "Nepalis", "Cubans", "Kazakhs"};
  int value = 100;
  for (int i = 0; i < k / 4; ++i) value = value * 13 / 10;
  const std::string id = std::to_string(k);
  return "<item><guid>item-" + id + "</guid><link>http://127.0.0.1/news/" + id +
         "</link><title>Report " + id + "</title><description>Report number " + id +
         ": officials said " + std::to_string(value) + " " + groups[k % 4] +
         " have fought for Russia in Ukraine.</description></item>\n";
}

std::string feed(int items) {
  std::string body = "<rss version=\"2.0\"><channel><title>Crash</title>\n";
  for (int k = 0; k < items; ++k) body += item(k);
  return body + "</channel></rss>\n";
}

struct Receipt {
  std::string id;
  std::string body;
  int lifetime;  // which daemon process sent it
};

std::string integrity(const std::filesystem::path& db) {
  // Read-write, so a WAL left by the killed process is recovered as a restart would.
  test::SqliteFile d(db, test::SqliteFile::Mode::read_write);
  return d.text("PRAGMA integrity_check");
}

TEST(CrashSafety, RandomKillsLoseAndDuplicateNothing) {
  test::TempDir dir;
  std::atomic<int> items{k_items_per_round};
  std::atomic<int> lifetime{0};
  test::HttpServer server;
  server.route("/feed.xml", [&](const test::HttpRequest&) {
    test::HttpResponse r;
    r.headers = {{"Content-Type", "application/rss+xml"}};
    r.body = feed(items.load());
    return r;
  });
  std::mutex m;
  std::vector<Receipt> receipts;
  server.route("/hook", [&](const test::HttpRequest& rq) {
    {
      std::lock_guard lock(m);
      receipts.push_back({rq.header("webhook-id"), rq.body, lifetime.load()});
    }
    test::HttpResponse r;
    // A short pause widens the window between the receiver's 2xx and the
    // outbox commit, where a kill forces a redelivery.
    r.delay = 5ms;
    r.status = 204;
    return r;
  });
  test::write_file(dir / "nw.toml",
                   "[storage]\npath = \"nw.db\"\n[[feeds]]\nname = \"crash\"\nurl = \"" +
                       server.url("/feed.xml") +
                       "\"\ninterval = \"1s\"\n[[webhooks]]\nname = "
                       "\"hook\"\nurl = \"" +
                       server.url("/hook") + "\"\nsecret_env = \"NW_HOOK_SECRET\"\n");
  const std::vector<std::string> run = {test::binary().string(), "run", "-c",
                                        (dir / "nw.toml").string()};
  const std::vector<std::pair<std::string, std::string>> env = {{"NW_HOOK_SECRET", k_secret}};

  std::mt19937 rng(20261123);
  std::uniform_int_distribution<int> delay_ms(0, 900);
  int killed_with_db = 0;
  for (int i = 0; i < k_kills; ++i) {
    lifetime = i;
    {
      test::DaemonProcess daemon(run, dir / ("log." + std::to_string(i)), env);
      ASSERT_GT(daemon.pid(), 0);
      // The random moment counts from the database's creation, not from exec:
      // a loaded machine (sanitizers, parallel tests) can take longer than the
      // whole window just to start, and a kill before the file exists tests nothing.
      for (int w = 0; w < 200 && !std::filesystem::exists(dir / "nw.db"); ++w)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
      daemon.signal(SIGKILL);
    }  // reaped here
    if (std::filesystem::exists(dir / "nw.db")) {
      ++killed_with_db;
      ASSERT_EQ(integrity(dir / "nw.db"), "ok") << "after kill " << i;
    }
    items += k_items_per_round;  // the feed grows between lives
  }
  EXPECT_GT(killed_with_db, k_kills / 2);

  // A last, undisturbed life: everything served gets stored and delivered.
  lifetime = k_kills;
  const int served = items.load();
  {
    test::DaemonProcess daemon(run, dir / "log.final", env);
    const bool settled = test::eventually(
        [&] {
          test::SqliteFile d(dir / "nw.db");
          const auto stored = d.integer("SELECT COUNT(*) FROM articles");
          const auto pending =
              d.integer("SELECT COUNT(*) FROM deliveries WHERE status <> 'delivered'");
          return stored == served && pending == 0;
        },
        30s);
    EXPECT_TRUE(settled) << daemon.log();
    daemon.signal(SIGTERM);
    EXPECT_EQ(daemon.wait_exit(20s), 0) << daemon.log();
  }
  ASSERT_EQ(integrity(dir / "nw.db"), "ok");

  test::SqliteFile db(dir / "nw.db");
  // Every served item exactly once, by guid and by URL.
  std::map<std::string, int> by_guid, by_url;
  for (const auto& row : db.rows("SELECT guid, url FROM articles")) {
    ++by_guid[row.at(0)];
    ++by_url[row.at(1)];
  }
  for (int k = 0; k < served; ++k) {
    const std::string id = std::to_string(k);
    EXPECT_EQ(by_guid["item-" + id], 1) << "item " << k;
    EXPECT_EQ(by_url["http://127.0.0.1/news/" + id], 1) << "item " << k;
  }
  EXPECT_EQ(by_guid.size(), static_cast<std::size_t>(served));

  // Every alert raised reached the receiver; nothing it received was not raised.
  std::map<std::string, std::string> alerts;  // uid -> body
  for (const auto& row : db.rows("SELECT uid, body FROM alerts")) alerts[row.at(0)] = row.at(1);
  ASSERT_GT(alerts.size(), static_cast<std::size_t>(served / 2));
  std::lock_guard lock(m);
  std::map<std::string, std::vector<const Receipt*>> by_id;
  for (const auto& r : receipts) by_id[r.id].push_back(&r);
  for (const auto& [uid, body] : alerts) {
    EXPECT_TRUE(by_id.count(uid)) << "alert " << uid << " never delivered";
  }
  int redelivered = 0;
  for (const auto& [id, got] : by_id) {
    EXPECT_TRUE(alerts.count(id)) << "received an alert the database does not hold: " << id;
    std::set<int> lives;
    for (const auto* r : got) {
      EXPECT_EQ(r->body, got.front()->body) << "alert " << id << " changed between deliveries";
      EXPECT_TRUE(lives.insert(r->lifetime).second)
          << "alert " << id << " delivered twice by one daemon (life " << r->lifetime << ")";
    }
    redelivered += static_cast<int>(got.size()) - 1;
  }
  // No alert lost: an undisturbed run over the same final feed raises as many.
  test::TempDir ref;
  test::write_file(ref / "nw.toml",
                   "[storage]\npath = \"nw.db\"\n[[feeds]]\nname = \"crash\"\n"
                   "url = \"" +
                       server.url("/feed.xml") + "\"\n");
  const auto once = test::run_command(test::binary().string() + " once -c " +
                                      (ref / "nw.toml").string() + " 2>&1");
  ASSERT_EQ(once.status, 0) << once.out;
  test::SqliteFile refdb(ref / "nw.db");
  EXPECT_EQ(alerts.size(), static_cast<std::size_t>(refdb.integer("SELECT COUNT(*) FROM alerts")));

  // The receiver deduplicates on webhook-id; how often it had to is worth seeing.
  std::cout << "crash safety: " << k_kills << " kills, " << served << " items, " << alerts.size()
            << " alerts, " << receipts.size() << " deliveries, " << redelivered
            << " redelivered after a kill\n";
}

}  // namespace
}  // namespace nw
