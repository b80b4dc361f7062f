// One compiled rule pack: the prefilter and the per-sentence rules.
#pragma once

#include <re2/re2.h>
#include <re2/set.h>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "claims/context.hpp"
#include "claims/extractor.hpp"
#include "claims/not_claims.hpp"
#include "claims/numbers.hpp"
#include "claims/phrases.hpp"
#include "claims/rule_pack.hpp"
#include "claims/sentences.hpp"
#include "claims/sources.hpp"
#include "claims/subjects.hpp"

namespace nw::claims {

// Why one number became a claim or did not: what `extract --explain` prints.
struct FigureTrace {
  std::size_t start = 0;  // the number phrase in the text, qualifier included
  std::size_t end = 0;
  std::string verdict;  // empty for a claim, else why it was left out
  std::string subject_cue, metric_cue, source_cue, period_cue;
  std::optional<Claim> claim;
};

class CompiledPack {
 public:
  // Compiles `pack`; throws RulePackError for a regex RE2 rejects.
  explicit CompiledPack(RulePack pack);
  // Appends the claims of `text` (already split into `sentences`) to `out`.
  // With `trace`, also records for every number why it became a claim or not.
  void extract(std::string_view text, const std::vector<Span>& sentences, const DocContext& ctx,
               std::vector<Claim>& out, ExtractStats* stats,
               std::vector<FigureTrace>* trace = nullptr) const;
  // The pack's language ("en"), empty for any.
  const std::string& language() const { return m_pack.language; }

 private:
  struct Keyword {
    std::size_t first = 0;
    std::size_t last = 0;
    std::size_t metric = 0;
  };
  struct Sentence;  // per-sentence working state (engine_sentence.hpp)
  // Attribution of each sentence of the text, filled on first use: pronoun
  // sources look back several sentences, and re-tokenizing them was costly.
  using SourceMemo = std::vector<std::optional<SourceHit>>;

  bool passes_prefilter(std::string_view s) const;
  // How far metric word `k` is from figure `f` (lower is closer), or -1 when it
  // cannot govern it; `breaks` gets the clause boundaries between them.
  int keyword_score(const Sentence& s, const Figure& f, const Keyword& k, int* breaks) const;
  // The [[metrics]] nouns phrase that heads figure `f`'s phrase after names and
  // quotes only ("3,000 North Korean troops"), its metric as id.
  std::optional<PhraseMatch> metric_noun(const Sentence& s, const Figure& f) const;
  // Whether a word in the clause before the figure's may give it its metric as
  // the head of "the number of ...": the kind of figure fits (people or money)
  // and no exclusion of the metric stands in either clause. No distance counts.
  bool head_clause_word(const Sentence& s, const Figure& f, const Keyword& k) const;
  // Whether an exclusion of the word's metric stands in the figure's clause or
  // the word's ("the average income" vetoes a salary there).
  bool vetoed(const Sentence& s, const Figure& f, const Keyword& k) const;
  // "1.9 mln rubles; Tatarstan – 1.2 mln", "2 млн рублей и ... не менее 250
  // тысяч": a sum of a thousand or more left bare after a sum in a currency,
  // ending its phrase, takes that currency (the writer left out the repeat).
  void elided_currency(Sentence& s) const;
  // Whether `f` is a bare count after a determiner that names again a set a
  // claim `before` it counted: "the families of all 16", "судьба этих 16".
  bool names_counted_set(const Sentence& s, const Figure& f,
                         const std::vector<Claim>& before) const;
  // The [[metrics]] noun a count head before `f` names ("the number of North
  // Korean troops ... is about 11,000"), within a few words of the head.
  std::optional<PhraseMatch> counted_by_head(const Sentence& s, const Figure& f) const;
  // The first token from which a sentence's figures are no claims: right
  // after a retraction's first word (a correction's wrong figure follows), 0
  // in a question that doubts its figures, npos otherwise. Once per sentence.
  std::size_t retracted_from(const std::vector<Token>& t) const;
  // The metric's exclude words found in `t`, less those inside an exception.
  std::vector<PhraseMatch> exclusions(std::size_t metric, const std::vector<Token>& t) const;
  // Whether `f` is an item of a list that names each item before a dash or a
  // colon: "Cuba — кілька сотень", "India: about 200."
  bool list_item(const Sentence& s, const Figure& f) const;
  // True if `f` goes on with a series from the sentence before: after a dash
  // standing for its verb, or after "rose to" ([words] series).
  // The metric a figure takes when it goes on with claim `c`'s series: `c`'s,
  // where the figure's unit fits it and the metric has no fixed subject.
  std::optional<std::size_t> series_metric(const Claim& c, const Figure& f) const;
  bool continues_series(const Sentence& s, const Figure& f) const;
  // True if `f` is a country's number in a ranking: "Georgia (50)", "Algeria with 60".
  bool ranked(const Sentence& s, const Figure& f) const;
  // The name a ranking gives `f`, the nearest that `ok` accepts, or null.
  const Mention* ranking_name(const Sentence& s, const Figure& f,
                              const std::function<bool(const Mention&)>& ok) const;
  // Whether a [words] series phrase ends right before the figure ("rose to 518").
  bool series_word_before(const Sentence& s, const Figure& f) const;
  // A relative clause right after the figure's noun ("80 men who fought for
  // Russia"): -1 when `k` is in it, the tokens it spans when `k` is an
  // outcome beyond its verb (an aside), else 0.
  int relative_aside(const Sentence& s, const Figure& f, const Keyword& k) const;
  // Whether the figure is the whole of a partitive ("59 of the 554 citizens
  // who joined ... have died", "Из 80 отправленных ... вернулись 12"): its own
  // words define it, the main verb is the part's.
  bool partitive_whole(const Sentence& s, const Figure& f) const {
    return partitive_part(s, f).has_value();
  }
  // The part of the partitive whose whole is `f`, if `f` is one: an index into
  // s.figures, or s.figures.size() when the part is a number that is no figure.
  std::optional<std::size_t> partitive_part(const Sentence& s, const Figure& f) const;
  // The partitive preposition before the figure ("of", "из"), past a determiner
  // ("of the 554"): the figure is a whole some part is taken of.
  std::optional<PhraseMatch> partitive_prep(const Sentence& s, const Figure& f) const;
  // Whether a fraction comes before the figure: "half of the estimated 11,000
  // troops deployed have become casualties" (the later verb tells of the half).
  bool of_a_whole(const Sentence& s, const Figure& f) const;
  // Whether the figure counts citizens ("59 of the 554 citizens", "119 громадян"):
  // they are some country's, the speaker's or the one named before.
  bool counts_citizens(const Sentence& s, const Figure& f) const;
  // Whether a possessive's troops follow the figure ("325,000 of its troops"):
  // an army's own, which a party the sentence names counts.
  bool counts_own_troops(const Sentence& s, const Figure& f) const;
  // Whether a country's press follows its mention ("the US media"): it speaks for no state.
  bool press_of(const Sentence& s, const Mention& m) const;
  // Whether `m` stands right after a route word ("through Belarus"): the way
  // people went, never whose they are.
  bool on_route(const Sentence& s, const Mention& m) const;
  // Whether the party is named right after the figure, in its clause ("40
  // servicemen of the Russian army"): its own people, counted.
  bool names_party_people(const Sentence& s, const Figure& f, const std::string& party) const;
  // Whether the figure adds to one before it with its noun left out: "another
  // 16 are missing", "16 more", "ещё 16 числятся пропавшими" ([words] additions).
  bool adds_to_previous(const Sentence& s, const Figure& f) const;
  // Whether the figure's people are "of the country" named before ("жителей страны").
  bool of_that_country(const Sentence& s, const Figure& f) const;
  // True if `b` follows `a` as the next item of a list: only a comma or a
  // conjunction and the people of `a` ("Kazakh citizens") lie between.
  bool listed_together(const Sentence& s, const Figure& a, const Figure& b) const;
  // For each figure, the index of the metric word that governs it, if any.
  std::vector<std::optional<std::size_t>> assign_keywords(const Sentence& s) const;
  // The metric words of a sentence; words of money metrics only when `money`
  // (they govern sums alone, and most sentences state none).
  std::vector<Keyword> keywords(std::string_view text, Span span, const std::vector<Token>& t,
                                bool money) const;
  void extract_sentence(std::string_view text, std::size_t index,
                        const std::vector<Span>& sentences, const DocContext& ctx,
                        std::vector<Claim>& out, std::vector<Claim>& prev_claims,
                        SourceMemo& sources, std::vector<FigureTrace>* trace) const;
  // Traces the numbers of a sentence the prefilter skipped.
  void trace_skipped(std::string_view text, Span sp, std::vector<FigureTrace>& trace) const;
  // The subject of the last of `claims` whose metric does not fix it (payment
  // is always Russia's): the people a later figure can carry on with.
  std::optional<std::string> last_people(const std::vector<Claim>& claims) const;
  // The aggregate subject when "including" after `f` lists several peoples
  // ("seven POWs, including five Nepalis, a Cuban and a Sierra Leonean").
  std::optional<std::string> including_peoples(const Sentence& s, const Figure& f) const;
  // The metric of the last claim-making metric word of sentence `sp` (of sums
  // when `money`), for "their number" in the sentence after it.
  std::optional<std::size_t> previous_metric(std::string_view text, Span sp, bool money) const;
  // The subject the sentence before leaves for this one. `people` says whether it
  // came from a claim or a people mention (not a country named in passing), and
  // `firm` whether those people are other than a party to the war; `speaker`
  // gets the country that spoke in it, if no party ("Nepal's foreign ministry
  // has confirmed ...": whose citizens the next sentence counts).
  std::optional<std::string> previous_subject(std::string_view text,
                                              const std::vector<Span>& sentences, std::size_t index,
                                              const std::vector<Claim>& prev_claims, bool* firm,
                                              bool* people, SourceMemo& sources,
                                              std::optional<std::string>* speaker = nullptr) const;
  // How firmly mention `m` names the people counted, for choosing among mentions.
  int mention_rank(const Sentence& s, const Mention& m) const;
  // How many peoples (not parties) are listed with `m` ("men from Asia, Africa and the Middle
  // East": 3).
  std::size_t listed_peoples(const Sentence& s, const Mention& m) const;
  // The subject of `f` from the sentence's mentions; `cue` (may be null) says which.
  // `rank` gets the chosen mention's mention_rank. `frame` is the phrase that
  // reframed the metric, if any ("Ukrainian forces detained"): it names the captors.
  std::optional<std::string> choose_subject(const Sentence& s, const Figure& f,
                                            const std::optional<Keyword>& verb, std::string* cue,
                                            int* rank,
                                            const std::optional<PhraseMatch>& frame = {}) const;
  // Whether `m` is a party to the war doing `verb` to the figure ("Russian troops
  // killed 6,000 mercenaries"): the one who acts, not the people counted.
  bool is_agent(const Sentence& s, const Figure& f, const std::optional<Keyword>& verb,
                const Mention& m) const;
  // The [units] name of what `f` counts when one follows it ("700 criminal
  // cases"), else null: the figure then counts people or money.
  const std::string* counted_unit(const Sentence& s, const Figure& f) const;
  // Whether `f` counts the officials who speak: "three government officials
  // told The Daily Beast" ([words] institutions, then a [sources] verb).
  bool speakers_count(const Sentence& s, const Figure& f) const;
  // Whether the sum `f` is paid to a broker ([words] brokers within a few words
  // after a payer verb of its clause, or after the sum; or [words] earners a few
  // words before an income verb ahead of the sum: "the ring earned $1 million").
  bool paid_to_broker(const Sentence& s, const Figure& f, int fclause) const;
  // Whether the sum `f` is earned at civilian work: an income verb a few words
  // before it, and [words] civilian_work in its clause with no other figure
  // between ("a builder in Moscow earns 90,000 rubles"; "earned $300 driving a taxi").
  bool civilian_pay(const Sentence& s, const Figure& f, int fclause) const;
  std::optional<std::string> unit_of(const Sentence& s, const Figure& f, const MetricDef& m) const;
  void set_period(const Sentence& s, const Figure& f, Claim& c) const;
  std::optional<std::string> force_of(const Sentence& s, const Figure& f) const;
  std::optional<std::string> previous_source(std::string_view text,
                                             const std::vector<Span>& sentences, std::size_t index,
                                             SourceMemo& sources) const;

  RulePack m_pack;
  NumberLexicon m_numbers;
  SubjectIndex m_subjects;
  NotClaims m_not_claims;
  ContextRules m_context;
  SourceRules m_sources;
  PhraseSet m_money_phrases;   // money metrics' words; id: metric index
  PhraseSet m_people_phrases;  // the other metrics' words; id: metric index
  // by metric: exclude words (id k_vetoes) and their exceptions (k_excepted)
  static constexpr int k_vetoes = 0;
  static constexpr int k_excepted = 1;
  std::vector<PhraseSet> m_excludes;
  std::vector<PhraseSet> m_suffered;              // by metric: [[metrics]] suffered
  std::vector<PhraseSet> m_places_of;             // by metric: [[metrics]] places_of
  std::vector<PhraseSet> m_naturalized;           // by metric: [[metrics]] naturalized
  std::optional<std::size_t> m_pay_metric;        // the first currency metric that is a claim
  std::optional<std::size_t> m_state_act_metric;  // the first metric marked state_act
  // A figure of metric `from` is of metric `to` where a `frame` phrase shares its clause.
  struct Reframe {
    std::size_t from, to;
    PhraseSet frame;
    bool before = false;  // the frame must come before the metric's word
  };
  std::vector<Reframe> m_reframes;
  PhraseSet m_metric_nouns;                      // [[metrics]] nouns, with the metric as id
  std::vector<Reframe> m_arrivals;               // `frame`: the [[metrics]] arrivals words
  std::vector<std::unique_ptr<RE2>> m_patterns;  // extra patterns
  std::vector<std::size_t> m_pattern_metric;
  PhraseSet m_negations, m_hypotheticals, m_unit_phrases, m_conjunctions, m_rates;
  PhraseSet m_partitives;  // "of them", "из них", "including": [words] continuations
  PhraseSet m_series;      // "rose to": [words] series
  std::optional<std::string> m_aggregate;  // the subject with aggregate = true ("foreign")
  PhraseSet m_fractions;                   // "half of", "половина": [words] fractions
  PhraseSet m_links;                       // "of": [words] links
  PhraseSet m_genitive_heads;              // "тела": [words] genitive_heads
  PhraseSet m_partitive_preps;             // "of", "из": [numbers] weak_of
  PhraseSet m_citizens;                    // "citizens", "граждан": [words] citizens
  PhraseSet m_anaphors;                    // "страны", "of the country": [words] anaphors
  PhraseSet m_case_nouns;                  // "cases": [words] case_nouns
  PhraseSet m_places_before;   // [words] places, for "в українському полоні"
  PhraseSet m_prepositions;    // "over", "за": [words] prepositions
  PhraseSet m_name_frames;     // "for the treatment of": [words] name_frames
  PhraseSet m_payer_verbs;     // "paid", "платили": [words] payer_verbs
  PhraseSet m_brokers;         // "agent", "посредник*": [words] brokers
  PhraseSet m_earners;         // "recruiters", "the ring": [words] earners
  PhraseSet m_payer_marks;     // "by": [words] payer_marks
  PhraseSet m_income_verbs;    // "earned", "получили": [words] income_verbs
  PhraseSet m_civilian_work;   // "driving a taxi", "на стройке": [words] civilian_work
  PhraseSet m_denied_objects;  // "reports", "сообщени*": [words] denied_objects
  PhraseSet m_likeness;        // "like", "как и": [words] likeness
  PhraseSet m_respectively;  // "respectively", "соответственно": [words] respectively
  PhraseSet m_denials;       // "denied", "опровергло": [words] denials
  PhraseSet m_retractions;   // "an earlier version", "помилково": [words] retractions
  PhraseSet m_doubts;        // "really", "чи справді": [words] doubts
  PhraseSet m_count_heads;   // "the number of", "число": [words] count_heads
  PhraseSet m_offers;        // "предлагает", "пропонує": [words] offers
  PhraseSet m_abilities;     // "could confirm": [words] abilities
  PhraseSet m_figure_anaphors;  // "the figure was", "таких было": [words] figure_anaphors
  PhraseSet m_compatriots;  // "compatriots", "соотечественник*": [words] compatriots
  PhraseSet m_doer_marks;   // "by", "к": [words] doer_marks
  PhraseSet m_routes;       // "through", "через": [words] routes
  PhraseSet m_existentials;          // "there are", "находятся": [words] existentials
  PhraseSet m_informants;            // "people", "sources": [words] informants
  PhraseSet m_ranks;                 // "with" in "Nigeria tops the list with 97": [words] ranks
  PhraseSet m_conditions;            // "if", "якщо": [words] conditions
  PhraseSet m_determiners;           // "the", "этих": [words] determiners
  PhraseSet m_not_only;              // "not only", "не просто": [words] not_only
  PhraseSet m_negative_determiners;  // "no": [words] negative_determiners
  PhraseSet m_press;                 // "media", "СМИ": [words] press
  PhraseSet m_outsiders;             // "mercenaries", "наёмник*": [words] outsiders
  PhraseSet m_institution_nouns;     // "officials", "ministry": [words] institutions
  PhraseSet m_totals;                // "the number of", "число": [words] totals
  PhraseSet m_additions;             // "another", "ещё": [words] additions
  PhraseSet m_topics;                // "against", "about": [words] topics
  PhraseSet m_relatives;             // "who", "которые": [words] relatives
  PhraseSet m_complementizers;       // "that", "что": [words] complementizers
  PhraseSet m_resumptives;           // "they", "вони": [words] resumptives
  PhraseSet m_saying;                // "reported", "said": [sources] verbs
  PhraseSet m_possessives;           // "their", "своих": [words] possessives
  std::vector<std::string> m_unit_names;
  std::unique_ptr<RE2::Set> m_prefilter;  // any metric word
  // a sum in the payer's currency at a rate passes too ([words] pay_currencies)
  std::unique_ptr<RE2> m_rate_filter, m_pay_currency_filter;
  std::unique_ptr<RE2> m_has_number;  // a digit or a number word
};

}  // namespace nw::claims
