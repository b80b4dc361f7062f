#include "parsers/dates.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "util/text.hpp"

namespace nw::parsers {
namespace {

using namespace std::chrono;

struct Fields {
  int year = -1, month = -1, day = -1;
  int hour = 0, minute = 0, second = 0;
  int offset_minutes = 0;  // east of UTC
  bool year_two_digits = false;
};

struct NamedOffset {
  std::string_view name;
  int minutes;
};

// Zone names seen in feeds; the US ones also in their one-letter-dropped "ET" forms.
constexpr NamedOffset k_zones[] = {
    {"ut", 0},     {"utc", 0},    {"gmt", 0},    {"z", 0},       {"etc/gmt", 0}, {"etc/utc", 0},
    {"est", -300}, {"edt", -240}, {"cst", -360}, {"cdt", -300},  {"mst", -420},  {"mdt", -360},
    {"pst", -480}, {"pdt", -420}, {"ast", -240}, {"adt", -180},  {"at", -240},   {"et", -300},
    {"ct", -360},  {"mt", -420},  {"pt", -480},  {"akst", -540}, {"akdt", -480}, {"hst", -600},
    {"nst", -210}, {"ndt", -150}, {"wet", 0},    {"west", 60},   {"bst", 60},    {"cet", 60},
    {"cest", 120}, {"met", 60},   {"mest", 120}, {"mez", 60},    {"mesz", 120},  {"eet", 120},
    {"eest", 180}, {"msk", 180},  {"msd", 240},  {"ist", 330},   {"pkt", 300},   {"ict", 420},
    {"wib", 420},  {"hkt", 480},  {"sgt", 480},  {"awst", 480},  {"pht", 480},   {"jst", 540},
    {"kst", 540},  {"acst", 570}, {"aest", 600}, {"aedt", 660},  {"nzst", 720},  {"nzdt", 780},
    {"sast", 120}, {"cat", 120},  {"eat", 180},  {"wat", 60},    {"brt", -180},  {"art", -180},
};

constexpr std::string_view k_months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};

// Month names beyond English that feeds (and feedparser's tests) use, lower-case UTF-8.
constexpr std::pair<std::string_view, int> k_foreign_months[] = {
    {"\xce\x99\xce\xb1\xce\xbd", 1},  // Ιαν (Greek, as lower-cased by ASCII rules: unchanged)
    {"\xce\xa6\xce\xb5\xce\xb2", 2},
    {"\xce\x9c\xce\xac\xcf\x81", 3},
    {"\xce\x9c\xce\xb1\xcf\x81", 3},
    {"\xce\x91\xcf\x80\xcf\x81", 4},
    {"\xce\x9c\xce\xac\xce\xb9", 5},
    {"\xce\x9c\xce\xb1\xcf\x8a", 5},
    {"\xce\x9c\xce\xb1\xce\xb9", 5},
    {"\xce\x99\xce\xbf\xcf\x8d\xce\xbd", 6},
    {"\xce\x99\xce\xbf\xce\xbd", 6},
    {"\xce\x99\xce\xbf\xcf\x8d\xce\xbb", 7},
    {"\xce\x99\xce\xbf\xce\xbb", 7},
    {"\xce\x91\xcf\x8d\xce\xb3", 8},
    {"\xce\x91\xcf\x85\xce\xb3", 8},
    {"\xce\xa3\xce\xb5\xcf\x80", 9},
    {"\xce\x9f\xce\xba\xcf\x84", 10},
    {"\xce\x9d\xce\xbf\xce\xad", 11},
    {"\xce\x9d\xce\xbf\xce\xb5", 11},
    {"\xce\x94\xce\xb5\xce\xba", 12},
    {"janu\xc3\xa1r", 1},
    {"febru\xc3\xa1r", 2},
    {"m\xc3\xa1rcius", 3},
    {"\xc3\xa1prilis", 4},
    {"m\xc3\xa1jus", 5},
    {"j\xc3\xbanius", 6},
    {"j\xc3\xbalius", 7},
    {"augusztus", 8},
    {"szeptember", 9},
    {"okt\xc3\xb3"
     "ber",
     10},
    {"november", 11},
    {"december", 12},
};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         static_cast<unsigned char>(c) >= 0x80 || c == '/';
}

int month_from_name(std::string_view w) {
  if (w.size() >= 3) {
    for (int i = 0; i < 12; ++i)
      if (w.substr(0, 3) == k_months[i]) {
        // "mar" and "march" but not "marzipan": the rest must be the full name's tail.
        static constexpr std::string_view k_full[] = {
            "january", "february", "march",     "april",   "may",      "june",
            "july",    "august",   "september", "october", "november", "december"};
        if (w.size() == 3 || k_full[i].starts_with(w) || w == "sept") return i + 1;
      }
  }
  for (const auto& [name, m] : k_foreign_months)
    if (w == name) return m;
  return 0;
}

bool is_day_name(std::string_view w) {
  static constexpr std::string_view k_days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  static constexpr std::string_view k_full[] = {"monday", "tuesday",  "wednesday", "thursday",
                                                "friday", "saturday", "sunday",    "tues",
                                                "thur",   "thurs"};
  for (auto d : k_days)
    if (w == d) return true;
  for (auto d : k_full)
    if (w == d) return true;
  // Greek abbreviations (Κυρ, Δευ, Τρι, Τετ, Πεμ, Παρ, Σαβ): three two-byte letters.
  return w.size() == 6 && static_cast<unsigned char>(w[0]) == 0xCE;
}

std::optional<int> zone_from_name(std::string_view w) {
  for (const auto& z : k_zones)
    if (w == z.name) return z.minutes;
  // RFC 822 military zones: A-I = -1..-9, K-M = -10..-12, N-Y = +1..+12.
  if (w.size() == 1 && w[0] >= 'a' && w[0] <= 'y' && w[0] != 'j') {
    const char c = w[0];
    if (c <= 'i') return -60 * (c - 'a' + 1);
    if (c <= 'm') return -60 * (c - 'k' + 10);
    return 60 * (c - 'n' + 1);
  }
  return std::nullopt;
}

int full_year(int y, bool two_digits) {
  if (!two_digits) return y;
  return y < 70 ? 2000 + y : 1900 + y;
}

std::optional<Time> assemble(Fields f) {
  if (f.year < 0 || f.month < 1 || f.month > 12) return std::nullopt;
  if (f.day < 0) f.day = 1;
  f.year = full_year(f.year, f.year_two_digits);
  const year_month_day ymd{year{f.year}, month{static_cast<unsigned>(f.month)},
                           day{static_cast<unsigned>(f.day)}};
  if (!ymd.ok() || f.hour > 24 || f.minute > 59 || f.second > 60) return std::nullopt;
  if (f.hour == 24 && (f.minute || f.second)) return std::nullopt;
  if (f.second == 60) f.second = 59;
  return sys_days{ymd} + hours{f.hour} + minutes{f.minute} + seconds{f.second} -
         minutes{f.offset_minutes};
}

// Reads a run of digits at s[pos]; returns the count read (capped at `max`).
std::size_t digits(std::string_view s, std::size_t pos, int& value, std::size_t max = 9) {
  value = 0;
  std::size_t n = 0;
  while (pos + n < s.size() && n < max && is_digit(s[pos + n]))
    value = value * 10 + (s[pos + n++] - '0');
  return n;
}

// "+hh:mm", "+hhmm", "+hh" at s[pos]; the end position, or npos.
std::size_t numeric_zone(std::string_view s, std::size_t pos, int& minutes_out) {
  if (pos >= s.size() || (s[pos] != '+' && s[pos] != '-')) return std::string_view::npos;
  const int sign = s[pos] == '-' ? -1 : 1;
  int v = 0;
  std::size_t n = digits(s, pos + 1, v, 4);
  int h = 0, m = 0;
  std::size_t end = pos + 1 + n;
  if (n == 4) {
    h = v / 100;
    m = v % 100;
  } else if (n == 1 || n == 2) {
    h = v;
    if (end < s.size() && s[end] == ':') {
      int mm = 0;
      const std::size_t k = digits(s, end + 1, mm, 2);
      if (k != 2) return std::string_view::npos;
      m = mm;
      end += 1 + k;
    }
  } else {
    return std::string_view::npos;
  }
  if (h > 14 || m > 59) return std::string_view::npos;
  minutes_out = sign * (h * 60 + m);
  return end;
}

// W3C-DTF / ISO 8601 / RFC 3339, including compact, ordinal and two-digit-year forms.
std::optional<Time> parse_iso(std::string_view s) {
  Fields f;
  std::size_t pos = 0;
  int v = 0;
  auto set_ordinal = [&](int y, int ord) -> bool {
    if (ord < 1 || ord > 366) return false;
    const sys_days d = sys_days{year{y} / January / 1} + days{ord - 1};
    const year_month_day ymd{d};
    if (static_cast<int>(ymd.year()) != y) return false;
    f.year = y;
    f.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
    f.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
    return true;
  };
  if (s[0] == '-') {  // "-YYMM" or "-YY-MM": two-digit year, month
    std::size_t n = digits(s, 1, v, 4);
    if (n == 4) {
      f.year = v / 100, f.month = v % 100;
      pos = 5;
    } else if (n == 2 && s.size() > 3 && s[3] == '-') {
      f.year = v;
      pos = 4;
      if (digits(s, pos, v, 2) != 2) return std::nullopt;
      f.month = v;
      pos += 2;
    } else {
      return std::nullopt;
    }
    f.year_two_digits = true;
  } else {
    std::size_t n = digits(s, 0, v, 9);
    pos = n;
    if (n == 4) {
      f.year = v;
      if (pos < s.size() && s[pos] == '-') {
        int w = 0;
        const std::size_t m = digits(s, pos + 1, w, 3);
        if (m == 3 && (pos + 4 >= s.size() || s[pos + 4] != '-')) {
          if (!set_ordinal(f.year, w)) return std::nullopt;
          pos += 4;
        } else if (m >= 1) {
          f.month = w;
          pos += 1 + m;
          if (pos < s.size() && s[pos] == '-') {
            if (digits(s, pos + 1, w, 2) == 0) return std::nullopt;
            f.day = w;
            pos += 1 + (w >= 10 || (pos + 2 < s.size() && is_digit(s[pos + 2])) ? 2 : 1);
          }
        } else {
          return std::nullopt;
        }
      } else {
        f.month = 1;
      }
    } else if (n == 8) {
      f.year = v / 10000, f.month = v / 100 % 100, f.day = v % 100;
    } else if (n == 7) {
      if (!set_ordinal(v / 1000, v % 1000)) return std::nullopt;
    } else if (n == 6) {
      f.year = v / 10000, f.month = v / 100 % 100, f.day = v % 100;
      f.year_two_digits = true;
    } else if (n == 5) {
      if (!set_ordinal(full_year(v / 1000, true), v % 1000)) return std::nullopt;
    } else if (n == 2 && pos < s.size() && s[pos] == '-') {
      f.year = v;
      f.year_two_digits = true;
      if (digits(s, pos + 1, v, 2) != 2) return std::nullopt;
      f.month = v;
      pos += 3;
      if (pos < s.size() && s[pos] == '-') {
        if (digits(s, pos + 1, v, 2) != 2) return std::nullopt;
        f.day = v;
        pos += 3;
      }
    } else {
      return std::nullopt;
    }
  }
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ')) {
    std::size_t p = pos + 1;
    while (p < s.size() && s[p] == ' ') ++p;
    int h = 0;
    const std::size_t hn = digits(s, p, h, 2);
    if (hn == 0) return std::nullopt;
    p += hn;
    f.hour = h;
    if (p < s.size() && s[p] == ':') {
      if (digits(s, p + 1, v, 2) != 2) return std::nullopt;
      f.minute = v;
      p += 3;
      if (p < s.size() && s[p] == ':') {
        if (digits(s, p + 1, v, 2) != 2) return std::nullopt;
        f.second = v;
        p += 3;
      }
    } else if (hn == 2 && digits(s, p, v, 4) >= 2) {  // compact hhmm[ss]
      const std::size_t k = digits(s, p, v, 4);
      if (k == 4)
        f.minute = v / 100, f.second = v % 100;
      else if (k == 2)
        f.minute = v;
      else
        return std::nullopt;
      p += k;
    }
    if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
      ++p;
      while (p < s.size() && is_digit(s[p])) ++p;
    }
    while (p < s.size() && s[p] == ' ') ++p;
    if (p < s.size()) {
      if (s[p] == 'Z' || s[p] == 'z') {
        ++p;
      } else if (s[p] == '+' || s[p] == '-') {
        p = numeric_zone(s, p, f.offset_minutes);
        if (p == std::string_view::npos) return std::nullopt;
      } else {
        const auto z = zone_from_name(ascii_lower(s.substr(p)));
        if (!z) return std::nullopt;
        f.offset_minutes = *z;
        p = s.size();
      }
    }
    pos = p;
  }
  if (pos != s.size()) return std::nullopt;
  if (f.hour > 23 && !(f.hour == 24 && f.minute == 0 && f.second == 0)) return std::nullopt;
  return assemble(f);
}

// RFC 822 and everything shaped like it: words and numbers in any sensible order.
std::optional<Time> parse_words(std::string_view in) {
  const std::string s = ascii_lower(in);
  Fields f;
  bool have_time = false, have_zone = false, pm = false, am = false, korean = false;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == ',' || c == '.' || c == '\t') {
      ++i;
    } else if (is_digit(c)) {
      int v = 0;
      const std::size_t n = digits(s, i, v, 9);
      const std::size_t end = i + n;
      if (end < s.size() && s[end] == ':') {  // a time
        if (have_time || n > 2) return std::nullopt;
        int parts[3] = {v, 0, 0};
        int count = 1;
        std::size_t p = end;
        while (p < s.size() && s[p] == ':') {
          int w = 0;
          const std::size_t k = digits(s, p + 1, w, 2);
          if (k == 0 || count == 3) return std::nullopt;
          parts[count++] = w;
          p += 1 + k;
        }
        if (p < s.size() && s[p] == '.' && p + 1 < s.size() && is_digit(s[p + 1])) {
          ++p;
          while (p < s.size() && is_digit(s[p])) ++p;
        }
        f.hour = parts[0], f.minute = parts[1], f.second = parts[2];
        have_time = true;
        i = p;
      } else if (end < s.size() && (s[end] == '/' || s[end] == '-') && n <= 4 && f.month < 0) {
        // "2006/09/15", "09/15/2006", "2004-07-13"
        const char sep = s[end];
        int b = 0, cc = 0;
        const std::size_t bn = digits(s, end + 1, b, 4);
        if (bn == 0 || end + 1 + bn >= s.size() || s[end + 1 + bn] != sep) return std::nullopt;
        const std::size_t cn = digits(s, end + 2 + bn, cc, 4);
        if (cn == 0) return std::nullopt;
        if (n == 4)
          f.year = v, f.month = b, f.day = cc;
        else
          f.month = v, f.day = b, f.year = cc, f.year_two_digits = cn <= 2;
        i = end + 2 + bn + cn;
      } else {
        if (n == 4 && f.year < 0)
          f.year = v;
        else if (n <= 2 && f.day < 0)
          f.day = v;
        else if (n <= 2 && f.year < 0)
          f.year = v, f.year_two_digits = true;
        else if (n == 4 && have_time && !have_zone)
          return std::nullopt;
        else
          return std::nullopt;
        i = end;
        if (korean) {  // 년 월 일 follow their numbers
        }
      }
    } else if (c == '+' || c == '-') {
      if (!have_time) {
        ++i;
        continue;
      }
      int off = 0;
      const std::size_t end = numeric_zone(s, i, off);
      if (end == std::string_view::npos) return std::nullopt;
      f.offset_minutes = off;
      have_zone = true;
      i = end;
    } else if (is_alpha(c)) {
      std::size_t end = i;
      while (end < s.size() && is_alpha(s[end])) ++end;
      std::string_view w = std::string_view(s).substr(i, end - i);
      i = end;
      if (w == "\xeb\x85\x84" || w == "\xec\x9b\x94" || w == "\xec\x9d\xbc") {  // 년 월 일
        korean = true;
        if (w == "\xeb\x85\x84" && f.day >= 0 && f.year < 0) {
          // the number before 년 was taken for a day
        }
        continue;
      }
      if (w == "\xec\x98\xa4\xed\x9b\x84") {  // 오후: afternoon
        pm = korean = true;
        continue;
      }
      if (w == "\xec\x98\xa4\xec\xa0\x84") {  // 오전: morning
        am = korean = true;
        continue;
      }
      if (w == "pm") {
        pm = true;
        continue;
      }
      if (w == "am") {
        am = true;
        continue;
      }
      if (is_day_name(w)) continue;
      if (const int m = month_from_name(w); m > 0 && f.month < 0) {
        f.month = m;
        continue;
      }
      if (const auto z = zone_from_name(w); z && (have_time || f.year >= 0)) {
        f.offset_minutes = *z;
        have_zone = true;
        continue;
      }
      return std::nullopt;
    } else {
      return std::nullopt;
    }
  }
  if (pm && f.hour < 12) f.hour += 12;
  if (am && f.hour == 12) f.hour = 0;
  if (korean && !have_zone) f.offset_minutes = 540;
  if (f.month < 0 || f.day < 0 || f.year < 0) return std::nullopt;
  return assemble(f);
}

// Korean "2004년 05월 28일": year, month, day in that order before the markers.
std::optional<Time> parse_korean(std::string_view s) {
  // "2004년 05월 28일  01:31:15" -> "2004-05-28 01:31:15 kst"
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::string_view rest = s.substr(i);
    if (rest.starts_with("\xeb\x85\x84") || rest.starts_with("\xec\x9b\x94")) {
      out += '-';
      i += 3;
      while (i < s.size() && s[i] == ' ') ++i;
    } else if (rest.starts_with("\xec\x9d\xbc")) {
      out += ' ';
      i += 3;
    } else {
      out += s[i++];
    }
  }
  out += " kst";
  return parse_words(out);
}

// The two digits at s[pos], or -1.
int two_digits(std::string_view s, std::size_t pos) {
  if (!is_digit(s[pos]) || !is_digit(s[pos + 1])) return -1;
  return (s[pos] - '0') * 10 + (s[pos + 1] - '0');
}

// The index (0-based) of a three-letter English name in `names`, any case, or -1.
template <std::size_t N>
int three_letter_index(std::string_view w, const std::string_view (&names)[N]) {
  const char a = static_cast<char>(w[0] | 0x20), b = static_cast<char>(w[1] | 0x20),
             c = static_cast<char>(w[2] | 0x20);
  for (std::size_t i = 0; i < N; ++i)
    if (names[i][0] == a && names[i][1] == b && names[i][2] == c) return static_cast<int>(i);
  return -1;
}

// "+hh:mm", "+hhmm" (`colon` says which), "Z", "GMT", "UT" or "UTC" from `pos`
// to the end of `s`, as minutes east of UTC; nullopt when it is anything else.
std::optional<int> simple_zone(std::string_view s, std::size_t pos, bool colon) {
  const std::string_view z = s.substr(pos);
  if (z == "Z" || z == "z" || z == "GMT" || z == "UT" || z == "UTC") return 0;
  if (z.size() != (colon ? 6u : 5u) || (z[0] != '+' && z[0] != '-')) return std::nullopt;
  if (colon && z[3] != ':') return std::nullopt;
  const int h = two_digits(z, 1), m = two_digits(z, colon ? 4 : 3);
  if (h < 0 || m < 0 || h > 14 || m > 59) return std::nullopt;
  return (z[0] == '-' ? -1 : 1) * (h * 60 + m);
}

// Almost every feed writes one of two exact shapes; these read them at fixed
// offsets. Anything else (nullopt) goes to the general parsers, which accept
// these shapes too and give the same answer: the fast paths only skip the
// tokenizing (and, for RFC 822, the lower-cased copy).
//
// RFC 822 as RSS writes it: "Tue, 06 Jan 2026 09:30:00 +0100" (or GMT/UT/UTC/Z).
std::optional<Fields> rfc822_fast(std::string_view s) {
  static constexpr std::string_view k_days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  if (s.size() < 26 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
      s[19] != ':' || s[22] != ':' || s[25] != ' ')
    return std::nullopt;
  if (three_letter_index(s, k_days) < 0) return std::nullopt;
  Fields f;
  f.month = three_letter_index(s.substr(8), k_months) + 1;
  f.day = two_digits(s, 5);
  const int y1 = two_digits(s, 12), y2 = two_digits(s, 14);
  f.hour = two_digits(s, 17), f.minute = two_digits(s, 20), f.second = two_digits(s, 23);
  const auto zone = simple_zone(s, 26, false);
  if (f.month < 1 || f.day < 0 || y1 < 0 || y2 < 0 || f.hour < 0 || f.minute < 0 || f.second < 0 ||
      !zone)
    return std::nullopt;
  f.year = y1 * 100 + y2;
  f.offset_minutes = *zone;
  return f;
}

// RFC 3339 as Atom writes it: "2026-01-04T08:00:00Z", "2026-01-04T08:00:00.123-05:00".
std::optional<Fields> rfc3339_fast(std::string_view s) {
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':')
    return std::nullopt;
  Fields f;
  const int y1 = two_digits(s, 0), y2 = two_digits(s, 2);
  f.month = two_digits(s, 5), f.day = two_digits(s, 8);
  f.hour = two_digits(s, 11), f.minute = two_digits(s, 14), f.second = two_digits(s, 17);
  if (y1 < 0 || y2 < 0 || f.month < 0 || f.day < 0 || f.hour < 0 || f.minute < 0 || f.second < 0 ||
      f.hour > 23)
    return std::nullopt;
  f.year = y1 * 100 + y2;
  std::size_t pos = 19;
  if (s[pos] == '.') {
    ++pos;
    while (pos < s.size() && is_digit(s[pos])) ++pos;
  }
  const auto zone = simple_zone(s, pos, true);
  if (!zone) return std::nullopt;
  f.offset_minutes = *zone;
  return f;
}

}  // namespace

std::optional<Time> parse_date(std::string_view raw) {
  const std::string_view s = trim(raw);
  if (s.empty() || s.size() > 100) return std::nullopt;
  if (const auto f = is_digit(s[0]) ? rfc3339_fast(s) : rfc822_fast(s)) return assemble(*f);
  if (s.find("\xeb\x85\x84") != std::string_view::npos) return parse_korean(s);
  if (is_digit(s[0]) || s[0] == '-') {
    if (auto t = parse_iso(s)) return t;
    // "2004-07-13 9:15" style and month names inside an ISO shape ("2004-július-13T9:15-05:00").
    std::string alt(s);
    const std::size_t t_pos = alt.find('T');
    if (t_pos != std::string::npos && t_pos > 4 && is_digit(alt[t_pos - 1])) alt[t_pos] = ' ';
    if (alt.size() > 5 && alt[4] == '-') {
      const std::size_t second = alt.find('-', 5);
      if (second != std::string::npos && second < 20 && !is_digit(alt[5])) {
        alt[4] = ' ';
        alt[second] = ' ';
      }
    }
    if (auto t = parse_words(alt)) return t;
    return std::nullopt;
  }
  return parse_words(s);
}

}  // namespace nw::parsers
