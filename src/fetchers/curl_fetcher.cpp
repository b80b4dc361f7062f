// libcurl's multi-socket interface on Boost.Asio: curl says which sockets to
// watch and when to wake it; Asio waits on them and on one timer. No thread
// per request and no blocking call on the loop (file:// reads aside).
#include <curl/curl.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <charconv>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "fetchers/address.hpp"
#include "fetchers/classify.hpp"
#include "fetchers/fetcher.hpp"

namespace nw::fetchers {
namespace {

namespace asio = boost::asio;

struct Transfer {
  CURL* easy = nullptr;
  std::string host;  // host_key of the URL
  curl_slist* headers = nullptr;
  FetchRequest request;
  FetchCallback done;
  std::string body;
  // Each response's request URL and status, in order (1xx skipped).
  std::vector<std::pair<std::string, int>> hops;
  bool too_large = false;
  std::string refused;  // why a socket was not opened (public_only)
  char errbuf[CURL_ERROR_SIZE] = {};
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

  ~Transfer() {
    if (easy) curl_easy_cleanup(easy);
    curl_slist_free_all(headers);
  }
};

// One socket curl asked us to watch. Shared with pending waits, so a wait
// that completes after curl dropped the socket finds `removed` set.
struct Watch {
  explicit Watch(asio::io_context& io, curl_socket_t socket) : descriptor(io, socket), fd(socket) {}
  asio::posix::stream_descriptor descriptor;
  curl_socket_t fd;
  int wanted = 0;  // CURL_POLL_IN / OUT / INOUT
  bool reading = false;
  bool writing = false;
  bool removed = false;
};

std::string last_header(CURL* easy, const char* name) {
  curl_header* h = nullptr;
  if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &h) == CURLHE_OK && h && h->value) {
    return h->value;
  }
  return {};
}

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t len = size * n;
  // Counted after decompression: a small gzip bomb stops here, in 16 KiB steps.
  if (t->body.size() + len > t->request.max_body) {
    t->too_large = true;
    return 0;
  }
  t->body.append(data, len);
  return len;
}

// Records each response's status line, so permanent redirects can be told apart.
size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t len = size * n;
  const std::string_view line(data, len);
  if (line.rfind("HTTP/", 0) != 0) return len;
  const auto sp = line.find(' ');
  int status = 0;
  if (sp == std::string_view::npos ||
      std::from_chars(line.data() + sp + 1, line.data() + len, status).ec != std::errc()) {
    return len;
  }
  if (status < 200) return len;
  char* url = nullptr;
  curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &url);
  std::string current = url ? url : "";
  // A proxy's CONNECT answer shares the URL of the response that follows it.
  if (!t->hops.empty() && t->hops.back().first == current) {
    t->hops.back().second = status;
  } else {
    t->hops.emplace_back(std::move(current), status);
  }
  return len;
}

// Opens curl's sockets; for public_only requests, only to public addresses.
// Here the address is the resolved one, so no DNS answer (or rebinding between
// lookups) and no redirect can lead a followed link to the inside.
curl_socket_t on_open_socket(void* user, curlsocktype, curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  if (t->request.public_only && !is_public_address(&address->addr)) {
    if (t->refused.empty()) {
      t->refused = "refused to connect to non-public address " + address_text(&address->addr) +
                   " (a followed link; [fetch] allow_private permits it)";
    }
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype, address->protocol);
}

// The URL reached by the leading run of 301/308 answers, if the chain began with one.
std::string permanent_target(const std::vector<std::pair<std::string, int>>& hops) {
  std::size_t i = 0;
  while (i < hops.size() && (hops[i].second == 301 || hops[i].second == 308)) ++i;
  return i > 0 && i < hops.size() ? hops[i].first : std::string();
}

class CurlFetcher final : public Fetcher {
 public:
  CurlFetcher(asio::io_context& io, FetcherSettings settings)
      : m_io(io), m_timer(io), m_settings(std::move(settings)) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    m_multi = curl_multi_init();
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETFUNCTION, &CurlFetcher::on_socket);
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERFUNCTION, &CurlFetcher::on_timer);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERDATA, this);
    curl_multi_setopt(m_multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, long(m_settings.max_connections));
    curl_multi_setopt(m_multi, CURLMOPT_MAX_HOST_CONNECTIONS, long(m_settings.per_host));
    curl_multi_setopt(m_multi, CURLMOPT_PIPELINING, long(CURLPIPE_MULTIPLEX));
  }

  ~CurlFetcher() override {
    m_closing = true;
    cancel_all();
    m_timer.cancel();
    curl_multi_cleanup(m_multi);
    for (auto& [fd, w] : m_watches) {
      w->removed = true;
      w->descriptor.release();
    }
  }

  void fetch(FetchRequest request, FetchCallback done) override {
    if (request.url.rfind("file:", 0) == 0) {
      ++m_files;
      asio::post(m_io, [this, request = std::move(request), done = std::move(done)] {
        --m_files;
        done(fetch_file(request));
      });
      return;
    }
    auto t = std::make_unique<Transfer>();
    t->request = std::move(request);
    t->done = std::move(done);
    if (!configure(*t)) {
      FetchResult r;
      r.error = FetchError::bad_url;
      r.message = "cannot set up a request for " + t->request.url;
      asio::post(m_io, [cb = std::move(t->done), r = std::move(r)]() mutable { cb(std::move(r)); });
      return;
    }
    t->host = host_key(t->request.url);
    auto& queue = m_waiting[t->host];
    if (queue.empty()) m_waiting_hosts.push_back(t->host);
    queue.push_back(std::move(t));
    ++m_waiting_count;
    start_waiting();
  }

  std::size_t in_flight() const override { return m_transfers.size() + m_waiting_count + m_files; }

  void cancel_all() override {
    auto transfers = std::move(m_transfers);
    m_transfers.clear();
    for (auto& [host, queue] : m_waiting) {
      for (auto& t : queue) transfers.emplace(t->easy, std::move(t));
    }
    m_waiting.clear();
    m_waiting_hosts.clear();
    m_waiting_count = 0;
    m_active_per_host.clear();
    for (auto& [easy, t] : transfers) {
      curl_multi_remove_handle(m_multi, easy);
      FetchResult r;
      r.error = FetchError::network;
      r.message = "cancelled";
      if (!m_closing) {
        asio::post(m_io,
                   [cb = std::move(t->done), r = std::move(r)]() mutable { cb(std::move(r)); });
      }
    }
  }

 private:
  // Moves waiting transfers into the multi handle while there is room: at most
  // max_connections in it, per_host for one host, hosts taken in turn. Keeping
  // the excess out of libcurl matters: its remove_handle walks every handle it
  // holds, so 10,000 queued in it made each completion cost 10,000 steps.
  void start_waiting() {
    std::size_t skipped = 0;
    while (!m_waiting_hosts.empty() && skipped < m_waiting_hosts.size() &&
           m_transfers.size() < static_cast<std::size_t>(m_settings.max_connections)) {
      std::string host = std::move(m_waiting_hosts.front());
      m_waiting_hosts.pop_front();
      int& active = m_active_per_host[host];
      if (active >= m_settings.per_host) {
        m_waiting_hosts.push_back(std::move(host));
        ++skipped;
        continue;
      }
      skipped = 0;
      auto& queue = m_waiting[host];
      std::unique_ptr<Transfer> t = std::move(queue.front());
      queue.pop_front();
      --m_waiting_count;
      if (queue.empty()) {
        m_waiting.erase(host);
      } else {
        m_waiting_hosts.push_back(host);
      }
      ++active;
      CURL* easy = t->easy;
      m_transfers.emplace(easy, std::move(t));
      curl_multi_add_handle(m_multi, easy);
    }
  }

  bool configure(Transfer& t) {
    t.easy = curl_easy_init();
    if (!t.easy) return false;
    const auto& rq = t.request;
    CURL* e = t.easy;
    const long timeout_ms = static_cast<long>(
        std::chrono::duration_cast<std::chrono::milliseconds>(rq.timeout).count());
    bool ok = curl_easy_setopt(e, CURLOPT_URL, rq.url.c_str()) == CURLE_OK;
    curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.errbuf);
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
    curl_easy_setopt(e, CURLOPT_USERAGENT, m_settings.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, std::min(timeout_ms, 10000L));
    // A server trickling bytes may not hold a slot (by default under 64 B/s for 10 s).
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, rq.low_speed_limit);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, static_cast<long>(rq.low_speed_time.count()));
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(rq.max_body));
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(e, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, &on_open_socket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, &t);
    // A pooled connection opened for a feed would skip the check above.
    if (rq.public_only) curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
    if (rq.insecure) {
      curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (!rq.etag.empty())
      t.headers = curl_slist_append(t.headers, ("If-None-Match: " + rq.etag).c_str());
    if (!rq.last_modified.empty()) {
      t.headers = curl_slist_append(t.headers, ("If-Modified-Since: " + rq.last_modified).c_str());
    }
    for (const auto& h : rq.headers) t.headers = curl_slist_append(t.headers, h.c_str());
    if (t.headers) curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);
    if (rq.method == "POST") {
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(rq.body.size()));
      curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, rq.body.c_str());
    }
    return ok;
  }

  static int on_socket(CURL*, curl_socket_t fd, int what, void* self_ptr, void*) {
    auto* self = static_cast<CurlFetcher*>(self_ptr);
    if (what == CURL_POLL_REMOVE) {
      self->forget(fd);
      return 0;
    }
    auto it = self->m_watches.find(fd);
    if (it == self->m_watches.end()) {
      it = self->m_watches.emplace(fd, std::make_shared<Watch>(self->m_io, fd)).first;
    }
    it->second->wanted = what;
    self->arm(it->second);
    return 0;
  }

  void forget(curl_socket_t fd) {
    auto it = m_watches.find(fd);
    if (it == m_watches.end()) return;
    it->second->removed = true;
    it->second->descriptor.cancel();
    it->second->descriptor.release();  // curl owns and closes the socket
    m_watches.erase(it);
  }

  void arm(const std::shared_ptr<Watch>& w) {
    if ((w->wanted & CURL_POLL_IN) && !w->reading) {
      w->reading = true;
      w->descriptor.async_wait(asio::posix::stream_descriptor::wait_read,
                               [this, w](const boost::system::error_code& ec) {
                                 w->reading = false;
                                 on_ready(w, ec, CURL_CSELECT_IN, CURL_POLL_IN);
                               });
    }
    if ((w->wanted & CURL_POLL_OUT) && !w->writing) {
      w->writing = true;
      w->descriptor.async_wait(asio::posix::stream_descriptor::wait_write,
                               [this, w](const boost::system::error_code& ec) {
                                 w->writing = false;
                                 on_ready(w, ec, CURL_CSELECT_OUT, CURL_POLL_OUT);
                               });
    }
  }

  void on_ready(const std::shared_ptr<Watch>& w, const boost::system::error_code& ec, int select,
                int poll_bit) {
    if (w->removed || ec == asio::error::operation_aborted) return;
    int running = 0;
    curl_multi_socket_action(m_multi, w->fd, ec ? CURL_CSELECT_ERR : select, &running);
    finish_done();
    if (!w->removed && (w->wanted & poll_bit)) arm(w);
  }

  // curl asks for a new wake-up after nearly every step, and arming the Asio
  // timer each time costs a timerfd_settime call (a sixth of a 10,000-feed
  // re-poll). "As soon as possible" is posted instead, and a deadline later
  // than the one armed keeps the armed one: waking early only makes curl ask again.
  static int on_timer(CURLM*, long timeout_ms, void* self_ptr) {
    auto* self = static_cast<CurlFetcher*>(self_ptr);
    if (timeout_ms < 0) {
      self->m_timer.cancel();  // no system call: only a change of deadline costs one
      self->m_timer_armed = false;
    } else if (timeout_ms == 0) {
      self->post_timeout();
    } else {
      const auto due = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
      if (self->m_timer_armed && self->m_timer.expiry() <= due) return 0;
      self->m_timer.expires_at(due);
      self->m_timer_armed = true;
      self->m_timer.async_wait([self](const boost::system::error_code& ec) {
        if (ec) return;
        self->m_timer_armed = false;
        self->on_timeout();
      });
    }
    return 0;
  }

  void post_timeout() {
    if (m_timeout_posted) return;
    m_timeout_posted = true;
    asio::post(m_io, [this, alive = std::weak_ptr<int>(m_alive)] {
      if (alive.expired()) return;
      m_timeout_posted = false;
      on_timeout();
    });
  }

  void on_timeout() {
    int running = 0;
    curl_multi_socket_action(m_multi, CURL_SOCKET_TIMEOUT, 0, &running);
    finish_done();
  }

  void finish_done() {
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(m_multi, &left)) {
      if (msg->msg != CURLMSG_DONE) continue;
      CURL* easy = msg->easy_handle;
      const CURLcode code = msg->data.result;
      curl_multi_remove_handle(m_multi, easy);
      auto it = m_transfers.find(easy);
      if (it == m_transfers.end()) continue;
      std::unique_ptr<Transfer> t = std::move(it->second);
      m_transfers.erase(it);
      if (auto a = m_active_per_host.find(t->host);
          a != m_active_per_host.end() && --a->second <= 0) {
        m_active_per_host.erase(a);
      }
      FetchResult r = result_of(*t, code);
      asio::post(m_io, [cb = std::move(t->done), r = std::move(r)]() mutable { cb(std::move(r)); });
    }
    start_waiting();
  }

  static FetchResult result_of(Transfer& t, CURLcode code) {
    FetchResult r;
    CURL* e = t.easy;
    long status = 0;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
    r.status = static_cast<int>(status);
    char* ct = nullptr;
    if (curl_easy_getinfo(e, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK && ct) r.content_type = ct;
    char* url = nullptr;
    if (curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK && url)
      r.effective_url = url;
    r.etag = last_header(e, "ETag");
    r.last_modified = last_header(e, "Last-Modified");
    if (const auto ra = last_header(e, "Retry-After"); !ra.empty()) {
      r.retry_after = parse_retry_after(ra, std::time(nullptr));
    }
    r.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - t.started);
    if (t.too_large || code == CURLE_FILESIZE_EXCEEDED) {
      r.error = FetchError::too_large;
      r.message = "body larger than max_body (" + std::to_string(t.request.max_body) + " bytes)";
    } else if (code != CURLE_OK && !t.refused.empty()) {
      r.error = FetchError::forbidden_address;
      r.message = t.refused;
    } else if (code != CURLE_OK) {
      r.error = classify_curl_error(code);
      r.message = t.errbuf[0] ? t.errbuf : curl_easy_strerror(code);
    } else if (status != 304 && (status < 200 || status > 299)) {
      r.error = FetchError::http_status;
      r.message = "HTTP " + std::to_string(status);
    }
    if (r.ok()) r.permanent_redirect_url = permanent_target(t.hops);
    if (r.ok() || r.error == FetchError::http_status) r.body = std::move(t.body);
    return r;
  }

  asio::io_context& m_io;
  asio::steady_timer m_timer;
  FetcherSettings m_settings;
  CURLM* m_multi = nullptr;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> m_transfers;  // in the multi handle
  // Transfers not yet handed to libcurl, per host, and the hosts in turn order.
  std::unordered_map<std::string, std::deque<std::unique_ptr<Transfer>>> m_waiting;
  std::deque<std::string> m_waiting_hosts;
  std::size_t m_waiting_count = 0;
  std::unordered_map<std::string, int> m_active_per_host;
  std::unordered_map<curl_socket_t, std::shared_ptr<Watch>> m_watches;
  std::size_t m_files = 0;
  bool m_closing = false;
  bool m_timer_armed = false;
  bool m_timeout_posted = false;
  std::shared_ptr<int> m_alive = std::make_shared<int>(0);  // posted work checks it
};

}  // namespace

std::unique_ptr<Fetcher> make_fetcher(boost::asio::io_context& io,
                                      const FetcherSettings& settings) {
  return std::make_unique<CurlFetcher>(io, settings);
}

}  // namespace nw::fetchers
