#include "claims/numbers.hpp"

#include <unicode/ucurr.h>
#include <unicode/uenum.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace nw::claims {
namespace {

// A name ICU gives for a currency, as UTF-8; empty when it has none in that
// language (ICU then falls back to the code) or it is no plain name ("Boliviano
// (1863-1963)").
std::string plain_name(const UChar* name, int32_t len, std::string_view code) {
  if (name == nullptr || len <= 0) return {};
  char buf[256];
  int32_t out = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strToUTF8(buf, sizeof buf, &out, name, len, &status);
  if (U_FAILURE(status) || out <= 0 || out >= static_cast<int32_t>(sizeof buf)) return {};
  const std::string s(buf, static_cast<std::size_t>(out));
  if (s == code || s.find_first_of("()0123456789") != std::string::npos) return {};
  return s;
}

// Every current currency under the names CLDR (through ICU) gives it in the
// pack's language, in each plural form ("чешских крон" after "300 тысяч"), so
// a pay figure in a currency no pack lists still has its unit. Precious
// metals, drawing rights and test codes are no pay.
void add_cldr_currencies(NumberLexicon& lex, const std::string& language) {
  static constexpr std::array<std::string_view, 12> k_not_money{
      "XAU", "XAG", "XPD", "XPT", "XDR", "XBA", "XBB", "XBC", "XBD", "XTS", "XXX", "XSU"};
  UErrorCode status = U_ZERO_ERROR;
  UEnumeration* codes = ucurr_openISOCurrencies(UCURR_COMMON | UCURR_NON_DEPRECATED, &status);
  if (U_FAILURE(status)) return;
  while (const char* code = uenum_next(codes, nullptr, &status)) {
    if (U_FAILURE(status)) break;
    const std::string_view c(code);
    if (c.size() != 3 || std::find(k_not_money.begin(), k_not_money.end(), c) != k_not_money.end())
      continue;
    UChar ucode[4];
    u_charsToUChars(code, ucode, 4);
    std::vector<std::string> names;
    // (each call fills len and status before they are read)
    UBool choice = false;
    int32_t len = 0;
    UErrorCode st = U_ZERO_ERROR;
    const UChar* name = ucurr_getName(ucode, language.c_str(), UCURR_LONG_NAME, &choice, &len, &st);
    if (U_SUCCESS(st)) names.push_back(plain_name(name, len, c));
    for (const char* count : {"one", "few", "many", "other"}) {
      st = U_ZERO_ERROR;
      name = ucurr_getPluralName(ucode, language.c_str(), &choice, count, &len, &st);
      if (U_SUCCESS(st)) names.push_back(plain_name(name, len, c));
    }
    auto at = std::find(lex.currency_codes.begin(), lex.currency_codes.end(), c);
    const int id = static_cast<int>(at - lex.currency_codes.begin());
    bool added = false;
    for (const auto& n : names)
      if (!n.empty()) added = lex.currencies.add(fold_case(n), id) || added;
    if (added && at == lex.currency_codes.end()) lex.currency_codes.emplace_back(c);
  }
  uenum_close(codes);
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t b = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(b, i - b));
      b = i + 1;
    }
  }
  return out;
}

double to_double(std::string_view digits) {
  double v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

// "1,031" and "1.031.000": groups of three after a first group of one to three.
bool grouped(const std::vector<std::string_view>& parts) {
  if (parts.size() < 2 || parts[0].empty() || parts[0].size() > 3) return false;
  for (std::size_t i = 1; i < parts.size(); ++i)
    if (parts[i].size() != 3) return false;
  return true;
}

double round_bound(double x) {
  return std::round(x * 1000.0) / 1000.0;
}

class Parser {
 public:
  Parser(const std::vector<Token>& t, const NumberLexicon& lex) : m_t(t), m_lex(lex) {}

  std::vector<Figure> run() {
    std::vector<Figure> out;
    for (std::size_t i = 0; i < m_t.size();) {
      auto f = figure_at(i);
      if (!f) {
        ++i;
        continue;
      }
      // "rose from 40 to 65", "выросло с 40 до 65": the old value is no figure,
      // and the join before the new one is no qualifier ("до" is "up to" elsewhere)
      if (auto to = changed_to(*f)) {
        i = to->last + 1;
        out.push_back(std::move(*to));
        continue;
      }
      range(*f);
      qualifier(*f);
      i = after_change_to(*f);
      out.push_back(std::move(*f));
    }
    return out;
  }

 private:
  bool is_scale(std::size_t i) const {
    // (a one-letter scale only glued to its figure: "12k", "1.5m", not "5 m")
    return i < m_t.size() && m_lex.maybe_number_word(m_t[i]) &&
           m_lex.scales.count(m_t[i].lower) > 0 &&
           (m_t[i].lower.size() > 1 || !m_t[i].space_before);
  }
  bool is_word_number(std::size_t i) const {
    return i < m_t.size() && m_lex.maybe_number_word(m_t[i]) && m_lex.words.count(m_t[i].lower) > 0;
  }

  // "1 тис. 436", "1 мільйона 100 тисяч": a smaller amount written after a
  // scale adds to it. Only below a thousand unscaled, so that "5 тыс. 2023
  // года" stays five thousand. Moves `last` past what it adds.
  void add_remainder(double& value, double scale, std::size_t& last) const {
    while (scale > 1) {
      std::size_t k = last + 1;
      if (k < m_t.size() && m_t[k].lower == "." && !m_t[k].space_before) ++k;
      if (k >= m_t.size() || m_t[k].kind != TokenKind::Number) return;
      std::size_t l = k;
      bool plain = false;
      const auto d = digits_at(k, l, plain);
      if (!d) return;
      double sub_scale = 1;
      while (is_scale(l + 1)) sub_scale *= m_lex.scales.at(m_t[++l].lower);
      const double part = *d * sub_scale;
      if (part >= scale || (sub_scale == 1 && (scale != 1000 || *d >= 1000))) return;
      value += part;
      last = l;
      scale = sub_scale;
    }
  }

  // Digits at i, merging "1 031" (space-separated thousands); sets `last`.
  std::optional<double> digits_at(std::size_t i, std::size_t& last, bool& plain) const {
    const Token& t = m_t[i];
    if (t.kind != TokenKind::Number) return std::nullopt;
    bool separated = false;
    auto v = parse_digits(t.lower, !is_scale(i + 1), &separated);
    if (!v) return std::nullopt;
    last = i;
    if (!separated && t.lower.size() <= 3) {
      while (last + 1 < m_t.size() && m_t[last + 1].kind == TokenKind::Number &&
             m_t[last + 1].lower.size() == 3 && all_digits(m_t[last + 1].lower) &&
             m_t[last + 1].start - m_t[last].end <= 3 && m_t[last + 1].start > m_t[last].end) {
        *v = *v * 1000 + to_double(m_t[last + 1].lower);
        separated = true;
        ++last;
      }
    }
    plain = !separated && all_digits(t.lower);
    return v;
  }

  // "twenty-five", "a hundred", "two dozen", "one hundred and fifty".
  std::optional<double> words_at(std::size_t i, std::size_t& last) const {
    double total = 0, current = 0;
    bool any = false;
    std::size_t j = i;
    if ((m_t[j].lower == "a" || m_t[j].lower == "an") && is_scale(j + 1)) {
      current = 1;
      ++j;
    }
    for (; j < m_t.size(); ++j) {
      const std::string& w = m_t[j].lower;
      if (!any && !m_lex.maybe_number_word(m_t[j])) break;
      // "тысяча" alone is a figure, after another number ("две тысячи") a scale
      const bool as_scale = any && is_scale(j);
      if (auto it = m_lex.words.find(w); it != m_lex.words.end() && !as_scale) {
        current += it->second;
      } else if (auto s = m_lex.scales.find(w); s != m_lex.scales.end()) {
        if (!any && current == 0) break;
        if (s->second >= 1000) {
          total += (current == 0 ? 1 : current) * s->second;
          current = 0;
        } else {
          current = (current == 0 ? 1 : current) * s->second;
        }
      } else if ((w == "-" || w == "and") && any && is_word_number(j + 1) &&
                 m_lex.words.at(m_t[j + 1].lower) < 100) {
        continue;
      } else if (const auto h = any && current > 0 ? m_lex.halves.longest_at(m_t, j) : std::nullopt;
                 h && is_scale(h->last + 1)) {
        // "две с половиной тысячи", "two and a half thousand"
        current += 0.5;
        j = h->last;
        last = j;
        continue;
      } else {
        break;
      }
      any = true;
      last = j;
    }
    if (!any) return std::nullopt;
    return total + current;
  }

  std::optional<Figure> figure_at(std::size_t i) const {
    // A range join can be the sentence's last token ("between 5 and"): nothing follows.
    if (i >= m_t.size()) return std::nullopt;
    // Nearly every token starts no figure: only digits, a number word, "a"
    // before a scale, a currency or a vague amount can (checked before any work).
    const Token& tok = m_t[i];
    if (!m_lex.may_start_figure(tok)) return std::nullopt;
    // ("a" and "an" by length first: a comparison with a literal calls memcmp)
    const bool article =
        tok.lower.size() <= 2 && tok.lower[0] == 'a' && (tok.lower == "a" || tok.lower == "an");
    if (tok.kind != TokenKind::Number && !m_lex.maybe_number_word(tok) && !article &&
        !m_lex.currencies.longest_at(m_t, i) && !m_lex.vague.longest_at(m_t, i) &&
        !m_lex.shares.longest_at(m_t, i))
      return std::nullopt;
    Figure f;
    f.first = i;
    std::size_t j = i;
    if (auto c = m_lex.currencies.longest_at(m_t, i);
        c && c->last + 1 < m_t.size() && m_t[c->last + 1].kind == TokenKind::Number) {
      f.currency = m_lex.currency_codes[static_cast<std::size_t>(c->id)];
      j = c->last + 1;
    }
    // "half a million", "a quarter of a million", "четверть миллиона": a share
    // of the scale right after it (and a figure only then: "четверть
    // иностранцев" is no count)
    auto share = m_lex.shares.longest_at(m_t, j);
    if (share && (f.currency || !is_scale(share->last + 1))) share.reset();
    std::optional<PhraseMatch> v;
    if (!share) v = m_lex.vague.longest_at(m_t, j);
    // "более тысячи" is more than a thousand, "тысячи" alone thousands
    if (v && v->first == v->last && is_word_number(j) && j > 0 &&
        m_lex.qualifiers.longest_ending_at(m_t, j - 1))
      v.reset();
    if (share) {
      std::size_t last = share->last;
      double scale = 1;
      while (is_scale(last + 1)) scale *= m_lex.scales.at(m_t[++last].lower);
      f.value = m_lex.share_values[static_cast<std::size_t>(share->id)] * scale;
      f.last = last;
      f.spelled = true;
    } else if (v && !f.currency) {
      const auto& b = m_lex.vague_bounds[static_cast<std::size_t>(v->id)];
      f.value = b.first;
      f.low = b.first;
      f.high = b.second;
      f.qualifier = "vague";
      f.last = v->last;
      f.spelled = true;
    } else {
      std::size_t last = j;
      bool plain = false;
      auto d = digits_at(j, last, plain);
      if (!d) {
        d = words_at(j, last);
        if (!d) return std::nullopt;
        f.spelled = true;
      }
      f.value = *d;
      f.plain_int = plain;
      double scale = 1;
      while (is_scale(last + 1) && !(f.spelled && m_t[last + 1].lower == "dozen")) {
        scale *= m_lex.scales.at(m_t[last + 1].lower);
        f.plain_int = false;
        ++last;
      }
      f.value *= scale;
      add_remainder(f.value, scale, last);
      f.last = last;
    }
    f.qual_first = f.first;
    if (!f.currency) {
      // ("200 тыс. руб.": past the point of an abbreviated scale)
      std::size_t k = f.last + 1;
      if (k + 1 < m_t.size() && m_t[k].lower == "." && !m_t[k].space_before &&
          m_t[f.last].kind == TokenKind::Word)
        ++k;
      if (auto c = m_lex.currencies.longest_at(m_t, k)) {
        f.currency = m_lex.currency_codes[static_cast<std::size_t>(c->id)];
        f.last = c->last;
      }
    }
    if (f.value <= 0) return std::nullopt;
    return f;
  }

  // Where to read on after `f`. "rose to 64 from 58": the old value after the
  // new one is no figure, and "выросло до 64": the change's "до" no "up to".
  std::size_t after_change_to(Figure& f) const {
    const std::size_t next = f.last + 1;
    const auto to =
        f.qual_first > 0 ? m_lex.change_tos.longest_ending_at(m_t, f.qual_first - 1) : std::nullopt;
    const auto to_in =
        to || f.first == 0 ? std::nullopt : m_lex.change_tos.longest_ending_at(m_t, f.first - 1);
    if (to_in && to_in->first < f.qual_first && f.qualifier != "range") {
      f.qualifier = "exact";
      f.qual_first = f.first;
    }
    if (!to && !to_in) return next;
    // (an old value with a time of its own is a point of a series, and a
    // claim: "rose to 49 on Tuesday, from 33 a month earlier")
    const auto from = m_lex.change_froms.longest_at(m_t, next);
    const auto old = from ? figure_at(from->last + 1) : std::nullopt;
    if (old && (old->last + 1 >= m_t.size() || m_t[old->last + 1].kind != TokenKind::Word))
      return old->last + 1;
    return next;
  }

  std::optional<Figure> changed_to(const Figure& f) const {
    if (f.first == 0 || !m_lex.change_starts.longest_ending_at(m_t, f.first - 1))
      return std::nullopt;
    // (past an abbreviation's point: "с 1 тыс. до 2,5 тыс.")
    std::size_t at = f.last + 1;
    if (at < m_t.size() && m_t[at].lower == "." && m_t[f.last].kind == TokenKind::Word) ++at;
    const auto join = m_lex.range_joins.longest_at(m_t, at);
    if (!join) return std::nullopt;
    // (the new value may have its own qualifier: "до почти 2,5 тыс.")
    std::size_t g_at = join->last + 1;
    const auto q = m_lex.qualifiers.longest_at(m_t, g_at);
    if (q) g_at = q->last + 1;
    auto g = figure_at(g_at);
    if (!g || g->qualifier == "vague") return std::nullopt;
    if (q) {
      g->qualifier = m_lex.qualifier_names[static_cast<std::size_t>(q->id)];
      g->qual_first = q->first;
    }
    if (!g->currency) g->currency = f.currency;  // "from $40 to 65"
    return g;
  }

  void range(Figure& f) const {
    if (f.qualifier == "vague") return;
    std::size_t join_at = f.last + 1;
    // currency after the second figure only: "$5-10 million"
    auto join = m_lex.range_joins.longest_at(m_t, join_at);
    if (!join) return;
    const bool started =
        f.first > 0 && m_lex.range_starts.longest_ending_at(m_t, f.first - 1).has_value();
    const std::string& jw = m_t[join->first].lower;
    if (jw == "and" && !started) return;
    auto g = figure_at(join->last + 1);
    if (!g || g->qualifier == "vague" || g->value <= f.value) return;
    if (f.plain_int && g->plain_int && f.value >= 1900 && f.value <= 2100)
      return;  // 2022-2024: years
    if (!f.currency && g->currency) f.currency = g->currency;
    // "1.5-2 million": the scale of the second figure applies to the first
    // (the scale may stand before a currency and an abbreviation's point:
    // "15–20 тыс. долларов", "от 190 до 250 тыс. рублей")
    if (g->value / f.value >= 1000 && m_t[g->last].kind == TokenKind::Word) {
      bool scaled = false;
      for (std::size_t j = g->last; j > g->first && !scaled; --j)
        for (const auto& [w, s] : m_lex.scales)
          if (!scaled && m_t[j].lower == w) {
            f.value *= s;
            scaled = true;
          }
    } else if (f.plain_int && !g->plain_int && m_t[g->last].kind == TokenKind::Number &&
               f.value < 1000 && f.value * 1000 <= g->value && f.value * 10000 >= g->value) {
      // "11-12,000": a bare count before thousands written out is in thousands
      // too (an order of magnitude apart at most: "5-10,000" is 5,000 to 10,000)
      f.value *= 1000;
    }
    f.low = f.value;
    f.high = g->value;
    f.qualifier = "range";
    f.last = g->last;
    f.plain_int = false;
    if (started) f.qual_first = f.first - 1;
    if (started) f.first = f.first;
  }

  void qualifier(Figure& f) const {
    if (f.qualifier == "exact" && f.qual_first > 0) {
      if (auto q = m_lex.qualifiers.longest_ending_at(m_t, f.qual_first - 1)) {
        f.qualifier = m_lex.qualifier_names[static_cast<std::size_t>(q->id)];
        f.qual_first = q->first;
      } else if (f.qual_first > 1 && m_t[f.qual_first - 1].lower == ",") {
        // "По меньшей мере, 1 250": a qualifier of several words, or one opening
        // the sentence, keeps its figure across a comma
        auto before = m_lex.qualifiers.longest_ending_at(m_t, f.qual_first - 2);
        if (before && (before->last > before->first || before->first == 0)) {
          f.qualifier = m_lex.qualifier_names[static_cast<std::size_t>(before->id)];
          f.qual_first = before->first;
        }
      }
    }
    // "платить от 190 тысяч рублей": a sum from which pay starts, with no end
    // to the range, is its least
    if (f.qualifier == "exact" && f.currency && f.qual_first > 0) {
      if (auto r = m_lex.range_starts.longest_ending_at(m_t, f.qual_first - 1)) {
        f.qualifier = "at_least";
        f.qual_first = r->first;
      }
    }
    // "500 or more", "200-plus", "300 с лишним": a qualifier after the figure
    // (over "some": "some 500 or more" is at least 500)
    if ((f.qualifier == "exact" || f.qualifier == "approx") && !f.currency) {
      std::size_t at = f.last + 1;  // ("200-plus": past a hyphen glued to both)
      if (at + 1 < m_t.size() && m_t[at].lower == "-" && !m_t[at].space_before &&
          !m_t[at + 1].space_before)
        ++at;
      if (auto q = m_lex.qualifiers_after.longest_at(m_t, at)) {
        f.qualifier = m_lex.qualifier_after_names[static_cast<std::size_t>(q->id)];
        f.last = q->last;
      }
    }
    const double v = f.value;
    if (f.qualifier == "exact") {
      f.low = f.high = v;
    } else if (f.qualifier == "approx") {
      f.low = round_bound(v * 0.9);
      f.high = round_bound(v * 1.1);
    } else if (f.qualifier == "nearly" || f.qualifier == "at_most") {
      f.low.reset();
      f.high = v;
    } else if (f.qualifier == "at_least" || f.qualifier == "more_than") {
      f.low = v;
      f.high.reset();
    }
  }

  const std::vector<Token>& m_t;
  const NumberLexicon& m_lex;
};

}  // namespace

std::optional<double> parse_digits(const std::string& s, bool dot_thousands, bool* separated) {
  if (separated) *separated = false;
  const bool comma = s.find(',') != std::string::npos;
  const bool dot = s.find('.') != std::string::npos;
  if (!comma && !dot) return all_digits(s) ? std::optional(to_double(s)) : std::nullopt;
  if (comma && dot) {
    // "1,234.5" or "1.234,5": the last separator is the decimal mark
    const char dec = s.rfind('.') > s.rfind(',') ? '.' : ',';
    const char th = dec == '.' ? ',' : '.';
    const std::size_t p = s.rfind(dec);
    const std::string whole = s.substr(0, p);
    auto parts = split(whole, th);
    if (!grouped(parts) || !all_digits(s.substr(p + 1))) return std::nullopt;
    double v = 0;
    for (auto part : parts) v = v * 1000 + to_double(part);
    const std::string frac = s.substr(p + 1);
    if (separated) *separated = true;
    return v + to_double(frac) / std::pow(10.0, static_cast<double>(frac.size()));
  }
  const char sep = comma ? ',' : '.';
  auto parts = split(s, sep);
  for (auto part : parts)
    if (!all_digits(part)) return std::nullopt;
  const bool thousands = grouped(parts) && (sep == ',' || parts.size() > 2 || dot_thousands);
  if (thousands) {
    double v = 0;
    for (auto part : parts) v = v * 1000 + to_double(part);
    if (separated) *separated = true;
    return v;
  }
  if (parts.size() != 2) return std::nullopt;
  return to_double(parts[0]) +
         to_double(parts[1]) / std::pow(10.0, static_cast<double>(parts[1].size()));
}

std::vector<Figure> find_figures(const std::vector<Token>& tokens, const NumberLexicon& lex) {
  return Parser(tokens, lex).run();
}

NumberLexicon NumberLexicon::from_pack(const RulePack& pack) {
  NumberLexicon lex;
  for (const auto& [w, v] : pack.number_words) lex.words[fold_case(w)] = v;
  for (const auto& [w, v] : pack.scale_words) lex.scales[fold_case(w)] = v;
  for (const auto* m : {&lex.words, &lex.scales})
    for (const auto& [w, v] : *m) lex.number_filter.set(word_hash(w) & 4095u);
  for (const auto& v : pack.vague) {
    lex.vague.add(v.phrase, static_cast<int>(lex.vague_bounds.size()));
    lex.vague_bounds.emplace_back(v.low, v.high);
  }
  for (const auto& [name, phrases] : pack.qualifiers) {
    for (const auto& p : phrases)
      lex.qualifiers.add(p, static_cast<int>(lex.qualifier_names.size()));
    lex.qualifier_names.push_back(name);
  }
  for (const auto& [name, phrases] : pack.qualifiers_after) {
    for (const auto& p : phrases)
      lex.qualifiers_after.add(p, static_cast<int>(lex.qualifier_after_names.size()));
    lex.qualifier_after_names.push_back(name);
  }
  for (const auto& [code, phrases] : pack.currencies) {
    for (const auto& p : phrases)
      lex.currencies.add(p, static_cast<int>(lex.currency_codes.size()));
    lex.currency_codes.push_back(code);
  }
  if (!pack.language.empty()) add_cldr_currencies(lex, pack.language);
  for (const auto& p : pack.range_starts) lex.range_starts.add(p, 0);
  for (const auto& p : pack.range_joins) lex.range_joins.add(p, 0);
  for (const auto& p : pack.change_starts) lex.change_starts.add(p, 0);
  for (const auto& p : pack.change_tos) lex.change_tos.add(p, 0);
  for (const auto& p : pack.change_froms) lex.change_froms.add(p, 0);
  for (const auto& p : pack.halves) lex.halves.add(p, 0);
  for (const auto& [phrase, share] : pack.scale_shares) {
    if (lex.shares.add(phrase, static_cast<int>(lex.share_values.size())))
      lex.share_values.push_back(share);
  }
  lex.start_filter = lex.number_filter;
  for (const char* article : {"a", "an"}) lex.start_filter.set(word_hash(article) & 4095u);
  for (const auto* set : {&lex.currencies, &lex.vague, &lex.shares}) {
    for (const Phrase& p : set->phrases()) {
      const Term& head = p.terms.front();
      if (head.kind != Term::Kind::Exact) lex.start_filter_on = false;
      lex.start_filter.set(head.hash & 4095u);
    }
  }
  return lex;
}

}  // namespace nw::claims
