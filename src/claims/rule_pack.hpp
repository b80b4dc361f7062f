// A rule pack as written in TOML: the words and phrases of one language and
// domain. Phrases are folded word sequences; "stem*" matches any ending, so
// inflected languages list stems instead of every case form.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nw::claims {

// A subject: canonical name plus the ways texts name it.
struct SubjectDef {
  std::string name;
  std::vector<std::string> names;     // "Belarus", "Qazaqstan"
  std::vector<std::string> demonyms;  // adjectives: "Belarusian"
  std::vector<std::string> plurals;   // people: "Belarusians", "foreigners"
  std::vector<std::string> actors;    // weak stand-ins: "Moscow", "the Kremlin"
  bool aggregate = false;             // the subject of several countries named together
};

// A metric: what is counted and the words that say so.
struct MetricDef {
  std::string name;
  std::string unit = "people";  // "people", "cases" or "currency"
  bool claim = true;            // false: what it governs is not a claim ("wounded")
  // a narrower kind of these metrics ("labor_recruited" of "recruited" and "serving")
  std::vector<std::string> refines;
  // That metric's figure becomes this one where a frame phrase shares its
  // clause: "detained by Ukrainian troops" is a capture, not an arrest.
  std::optional<std::string> reframes;
  std::vector<std::string> frame;  // "ukrainian troops", "всу": phrases, never keywords
  // the frame counts only before the metric's word: an aim governs what
  // follows it ("seeking the return of 50"), not a homecoming told before it
  // ("26 repatriated after seeking help")
  bool frame_before = false;
  // Keywords of metric `arrivals_from` ("sent", "отправили") whose figure becomes
  // this one when the people sent are no state's troops and no state of theirs
  // sends them: "60 Sri Lankans were sent to Russia" arrive to be recruited,
  // "North Korea sent 12,000 troops" serve (annotation.md: arrivals are recruited).
  std::optional<std::string> arrivals_from;
  std::vector<std::string> arrivals;
  // The metric its figures take when they count no party's own people: a
  // call-up is a party's own, "200 Yemenis drafted into the Russian army" were recruited.
  std::optional<std::string> others_as;
  // words that make others' people a party's own, so others_as does not apply:
  // "700 naturalised Uzbeks", "выходцев ..., получивших российское гражданство"
  std::vector<std::string> naturalized;
  // keywords of an inflicted metric whose doer suffers it ("Russia lost 5,000
  // soldiers"): a side before them counts its own
  std::vector<std::string> suffered;
  // keywords that say where the people are ("at the front", "на войне"), not
  // what they do: any verb of the figure's clause ranks before them
  std::vector<std::string> places_of;
  bool inflicted =
      false;  // done by the other side: "Russian troops killed 6,000" counts no Russians
  bool describes =
      false;  // a state that describes people ("fighting for Russia"): yields to an outcome
  bool outcome = false;     // what befell the people (killed, captured, returned)
  bool state_act = false;   // a state's act on its own: "Kazakhstan's courts convicted 18" are its
  bool homecoming = false;  // brings people home: "returned from Russia" are not Russia's
  bool force_size = false;  // a force's size: "North Korea's army numbers 1.2 million" (no cap)
  std::vector<std::string> keywords;  // phrases
  // people nouns that tell the metric of a figure no word governs, when they
  // head its phrase: "3,000 North Korean troops in Kursk" serve
  std::vector<std::string> nouns;
  std::vector<std::string> patterns;  // RE2 regexes over the sentence
  std::vector<std::string> exclude;   // phrases that veto the metric in the figure's clause
  // phrases within which an exclude word does not veto: "from the regional
  // budget" says where pay comes from, not that the sum is a budget
  std::vector<std::string> exclude_except;
  std::optional<std::string> subject;  // fixed subject (the payer of a bonus)
};

// A vague amount: "hundreds of" → 200..999.
struct VagueDef {
  std::string phrase;
  double low = 0;
  double high = 0;
};

struct RulePack {
  std::string name;
  std::string file;               // where it came from, for messages
  std::string language;           // "en"; empty: any
  bool countries = false;         // add the built-in world country table (English)
  bool capitalized_names = true;  // names and demonyms must start upper case
  // Word order is free (Slavic): a keyword "verb preposition noun" ("отправились
  // на войну") also matches with the verb last ("на войну отправились").
  bool free_word_order = false;

  std::map<std::string, double> number_words;  // "nine" → 9
  std::map<std::string, double> scale_words;   // "million" → 1e6, "dozen" → 12
  std::vector<VagueDef> vague;
  std::vector<std::string> range_starts;  // "between", "from"
  std::vector<std::string> range_joins;   // "and", "to", "-"
  // "rose from", "вырос* с": "rose from 40 to 65" is a change to 65, no range
  std::vector<std::string> change_starts;
  // "rose to" ... "from": "rose to 64 from 58" is a change to 64; 58 no figure
  std::vector<std::string> change_tos;
  std::vector<std::string> change_froms;
  std::vector<std::string> halves;  // "and a half": adds half a unit before a scale
  // "half a", "a quarter of a", "четверть": a share of the scale word after it
  // ("half a million" is 500,000); a figure only before a scale
  std::map<std::string, double> scale_shares;
  std::map<std::string, std::vector<std::string>> qualifiers;  // approx → ["about", ...]
  // after the figure: at_least → ["or more"], more_than → ["-plus", "с лишним"]
  std::map<std::string, std::vector<std::string>> qualifiers_after;
  std::map<std::string, std::vector<std::string>> currencies;  // USD → ["$", "dollars"]
  std::map<std::string, std::vector<std::string>> units;       // cases → ["criminal cases"]

  std::vector<std::string> people_nouns;      // citizens, troops, men
  std::vector<std::string> origin_words;      // "from" before a country: its people ("из")
  std::vector<std::string> not_people;        // countries, families, times
  std::vector<std::string> time_units;        // years, weeks: durations
  std::vector<std::string> ordinal_suffixes;  // "й" of "119-й": a rank, not a figure
  std::vector<std::string> before_not_claim;  // aged, No.
  // "for the treatment of": the words after it are an institution's name
  // ("... of Prisoners of War"), not what befell anyone
  std::vector<std::string> name_frames;
  // "paid": right after the people counted, the sum is what they paid (a fee)
  std::vector<std::string> payer_verbs;
  // "agent", "посредник*": a sum paid to them is a broker's fee, not pay
  std::vector<std::string> brokers;
  // "by": a broker past one pays ("paid $2,000 by the agency")
  std::vector<std::string> payer_marks;
  // "the ring earned", "вербовщики получили": a broker ([words] earners, no news
  // agency among them) before an income verb is paid; the sum is its income
  std::vector<std::string> earners;
  std::vector<std::string> income_verbs;
  // "driving a taxi", "на стройке": civilian work; a sum an income verb governs
  // in a clause that names such work is that work's pay, not pay to recruits
  std::vector<std::string> civilian_work;
  // "RUB": a sentence with a sum in one of these at a rate is read though it
  // has no metric word ("200 тисяч рублів на місяць" is pay)
  std::vector<std::string> pay_currencies;
  // "reports", "сообщени*": a denial of one of these, a few words before the
  // figure in its clause, denies it ("denied reports of 50 deaths")
  std::vector<std::string> denied_objects;
  // "like": an aside it opens ("like hundreds of Kenyans") shares the clause's predicate
  std::vector<std::string> likeness;
  // "respectively": a list of figures takes, in order, the names of a list as long
  std::vector<std::string> respectively;
  // "denied", "опровергло": a denial a few words before a complementizer
  // negates the figures of the clause it opens, however far
  std::vector<std::string> denials;
  // "an earlier version of this article said", "помилково зазначалося": a
  // correction's wrong figure follows them in their sentence, and is no claim
  std::vector<std::string> retractions;
  // "really", "чи справді": in a sentence that ends with a question mark they
  // ask whether a figure is true ("Did Pyongyang really send 100,000?"), so
  // its figures are no claims
  std::vector<std::string> doubts;
  // "the number of", "число", "кількість": a count head before a figure with
  // no metric word; a [[metrics]] noun a few words after it gives the metric
  // ("The number of North Korean troops in Kursk is about 11,000")
  std::vector<std::string> count_heads;
  // "предлагает", "пропонує": hypotheticals that plan a count ("предлагает
  // набрать 500") but offer a sum, and pay on offer is a claim ("предлагает
  // контракт с выплатой 195 тысяч рублей")
  std::vector<std::string> offers;
  // "could confirm", "could identify": a hypothetical word that opens one
  // tells what was done, not what may be ("They could confirm that 57 had been
  // taken prisoner")
  std::vector<std::string> abilities;
  // "the figure was", "таких было": right before a figure, they point back at
  // the last claim of the two sentences before, whose metric and people the
  // figure takes with a period of its own ("In 2023 the figure was 11")
  std::vector<std::string> figure_anaphors;
  // "compatriots", "соотечественник*": citizens that are the speaker's own with
  // no possessive ("The ministry has looked into compatriots in the Russian army")
  std::vector<std::string> compatriots;
  // "by", "к": right after a verb of a metric the other side inflicts, they name
  // the side that did it, never the people counted ("Five were taken prisoner
  // by Ukrainian soldiers", "попали в плен к украинским военным")
  std::vector<std::string> doer_marks;
  // "through", "via", "через": a country named right after one is the way people
  // went, never whose they are ("made their way home through Belarus")
  std::vector<std::string> routes;
  // "there are", "находятся": a figure they open that no word governs takes
  // the metric of the [[metrics]] nouns heading it ("there are 40 Taiwanese fighters")
  std::vector<std::string> existentials;
  // "people say", "sources told": phrases that, after a figure and up to two
  // words, make it a count of who speaks, as officials of `institutions` are
  std::vector<std::string> informants;
  // "with": between a country and a figure it ranks ("Nigeria tops the list
  // with 97"), the figure goes on with the metric counted before
  std::vector<std::string> ranks;
  // "if", "якщо": a condition opening a clause makes a sum in it hypothetical
  std::vector<std::string> conditions;
  // "the", "these", "этих": a word that may stand before the whole of a partitive
  // ("18 of these 56 citizens", "18 из этих 56 граждан")
  std::vector<std::string> determiners;
  // "not only", "не просто": a negation they open denies nothing ("решил не
  // просто числиться в запасе, а подписал контракт")
  std::vector<std::string> not_only;
  // "no", "никаких": a negation that is a noun's determiner ("men with no
  // military experience have signed") negates that noun, not the figure's verb
  std::vector<std::string> negative_determiners;
  // "media", "СМИ": a country's press, which speaks for no state ("the US media reported")
  std::vector<std::string> press;
  // "mercenaries": people who fight in another country's war; named by no
  // country, they are the aggregate ("foreign")
  std::vector<std::string> outsiders;
  std::vector<std::string> age_nouns;        // "ages (of the convicts) range from 23 to 56": ages
  std::vector<std::string> after_not_claim;  // %, percent, out of #, in #
  std::vector<std::string> weak_numbers;     // "one": a figure only before a people noun
  std::vector<std::string> weak_of;          // "of": "one of the recruits" is a person, no count
  std::vector<std::string>
      weak_own;  // "its own": "one of its own was killed" counts one of a country's
  // "еще один попал в плен", "another one was killed": a weak number after one
  // of these counts one more of the people counted before it
  std::vector<std::string> weak_more;
  std::vector<std::string> negations;
  std::vector<std::string> hypotheticals;
  std::vector<std::string> conjunctions;     // "and", "as well as": join the items of a list
  std::vector<std::string> comparisons;      // "as in Afghanistan": a figure given to compare
  std::vector<std::string> rates;            // "a month": a sum's rate, kept as its period
  std::vector<std::string> place_words;      // "in", "to": a country after them is a place
  std::vector<std::string> possessives;      // "their": a figure of the speaker's own people
  std::vector<std::string> series;           // "rose to": a figure goes on with the series before
  std::vector<std::string> relatives;        // "who", "which": a clause about the noun before it
  std::vector<std::string> complementizers;  // "that", "что": a reported clause opens after it
  std::vector<std::string> fractions;        // "half of": the figure after it is the whole
  std::vector<std::string> citizens;         // "citizens": a noun that implies a country
  std::vector<std::string> institutions;     // "Congress": after a country, it names no people
  std::vector<std::string> anaphors;         // "of the country": people of the country named before
  // "92 cases": nouns that count cases under the state-act metric only ("in 12
  // cases" of anything else counts no unit); [units] cases are cases always
  std::vector<std::string> case_nouns;
  // "Cuba arrests 17 over Russian recruitment": after these a name is no longer
  // what the figure counts (beside [words] places)
  std::vector<std::string> prepositions;
  std::vector<std::string> links;  // "the deaths of 31": joins a noun to the figure it counts
  // "тела 9 ганцев": a metric noun that counts the figure right after it, in
  // the genitive, as a link joins one in English
  std::vector<std::string> genitive_heads;
  std::vector<std::string> totals;     // "the number of": its noun's metric is the figure's
  std::vector<std::string> additions;  // "another", "ещё": a figure adds to the one before
  std::vector<std::string> topics;     // "against", "about": a metric noun after them is a topic
  std::vector<std::string>
      resumptives;  // "they": a clause that opens on it tells of the noun before
  std::vector<std::string> servicemen;  // "soldiers" of a side's army are that side's own

  std::vector<std::string> according;          // "according to", "citing"
  std::vector<std::string> attribution_verbs;  // said, reported
  std::vector<std::string> source_pronouns;    // it, the group: the previous source
  std::vector<std::string> titles;             // President: stripped from sources
  std::vector<std::string> evidence_nouns;     // "Mediazona's data": the owner is the source
  // one party under one name in every language: "I Want to Live" → ["Хочу жить", ...]
  std::map<std::string, std::vector<std::string>> source_names;
  std::vector<std::string> not_source_names;  // "Wednesday", "There": never a source
  // "Estimates", "Officials", "Recent findings": words that name no party when
  // a source has nothing else ("Ukrainian officials" keeps its name)
  std::vector<std::string> generic_sources;
  std::vector<std::string> continuations;    // "of them": an unattributed sentence goes on
  std::vector<std::string> source_passives;  // "were" in "were released": no one speaks
  // "killed" in "confirmed killed": after a verb, it makes the verb a
  // participle of the people counted, so no one speaks
  std::vector<std::string> source_participles;
  // with the previous source

  std::vector<std::vector<std::string>> months;  // 12 lists of forms
  std::vector<std::string> weekdays;             // "wednesday": "on Wednesday (15)" is a date
  std::vector<std::string> period_leads;         // in, since, by, between
  std::vector<std::string> since_leads;          // since, from: open periods, no "as of"
  std::vector<std::string> period_parts;         // the first half of, early, end of
  std::vector<std::string> relative_periods;     // this year, last month
  std::vector<std::string> ago;  // "a month earlier": a span before it is a time, no rate
  // phrases by what they mean, for languages other than English: "this year",
  // "last year", "this month", "last month" (relative) and "first half",
  // "second half", "end" (parts of a year) → ["в этом году", ...]
  std::map<std::string, std::vector<std::string>> period_meanings;

  std::map<std::string, std::vector<std::string>> force;  // Russia → ["fighting for Russia"]
  std::vector<SubjectDef> subjects;
  std::vector<MetricDef> metrics;
};

// Parses pack TOML; `file` names it in errors. Throws RulePackError
// "FILE:LINE:COLUMN: message" for syntax errors, unknown keys and wrong types.
RulePack parse_rule_pack(std::string_view toml_text, const std::string& file);

}  // namespace nw::claims
