#include "pipeline/prepare.hpp"

#include "claims/extractor.hpp"
#include "claims/language.hpp"
#include "dedup/canonical.hpp"
#include "dedup/fingerprint.hpp"
#include "parsers/identity.hpp"
#include "parsers/parse.hpp"

namespace nw::pipeline {

PreparedArticle prepare(const parsers::Entry& e, Time fetched_at,
                        const claims::Extractor& extractor, const std::string& language) {
  PreparedArticle p;
  auto& a = p.article;
  a.url = e.link;
  a.canonical_url = e.link.empty() ? "" : dedup::canonical_url(e.link);
  a.guid = parsers::entry_guid(e);
  a.title = e.title;
  a.author = e.author;
  a.published = e.published ? e.published : e.updated;
  a.fetched_at = fetched_at;
  a.content = e.content.empty() ? e.summary : e.content;
  std::string body = e.text.empty() ? parsers::html_to_text(a.content) : e.text;
  // The headline often carries the figure, so it is part of the text claims come from.
  a.text = a.title.empty() ? body : body.empty() ? a.title : a.title + "\n\n" + body;
  a.content_hash = dedup::text_hash(body.empty() ? a.title : body);
  // the feed's language, else the text's: recorded, and it picks the rule pack
  a.language = language.empty() ? claims::detect_language(a.text) : language;
  p.claims = extractor.extract(a.text, claims::DocContext{a.published, a.language});
  p.body = body.empty() ? a.title : std::move(body);
  fingerprint(p);
  return p;
}

void fingerprint(PreparedArticle& prepared) {
  const auto keys = dedup::band_keys(dedup::shingles(prepared.body));
  prepared.band_keys.assign(keys.begin(), keys.end());
}

}  // namespace nw::pipeline
