#include "claims/countries.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "claims/builtin_data.hpp"
#include "claims/stemmer.hpp"
#include "claims/text.hpp"

namespace nw::claims {
namespace {

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ';'))
    if (!item.empty()) out.push_back(item);
  return out;
}

// English plural of a demonym: Belarusian → Belarusians; Nepalese stays.
std::string plural_of(const std::string& d) {
  for (const char* end : {"ese", "sh", "ch", "ss"})
    if (d.ends_with(end)) return d;
  if (d.ends_with("man")) return d.substr(0, d.size() - 3) + "men";
  return d + "s";
}

// The rows of an embedded table (tab-separated, '#' starts a comment), each
// cut or padded to `n` columns.
std::vector<std::vector<std::string>> tsv_rows(std::string_view table, std::size_t n) {
  std::vector<std::vector<std::string>> rows;
  std::stringstream ss{std::string(table)};
  std::string line;
  while (std::getline(ss, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ls(line);
    std::string col;
    while (std::getline(ls, col, '\t')) cols.push_back(col);
    cols.resize(n);
    rows.push_back(std::move(cols));
  }
  return rows;
}

struct Row {
  std::string canonical;
  std::vector<std::string> demonyms, names, plurals;
};

std::map<std::string, Row> read_demonyms() {
  std::map<std::string, Row> rows;
  for (const auto& cols : tsv_rows(k_demonyms_tsv, 5))
    rows[cols[0]] = Row{cols[1], split_list(cols[2]), split_list(cols[3]), split_list(cols[4])};
  return rows;
}

// One word as a stem for its case forms ("Гвінея" → "Гвіне*", "Камерун" →
// "Камерун*") when it has `min_letters` letters or more, else as written.
// `endings` is how many final vowels may go: two in a name of several words,
// whose adjectives end in two ("Экваториальная" → "Экваториальн*").
std::string word_stem(const std::string& word, std::size_t min_letters, int endings = 1) {
  std::vector<std::size_t> starts;  // of each UTF-8 code point
  for (std::size_t i = 0; i < word.size(); ++i)
    if ((static_cast<unsigned char>(word[i]) & 0xC0) != 0x80) starts.push_back(i);
  if (starts.size() < min_letters) return word;
  static const std::vector<std::string> k_endings = {"а", "я", "і", "и", "ы", "о", "е",
                                                     "ь", "й", "ё", "є", "ї", "у", "ю"};
  std::size_t keep = word.size();
  for (int n = 0; n < endings && starts.size() > 3; ++n) {
    const std::string last = word.substr(starts.back(), keep - starts.back());
    if (std::find(k_endings.begin(), k_endings.end(), last) == k_endings.end()) break;
    // ("Самоа", "Никарагуа" do not decline: a vowel before the "а" keeps it,
    // else "Само*" takes "Самому" opening a sentence for Samoa)
    const std::string before =
        word.substr(starts[starts.size() - 2], starts.back() - starts[starts.size() - 2]);
    if (last == "а" && (before == "о" || before == "у")) break;
    keep = starts.back();
    starts.pop_back();
  }
  return word.substr(0, keep) + "*";
}

// "Румунія" → "Румуні*", "Камерун" → "Камерун*": a one-word name of five
// letters or more stands for its case forms; shorter names stay as written
// ("Перу" does not decline, "Того" would match too much). In a name of several
// words every word of four letters or more declines ("Екваторіальної Гвінеї",
// "Гвінеї-Бісау", "Нової Зеландії"): all of them must match, so shorter
// stems are safe there.
std::string with_case_forms(const std::string& name) {
  if (name.find(' ') == std::string::npos && name.find('-') == std::string::npos)
    return word_stem(name, 5);
  std::string out, word;
  for (const char c : name) {
    if (c == ' ' || c == '-') {
      out += word_stem(word, 4, 2) + c;
      word.clear();
    } else {
      word += c;
    }
  }
  return out + word_stem(word, 4, 2);
}

// True if stem `s` ("сербі*") and a people or adjective stem ("серб*") can
// match one word: the longer would win and, being a name, need a capital.
bool collides(const std::set<std::string>& taken, const std::string& s) {
  if (s.empty() || s.back() != '*') return taken.count(s) > 0;
  const std::string stem = s.substr(0, s.size() - 1);
  for (const auto& t : taken) {
    const std::string other = !t.empty() && t.back() == '*' ? t.substr(0, t.size() - 1) : t;
    if (other.empty()) continue;
    if (stem.rfind(other, 0) == 0 || other.rfind(stem, 0) == 0) return true;
  }
  return false;
}

// The Cyrillic forms of one language by ISO code (names, adjectives, people).
std::map<std::string, Row> read_cyrillic(const std::string& language) {
  std::map<std::string, Row> rows;
  for (const auto& cols : tsv_rows(k_countries_cyrillic_tsv, 5)) {
    if (cols[1] != language) continue;
    Row& r = rows[cols[0]];
    for (auto [to, from] : {std::pair{&r.names, &cols[2]}, std::pair{&r.demonyms, &cols[3]},
                            std::pair{&r.plurals, &cols[4]}}) {
      // "белорусы~": every form of the word, by Snowball where it knows the language
      for (const auto& item : split_list(*from))
        to->push_back(expand_snowball_phrase(language, item).value_or(item));
    }
  }
  // every country's name, from iso-codes' translations; a stem that overlaps a
  // people or adjective stem ("Сербі*" and "серб*") stays the name as written
  std::set<std::string> taken;
  for (const auto& [code, r] : rows)
    for (const auto* list : {&r.demonyms, &r.plurals})
      for (const auto& w : *list) taken.insert(fold_case(w));
  for (const auto& cols : tsv_rows(k_iso_names_tsv, 3)) {
    if (cols[1] != language) continue;
    for (const auto& name : split_list(cols[2])) {
      const std::string forms = with_case_forms(name);
      rows[cols[0]].names.push_back(collides(taken, fold_case(forms)) ? name : forms);
    }
  }
  return rows;
}

// The capitals of one language by ISO code, each standing for its state.
std::map<std::string, std::vector<std::string>> read_capitals(const std::string& language) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& cols : tsv_rows(k_capitals_tsv, 3)) {
    if (cols[1] != language) continue;
    for (const auto& name : split_list(cols[2]))
      out[cols[0]].push_back(language == "en" ? name : with_case_forms(name));
  }
  return out;
}

}  // namespace

std::vector<SubjectDef> builtin_countries(const std::string& language) {
  const auto cyrillic = read_cyrillic(language);
  const auto rows = read_demonyms();
  const auto capitals = read_capitals(language);
  const auto iso = nlohmann::json::parse(k_iso_3166_json);
  std::vector<SubjectDef> out;
  for (const auto& c : iso.at("3166-1")) {
    const std::string code = c.value("alpha_2", "");
    SubjectDef s;
    s.name = c.value("common_name", c.value("name", ""));
    for (const char* key : {"name", "common_name", "official_name"}) {
      const std::string n = c.value(key, "");
      if (!n.empty() && n.find(',') == std::string::npos) s.names.push_back(n);
    }
    if (auto it = rows.find(code); it != rows.end()) {
      const Row& r = it->second;
      s.name = r.canonical;
      s.names.push_back(r.canonical);
      s.names.insert(s.names.end(), r.names.begin(), r.names.end());
      s.demonyms = r.demonyms;
      s.plurals = r.plurals;
      if (s.plurals.empty())
        for (const auto& d : r.demonyms) s.plurals.push_back(plural_of(d));
    }
    if (auto it = cyrillic.find(code); it != cyrillic.end()) {
      const Row& r = it->second;
      s.names.insert(s.names.end(), r.names.begin(), r.names.end());
      s.demonyms.insert(s.demonyms.end(), r.demonyms.begin(), r.demonyms.end());
      s.plurals.insert(s.plurals.end(), r.plurals.begin(), r.plurals.end());
    }
    if (auto it = capitals.find(code); it != capitals.end())
      s.names.insert(s.names.end(), it->second.begin(), it->second.end());
    if (!s.name.empty() && s.name.find(',') == std::string::npos) out.push_back(std::move(s));
  }
  if (auto it = rows.find("XK"); it != rows.end()) {
    // Kosovo has no ISO 3166-1 code yet; our table still names it.
    const Row& r = it->second;
    SubjectDef s{r.canonical, {r.canonical}, r.demonyms, {}, {}};
    for (const auto& d : r.demonyms) s.plurals.push_back(plural_of(d));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace nw::claims
