// An alert waiting in the outbox, for the delivery tests: the feed, article
// and claim it needs, and one pending delivery.
#pragma once

#include <string>

#include "storage/store.hpp"

namespace nw::test {

// Stores an alert `uid` (body "{}") on a new claim of a new article of feed
// "a", with one pending delivery to `target`.
inline void add_pending_alert(storage::Store& store, const std::string& uid,
                              const std::string& target = "desk") {
  const auto feed = store.ensure_feed("a", "http://one.example/a");
  storage::NewArticle art;
  art.guid = uid;
  art.url = art.canonical_url = "https://one.example/" + uid;
  art.fetched_at = now();
  art.text = "text " + uid;
  art.content_hash = "h-" + uid;
  claims::Claim c;
  c.subject = "Belarus";
  c.metric = "killed";
  c.value = 5;
  c.quote = "q";
  storage::NewAlert alert;
  alert.uid = uid;
  alert.claim_id = store.insert_claim(store.insert_article(feed, art, std::nullopt).id, c);
  alert.detected_at = now();
  alert.body = "{}";
  store.insert_alert(alert, {target});
}

}  // namespace nw::test
