#include "claims/rule_pack.hpp"

#include <algorithm>

#include <re2/re2.h>
#include <toml++/toml.h>
#include <initializer_list>
#include <sstream>

#include "claims/extractor.hpp"
#include "claims/stemmer.hpp"

namespace nw::claims {
namespace {

class Reader {
 public:
  explicit Reader(std::string file) : m_file(std::move(file)) {}

  [[noreturn]] void fail(const toml::source_region& where, const std::string& msg) const {
    std::ostringstream os;
    os << m_file << ':' << where.begin.line << ':' << where.begin.column << ": " << msg;
    throw RulePackError(os.str());
  }

  // Rejects keys the format does not know, so typos do not pass silently.
  void only(const toml::table& t, std::initializer_list<std::string_view> keys,
            std::string_view where) const {
    for (const auto& [k, v] : t) {
      bool ok = false;  // key positions name the typo itself, not its value
      for (auto key : keys) ok = ok || k.str() == key;
      if (!ok)
        fail(k.source().begin.line ? k.source() : v.source(),
             "unknown key '" + std::string(k.str()) + "' in " + std::string(where));
    }
  }

  const toml::table* table(const toml::table& t, std::string_view key) const {
    const toml::node* n = t.get(key);
    if (!n) return nullptr;
    if (!n->is_table()) fail(n->source(), "'" + std::string(key) + "' must be a table");
    return n->as_table();
  }

  std::string str(const toml::node& n, std::string_view what) const {
    if (!n.is_string()) fail(n.source(), std::string(what) + " must be a string");
    std::string s = n.as_string()->get();
    if (s.empty()) fail(n.source(), std::string(what) + " must not be empty");
    return s;
  }

  double num(const toml::node& n, std::string_view what) const {
    if (n.is_integer()) return static_cast<double>(n.as_integer()->get());
    if (n.is_floating_point()) return n.as_floating_point()->get();
    fail(n.source(), std::string(what) + " must be a number");
  }

  bool boolean(const toml::node& n, std::string_view what) const {
    if (!n.is_boolean()) fail(n.source(), std::string(what) + " must be true or false");
    return n.as_boolean()->get();
  }

  std::vector<std::string> strings(const toml::table& t, std::string_view key) const {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (!n) return out;
    if (!n->is_array()) fail(n->source(), "'" + std::string(key) + "' must be an array of strings");
    for (const toml::node& e : *n->as_array())
      out.push_back(str(e, "each entry of '" + std::string(key) + "'"));
    return out;
  }

  std::map<std::string, std::vector<std::string>> string_lists(const toml::table* t) const {
    std::map<std::string, std::vector<std::string>> out;
    if (!t) return out;
    for (const auto& [k, v] : *t) out[std::string(k.str())] = strings(*t, k.str());
    return out;
  }

  std::map<std::string, double> numbers(const toml::table* t, std::string_view key) const {
    std::map<std::string, double> out;
    if (!t) return out;
    const toml::table* sub = table(*t, key);
    if (!sub) return out;
    for (const auto& [k, v] : *sub)
      out[std::string(k.str())] = num(v, "'" + std::string(k.str()) + "'");
    return out;
  }

 private:
  std::string m_file;
};

void read_numbers(const Reader& r, const toml::table* t, RulePack& p) {
  if (!t) return;
  r.only(*t,
         {"words", "scales", "vague", "range_start", "range_join", "change_start", "change_to",
          "change_from", "weak", "weak_of", "weak_own", "weak_more", "half", "share"},
         "[numbers]");
  p.number_words = r.numbers(t, "words");
  p.scale_words = r.numbers(t, "scales");
  p.range_starts = r.strings(*t, "range_start");
  p.range_joins = r.strings(*t, "range_join");
  p.change_starts = r.strings(*t, "change_start");
  p.change_tos = r.strings(*t, "change_to");
  p.change_froms = r.strings(*t, "change_from");
  p.halves = r.strings(*t, "half");
  p.scale_shares = r.numbers(t, "share");
  p.weak_numbers = r.strings(*t, "weak");
  p.weak_of = r.strings(*t, "weak_of");
  p.weak_own = r.strings(*t, "weak_own");
  p.weak_more = r.strings(*t, "weak_more");
  if (const toml::table* v = r.table(*t, "vague")) {
    for (const auto& [k, node] : *v) {
      const toml::array* a = node.as_array();
      if (!a || a->size() != 2) r.fail(node.source(), "a vague amount is [low, high]");
      p.vague.push_back(
          {std::string(k.str()), r.num(*a->get(0), "low"), r.num(*a->get(1), "high")});
    }
  }
}

void read_words(const Reader& r, const toml::table* t, RulePack& p) {
  if (!t) return;
  // clang-format off
  r.only(*t,
         {"people",           "origin",          "not_people", "time_units",    "ordinal_suffixes",
          "before_not_claim", "after_not_claim", "negations",  "hypotheticals", "conjunctions",
          "comparisons",      "rates",           "places",     "series",        "possessives",
          "relatives",        "fractions",       "totals",     "links",         "anaphors",
          "institutions",     "citizens",        "additions",  "topics",        "resumptives",
          "servicemen",       "complementizers", "case_nouns", "prepositions",  "age_nouns",
          "name_frames",      "payer_verbs",     "likeness",   "conditions",    "determiners",
          "outsiders",        "not_only",        "brokers",    "earners",       "income_verbs",
          "payer_marks",      "press",           "negative_determiners", "genitive_heads",
          "ranks",            "existentials",    "informants",  "respectively", "denials",
          "civilian_work", "pay_currencies", "denied_objects", "retractions", "doubts", "count_heads", "offers", "abilities", "figure_anaphors", "compatriots", "doer_marks", "routes"},
         "[words]");
  // clang-format on
  p.people_nouns = r.strings(*t, "people");
  p.origin_words = r.strings(*t, "origin");
  p.not_people = r.strings(*t, "not_people");
  p.time_units = r.strings(*t, "time_units");
  p.ordinal_suffixes = r.strings(*t, "ordinal_suffixes");
  p.before_not_claim = r.strings(*t, "before_not_claim");
  p.after_not_claim = r.strings(*t, "after_not_claim");
  p.negations = r.strings(*t, "negations");
  p.hypotheticals = r.strings(*t, "hypotheticals");
  p.conjunctions = r.strings(*t, "conjunctions");
  p.comparisons = r.strings(*t, "comparisons");
  p.rates = r.strings(*t, "rates");
  p.place_words = r.strings(*t, "places");
  p.series = r.strings(*t, "series");
  p.possessives = r.strings(*t, "possessives");
  p.relatives = r.strings(*t, "relatives");
  p.fractions = r.strings(*t, "fractions");
  p.totals = r.strings(*t, "totals");
  p.links = r.strings(*t, "links");
  p.genitive_heads = r.strings(*t, "genitive_heads");
  p.anaphors = r.strings(*t, "anaphors");
  p.case_nouns = r.strings(*t, "case_nouns");
  p.prepositions = r.strings(*t, "prepositions");
  p.age_nouns = r.strings(*t, "age_nouns");
  p.name_frames = r.strings(*t, "name_frames");
  p.payer_verbs = r.strings(*t, "payer_verbs");
  p.brokers = r.strings(*t, "brokers");
  p.earners = r.strings(*t, "earners");
  p.payer_marks = r.strings(*t, "payer_marks");
  p.income_verbs = r.strings(*t, "income_verbs");
  p.civilian_work = r.strings(*t, "civilian_work");
  p.pay_currencies = r.strings(*t, "pay_currencies");
  p.denied_objects = r.strings(*t, "denied_objects");
  p.likeness = r.strings(*t, "likeness");
  p.respectively = r.strings(*t, "respectively");
  p.denials = r.strings(*t, "denials");
  p.retractions = r.strings(*t, "retractions");
  p.doubts = r.strings(*t, "doubts");
  p.count_heads = r.strings(*t, "count_heads");
  p.offers = r.strings(*t, "offers");
  p.abilities = r.strings(*t, "abilities");
  p.figure_anaphors = r.strings(*t, "figure_anaphors");
  p.compatriots = r.strings(*t, "compatriots");
  p.doer_marks = r.strings(*t, "doer_marks");
  p.routes = r.strings(*t, "routes");
  p.existentials = r.strings(*t, "existentials");
  p.informants = r.strings(*t, "informants");
  p.ranks = r.strings(*t, "ranks");
  p.conditions = r.strings(*t, "conditions");
  p.determiners = r.strings(*t, "determiners");
  p.not_only = r.strings(*t, "not_only");
  p.negative_determiners = r.strings(*t, "negative_determiners");
  p.press = r.strings(*t, "press");
  p.outsiders = r.strings(*t, "outsiders");
  p.institutions = r.strings(*t, "institutions");
  p.citizens = r.strings(*t, "citizens");
  p.additions = r.strings(*t, "additions");
  p.topics = r.strings(*t, "topics");
  p.resumptives = r.strings(*t, "resumptives");
  p.servicemen = r.strings(*t, "servicemen");
  p.complementizers = r.strings(*t, "complementizers");
}

void read_sources_time(const Reader& r, const toml::table& root, RulePack& p) {
  if (const toml::table* s = r.table(root, "sources")) {
    r.only(*s,
           {"according", "verbs", "pronouns", "titles", "evidence", "continuations", "passives",
            "participles", "names", "not_names", "generic"},
           "[sources]");
    p.source_names = r.string_lists(r.table(*s, "names"));
    p.not_source_names = r.strings(*s, "not_names");
    p.generic_sources = r.strings(*s, "generic");
    p.according = r.strings(*s, "according");
    p.attribution_verbs = r.strings(*s, "verbs");
    p.source_pronouns = r.strings(*s, "pronouns");
    p.titles = r.strings(*s, "titles");
    p.evidence_nouns = r.strings(*s, "evidence");
    p.continuations = r.strings(*s, "continuations");
    p.source_passives = r.strings(*s, "passives");
    p.source_participles = r.strings(*s, "participles");
  }
  if (const toml::table* t = r.table(root, "time")) {
    r.only(*t,
           {"months", "leads", "since", "parts", "relative", "this_year", "last_year", "this_month",
            "last_month", "first_half", "second_half", "end", "ago", "weekdays"},
           "[time]");
    if (const toml::node* m = t->get("months")) {
      const toml::array* a = m->as_array();
      if (!a || a->size() != 12) r.fail(m->source(), "'months' must list 12 arrays of forms");
      for (const toml::node& e : *a) {
        if (!e.is_array()) r.fail(e.source(), "each month is an array of forms");
        std::vector<std::string> forms;
        for (const toml::node& f : *e.as_array()) forms.push_back(r.str(f, "a month form"));
        p.months.push_back(std::move(forms));
      }
    }
    p.period_leads = r.strings(*t, "leads");
    p.since_leads = r.strings(*t, "since");
    for (const char* key : {"this_year", "last_year", "this_month", "last_month", "first_half",
                            "second_half", "end"}) {
      std::string meaning = key;
      std::replace(meaning.begin(), meaning.end(), '_', ' ');
      if (auto l = r.strings(*t, key); !l.empty()) p.period_meanings[meaning] = std::move(l);
    }
    p.period_parts = r.strings(*t, "parts");
    p.relative_periods = r.strings(*t, "relative");
    p.ago = r.strings(*t, "ago");
    p.weekdays = r.strings(*t, "weekdays");
  }
}

void read_subjects(const Reader& r, const toml::table& root, RulePack& p) {
  const toml::node* n = root.get("subjects");
  if (!n) return;
  if (!n->is_array_of_tables())
    r.fail(n->source(), "'subjects' must be an array of tables ([[subjects]])");
  for (const toml::node& e : *n->as_array()) {
    const toml::table& t = *e.as_table();
    r.only(t, {"name", "names", "demonyms", "plurals", "actors", "aggregate"}, "[[subjects]]");
    const toml::node* name = t.get("name");
    if (!name) r.fail(t.source(), "a subject needs a 'name'");
    SubjectDef s{r.str(*name, "'name'"), r.strings(t, "names"), r.strings(t, "demonyms"),
                 r.strings(t, "plurals"), r.strings(t, "actors")};
    if (const toml::node* a = t.get("aggregate")) s.aggregate = r.boolean(*a, "'aggregate'");
    p.subjects.push_back(std::move(s));
  }
}

void read_metrics(const Reader& r, const toml::table& root, RulePack& p) {
  const toml::node* n = root.get("metrics");
  if (!n) return;
  if (!n->is_array_of_tables())
    r.fail(n->source(), "'metrics' must be an array of tables ([[metrics]])");
  struct Named {
    std::string metric, key;
    toml::source_region where;
  };
  std::vector<Named> reframed;  // metrics named by others, checked once all are read
  for (const toml::node& e : *n->as_array()) {
    const toml::table& t = *e.as_table();
    r.only(t, {"name",         "unit",      "keywords",    "patterns",      "exclude",
               "subject",      "claim",     "refines",     "reframes",      "frame",
               "inflicted",    "suffered",  "places_of",   "homecoming",    "describes",
               "outcome",      "state_act", "arrivals",    "arrivals_from", "others_as",
               "frame_before", "nouns",     "naturalized", "force_size",    "exclude_except"},
           "[[metrics]]");
    const toml::node* name = t.get("name");
    if (!name) r.fail(t.source(), "a metric needs a 'name'");
    MetricDef m;
    m.name = r.str(*name, "'name'");
    if (const toml::node* u = t.get("unit")) {
      m.unit = r.str(*u, "'unit'");
      if (m.unit != "people" && m.unit != "cases" && m.unit != "currency")
        r.fail(u->source(), "'unit' must be \"people\", \"cases\" or \"currency\"");
    }
    m.keywords = r.strings(t, "keywords");
    m.nouns = r.strings(t, "nouns");
    m.patterns = r.strings(t, "patterns");
    if (const toml::node* pats = t.get("patterns")) {
      // each pattern is RE2 syntax with one capturing group around the metric words
      for (const toml::node& pat : *pats->as_array()) {
        const RE2 re(pat.as_string()->get(), RE2::Quiet);
        if (!re.ok()) r.fail(pat.source(), "bad pattern: " + re.error());
        if (re.NumberOfCapturingGroups() != 1)
          r.fail(pat.source(), "a pattern needs exactly one capturing group");
      }
    }
    m.exclude = r.strings(t, "exclude");
    m.exclude_except = r.strings(t, "exclude_except");
    if (const toml::node* s = t.get("subject")) m.subject = r.str(*s, "'subject'");
    if (const toml::node* c = t.get("claim")) m.claim = r.boolean(*c, "'claim'");
    // (one metric's name, or several: "sent to drone plants" refines serving too)
    if (const toml::node* f = t.get("refines"))
      m.refines = f->is_array() ? r.strings(t, "refines")
                                : std::vector<std::string>{r.str(*f, "'refines'")};
    if (const toml::node* f = t.get("reframes")) {
      m.reframes = r.str(*f, "'reframes'");
      reframed.push_back({*m.reframes, "reframes", f->source()});
    }
    m.frame = r.strings(t, "frame");
    if (const toml::node* f = t.get("frame_before"))
      m.frame_before = r.boolean(*f, "'frame_before'");
    m.arrivals = r.strings(t, "arrivals");
    m.naturalized = r.strings(t, "naturalized");
    if (const toml::node* f = t.get("arrivals_from")) {
      m.arrivals_from = r.str(*f, "'arrivals_from'");
      reframed.push_back({*m.arrivals_from, "arrivals_from", f->source()});
    }
    if (m.arrivals_from.has_value() == m.arrivals.empty())
      r.fail(t.source(), "metric '" + m.name + "': 'arrivals_from' and 'arrivals' go together");
    if (const toml::node* f = t.get("others_as")) {
      m.others_as = r.str(*f, "'others_as'");
      reframed.push_back({*m.others_as, "others_as", f->source()});
    }
    m.suffered = r.strings(t, "suffered");
    m.places_of = r.strings(t, "places_of");
    if (m.reframes.has_value() == m.frame.empty())
      r.fail(t.source(), "metric '" + m.name + "': 'reframes' and 'frame' go together");
    if (const toml::node* i = t.get("inflicted")) m.inflicted = r.boolean(*i, "'inflicted'");
    if (const toml::node* h = t.get("homecoming")) m.homecoming = r.boolean(*h, "'homecoming'");
    if (const toml::node* d = t.get("describes")) m.describes = r.boolean(*d, "'describes'");
    if (const toml::node* o = t.get("outcome")) m.outcome = r.boolean(*o, "'outcome'");
    if (const toml::node* a = t.get("state_act")) m.state_act = r.boolean(*a, "'state_act'");
    if (const toml::node* a = t.get("force_size")) m.force_size = r.boolean(*a, "'force_size'");
    if (m.keywords.empty() && m.patterns.empty())
      r.fail(t.source(), "metric '" + m.name + "' has no keywords or patterns");
    p.metrics.push_back(std::move(m));
  }
  for (const Named& named : reframed)
    if (std::none_of(p.metrics.begin(), p.metrics.end(),
                     [&](const MetricDef& d) { return d.name == named.metric; }))
      r.fail(named.where,
             "'" + named.key + "' names no metric of this pack: '" + named.metric + "'");
}

}  // namespace

RulePack parse_rule_pack(std::string_view toml_text, const std::string& file) {
  toml::table root;
  try {
    root = toml::parse(toml_text, file);
  } catch (const toml::parse_error& e) {
    std::ostringstream os;
    os << file << ':' << e.source().begin.line << ':' << e.source().begin.column << ": "
       << e.description();
    throw RulePackError(os.str());
  }
  const Reader r(file);
  r.only(root,
         {"pack", "numbers", "qualifiers", "qualifiers_after", "currencies", "units", "words",
          "sources", "time", "force", "subjects", "metrics"},
         "the pack");
  RulePack p;
  p.file = file;
  if (const toml::table* t = r.table(root, "pack")) {
    r.only(*t, {"name", "language", "countries", "capitalized_names", "free_word_order"}, "[pack]");
    if (const toml::node* n = t->get("name")) p.name = r.str(*n, "'name'");
    if (const toml::node* n = t->get("language")) p.language = r.str(*n, "'language'");
    if (const toml::node* n = t->get("countries")) p.countries = r.boolean(*n, "'countries'");
    if (const toml::node* n = t->get("capitalized_names"))
      p.capitalized_names = r.boolean(*n, "'capitalized_names'");
    if (const toml::node* n = t->get("free_word_order"))
      p.free_word_order = r.boolean(*n, "'free_word_order'");
  }
  read_numbers(r, r.table(root, "numbers"), p);
  const toml::table* q = r.table(root, "qualifiers");
  if (q) {
    r.only(*q, {"approx", "nearly", "at_least", "more_than", "at_most"}, "[qualifiers]");
  }
  p.qualifiers = r.string_lists(q);
  const toml::table* qa = r.table(root, "qualifiers_after");
  if (qa) r.only(*qa, {"at_least", "more_than", "approx"}, "[qualifiers_after]");
  p.qualifiers_after = r.string_lists(qa);
  p.currencies = r.string_lists(r.table(root, "currencies"));
  p.units = r.string_lists(r.table(root, "units"));
  read_words(r, r.table(root, "words"), p);
  read_sources_time(r, root, p);
  p.force = r.string_lists(r.table(root, "force"));
  read_subjects(r, root, p);
  read_metrics(r, root, p);
  if (p.metrics.empty()) r.fail(root.source(), "the pack defines no [[metrics]]");
  expand_snowball_stems(p);
  return p;
}

}  // namespace nw::claims
