// The database on a full disk, a read-only filesystem, or locked by another
// process: a clear error naming the file and the cause, nothing stored lost or
// corrupted, and recovery once the cause goes away. Full and read-only disks
// are small tmpfs mounts (root only; skipped with a message otherwise).
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <thread>

#include "support/daemon_process.hpp"
#include "support/http_server.hpp"
#include "support/sqlite_file.hpp"
#include "support/test_paths.hpp"

namespace nw {
namespace {

using namespace std::chrono_literals;

// A tmpfs mounted on `dir` for the life of the object.
class Tmpfs {
 public:
  Tmpfs(std::filesystem::path dir, const std::string& size) : m_dir(std::move(dir)) {
    std::filesystem::create_directories(m_dir);
    const std::string opts = "size=" + size + ",mode=0755";
    if (::mount("tmpfs", m_dir.c_str(), "tmpfs", 0, opts.c_str()) == 0) {
      m_mounted = true;
    } else {
      m_error = std::strerror(errno);
    }
  }
  ~Tmpfs() {
    if (m_mounted) ::umount2(m_dir.c_str(), MNT_DETACH);
  }
  Tmpfs(const Tmpfs&) = delete;
  Tmpfs& operator=(const Tmpfs&) = delete;

  bool mounted() const { return m_mounted; }
  const std::string& error() const { return m_error; }
  // Remounts with new options ("ro", "rw", "size=64m").
  bool remount(const std::string& opts, bool read_only = false) {
    unsigned long flags = MS_REMOUNT | (read_only ? MS_RDONLY : 0);
    return ::mount("tmpfs", m_dir.c_str(), "tmpfs", flags, opts.c_str()) == 0;
  }

 private:
  std::filesystem::path m_dir;
  bool m_mounted = false;
  std::string m_error;
};

// A feed that grows on demand, with an ETag so that a poll after a failed
// write must not be answered 304 for entries that were never stored.
class GrowingFeed {
 public:
  explicit GrowingFeed(int items, std::size_t words_per_item = 20)
      : m_items(items), m_words(words_per_item) {
    m_server.route("/feed.xml", [this](const test::HttpRequest& rq) {
      const int n = m_items.load();
      const std::string etag = "\"v" + std::to_string(n) + "\"";
      test::HttpResponse r;
      r.headers = {{"Content-Type", "application/rss+xml"}, {"ETag", etag}};
      if (rq.header("if-none-match") == etag) {
        r.status = 304;
        return r;
      }
      r.body = body(n);
      return r;
    });
  }
  void grow_to(int items) { m_items = items; }
  int items() const { return m_items.load(); }
  std::string url() const { return m_server.url("/feed.xml"); }

 private:
  // Words drawn at random per item, so that no item is a near-duplicate of another.
  std::string body(int n) const {
    static const char* words[] = {"army",  "contract", "border", "region",  "report", "village",
                                  "court", "official", "market", "harvest", "river",  "station",
                                  "night", "winter",   "letter", "council", "bridge", "factory"};
    std::string out = "<rss version=\"2.0\"><channel><title>Grow</title>\n";
    for (int k = 0; k < n; ++k) {
      std::mt19937 rng(static_cast<unsigned>(k) * 7919u + 1u);
      std::string text = "Item " + std::to_string(k) + ":";
      for (std::size_t w = 0; w < m_words; ++w) {
        text += ' ';
        text += words[rng() % 18];
        text += std::to_string(rng() % 1000);
      }
      out += "<item><guid>g" + std::to_string(k) + "</guid><title>Item " + std::to_string(k) +
             "</title><description>" + text + ".</description></item>\n";
    }
    return out + "</channel></rss>\n";
  }

  test::HttpServer m_server;
  std::atomic<int> m_items;
  std::size_t m_words;
};

std::filesystem::path write_config(const std::filesystem::path& conf_dir,
                                   const std::filesystem::path& db, const std::string& feed_url,
                                   const std::string& interval = "1h") {
  test::write_file(conf_dir / "nw.toml", "[storage]\npath = \"" + db.string() +
                                             "\"\n[[feeds]]\nname = \"grow\"\nurl = \"" + feed_url +
                                             "\"\ninterval = \"" + interval + "\"\n");
  return conf_dir / "nw.toml";
}

test::CommandResult once(const std::filesystem::path& config) {
  return test::run_command(test::binary().string() + " once --wait 1s -c " + config.string());
}

std::string integrity(const std::filesystem::path& db) {
  test::SqliteFile d(db);
  return d.text("PRAGMA integrity_check");
}

int articles(const std::filesystem::path& db) {
  const char* sql = "SELECT COUNT(DISTINCT guid) FROM articles";
  try {
    test::SqliteFile d(db);
    return static_cast<int>(d.integer(sql));
  } catch (const std::runtime_error&) {
    // A read-only filesystem without the WAL's -shm file: read it as immutable.
    test::SqliteFile d("file:" + db.string() + "?immutable=1");
    return static_cast<int>(d.integer(sql));
  }
}

// articles(), or -1 while the daemon has not created the database yet.
int articles_once_ready(const std::filesystem::path& db) {
  try {
    return std::filesystem::exists(db) ? articles(db) : -1;
  } catch (const std::runtime_error&) {
    return -1;  // created but not yet migrated
  }
}

// A run the database refused: a failing exit whose error names the file and the cause.
void expect_refused(const test::CommandResult& r, const std::filesystem::path& db,
                    const std::string& cause) {
  EXPECT_NE(r.status, 0) << r.out;
  EXPECT_NE(r.err.find(db.string()), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(cause), std::string::npos) << r.err;
}

// Once the cause is gone the next run succeeds, the file is sound and holds every item.
void expect_recovers(const std::filesystem::path& config, const std::filesystem::path& db,
                     int items) {
  const auto r = once(config);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(integrity(db), "ok");
  EXPECT_EQ(articles(db), items);
}

TEST(DiskTrouble, FullDiskFailsClearlyThenRecovers) {
  test::TempDir dir;
  Tmpfs disk(dir / "disk", "768k");
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs (needs root): " << disk.error();
  const auto db = dir / "disk" / "nw.db";
  GrowingFeed feed(5, 200);
  const auto config = write_config(dir.path(), db, feed.url());
  const auto first = once(config);
  ASSERT_EQ(first.status, 0) << first.err;
  ASSERT_EQ(articles(db), 5);

  feed.grow_to(400);  // some 1.5 MB of text, twice over (content and text)
  expect_refused(once(config), db, "full");
  EXPECT_EQ(integrity(db), "ok");
  EXPECT_GE(articles(db), 5);  // what was stored before is still there

  ASSERT_TRUE(disk.remount("size=64m"));
  expect_recovers(config, db, 400);
}

TEST(DiskTrouble, ReadOnlyFilesystemFailsClearlyThenRecovers) {
  test::TempDir dir;
  Tmpfs disk(dir / "disk", "16m");
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs (needs root): " << disk.error();
  const auto db = dir / "disk" / "nw.db";
  GrowingFeed feed(3);
  const auto config = write_config(dir.path(), db, feed.url());
  ASSERT_EQ(once(config).status, 0);

  ASSERT_TRUE(disk.remount("", /*read_only=*/true));
  feed.grow_to(10);
  expect_refused(once(config), db, "Read-only file system");
  EXPECT_EQ(articles(db), 3);

  ASSERT_TRUE(disk.remount("", /*read_only=*/false));
  expect_recovers(config, db, 10);
}

TEST(DiskTrouble, LockedDatabaseFailsClearlyThenRecovers) {
  test::TempDir dir;
  const auto db = dir / "nw.db";
  GrowingFeed feed(3);
  const auto config = write_config(dir.path(), db, feed.url());
  ASSERT_EQ(once(config).status, 0);

  feed.grow_to(8);
  {
    // Another process's connection (SQLite locks are per file, not per process).
    test::SqliteFile other(db, test::SqliteFile::Mode::read_write);
    other.exec("BEGIN EXCLUSIVE");
    other.exec("UPDATE feeds SET last_error = 'held by the test'");
    expect_refused(once(config), db, "locked");  // after waiting out the busy timeout
    other.exec("ROLLBACK");
  }
  EXPECT_EQ(articles(db), 3);
  expect_recovers(config, db, 8);
}

// `run` keeps going through a full disk, then stores everything once space is back.
TEST(DiskTrouble, DaemonRidesOutAFullDisk) {
  test::TempDir dir;
  Tmpfs disk(dir / "disk", "4m");
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs (needs root): " << disk.error();
  const auto db = dir / "disk" / "nw.db";
  GrowingFeed feed(3, 200);
  const auto config = write_config(dir.path(), db, feed.url(), "1s");
  test::DaemonProcess daemon({test::binary().string(), "run", "-c", config.string()}, dir / "log");
  ASSERT_TRUE(test::eventually([&] { return articles_once_ready(db) == 3; }, 20s)) << daemon.log();

  // Fill what is left of the disk.
  {
    std::ofstream filler(dir / "disk" / "filler", std::ios::binary);
    const std::string chunk(64 * 1024, 'x');
    while (filler.write(chunk.data(), chunk.size()) && filler.flush()) {
    }
  }
  feed.grow_to(60);
  ASSERT_TRUE(test::eventually([&] { return daemon.log().find("full") != std::string::npos; }, 20s))
      << daemon.log();
  EXPECT_TRUE(daemon.running());
  EXPECT_EQ(articles(db), 3);

  std::filesystem::remove(dir / "disk" / "filler");
  EXPECT_TRUE(test::eventually([&] { return articles(db) == 60; }, 20s)) << daemon.log();
  EXPECT_TRUE(daemon.running());
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(20s), 0) << daemon.log();
  EXPECT_EQ(integrity(db), "ok");
}

// `run` keeps going while another process holds the write lock, then catches up.
TEST(DiskTrouble, DaemonRidesOutALock) {
  test::TempDir dir;
  const auto db = dir / "nw.db";
  GrowingFeed feed(3);
  const auto config = write_config(dir.path(), db, feed.url(), "1s");
  test::DaemonProcess daemon({test::binary().string(), "run", "-c", config.string()}, dir / "log");
  ASSERT_TRUE(test::eventually([&] { return articles_once_ready(db) == 3; }, 20s)) << daemon.log();
  {
    test::SqliteFile other(db, test::SqliteFile::Mode::read_write);
    other.exec("BEGIN EXCLUSIVE");
    other.exec("UPDATE feeds SET last_error = 'held by the test'");
    feed.grow_to(9);
    EXPECT_TRUE(
        test::eventually([&] { return daemon.log().find("locked") != std::string::npos; }, 20s))
        << daemon.log();
    EXPECT_TRUE(daemon.running());
    other.exec("ROLLBACK");
  }
  EXPECT_TRUE(test::eventually([&] { return articles(db) == 9; }, 20s)) << daemon.log();
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_exit(20s), 0) << daemon.log();
  EXPECT_EQ(integrity(db), "ok");
}

}  // namespace
}  // namespace nw
