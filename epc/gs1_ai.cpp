// The AI table. Lengths, characters and titles follow the GS1 Barcode Syntax Dictionary;
// binary encodings follow TDS 2.x Table F.
#include "epc/gs1_ai.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "epc/epc.h"
#include "epc/internal/charset.h"

namespace rfinv::epc {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;
using std::chrono::year_month_day;

constexpr TdsComponent fixed_numeric(std::uint8_t chars) {
  return {TdsMethod::fixed_numeric, chars, static_cast<std::uint8_t>(chars * 4), 0, 0};
}
constexpr TdsComponent fixed_bits(std::uint8_t chars, std::uint8_t bits) {
  return {TdsMethod::fixed_bit_numeric, chars, bits, 0, 0};
}
constexpr TdsComponent var_alnum(std::uint8_t li_bits, std::uint8_t max) {
  return {TdsMethod::var_alnum, 0, 0, li_bits, max};
}
constexpr TdsComponent var_numeric(std::uint8_t li_bits, std::uint8_t max) {
  return {TdsMethod::var_numeric, 0, 0, li_bits, max};
}
constexpr TdsComponent kDate6{TdsMethod::date6, 6, 16, 0, 0};
constexpr TdsComponent kDateTime10{TdsMethod::datetime10, 10, 27, 0, 0};
constexpr TdsComponent kGiai{TdsMethod::delimited_numeric, 0, 0, 5, 30};

using C = AiChars;
using D = AiDate;
using R = DlRole;

// A fixed-length numeric value, `check` digits closed by a check digit (0: none).
constexpr AiSpec numeric(std::string_view ai, std::string_view title, std::uint8_t length,
                         std::uint8_t check, R role, std::string_view qualifiers,
                         TdsComponent tds) {
  return {ai, title, length, length, C::numeric, length, check, D::none, role, qualifiers, tds, {}};
}
constexpr AiSpec date(std::string_view ai, std::string_view title, D kind) {
  return {ai, title, 6, 6, C::numeric, 6, 0, kind, R::attribute, {}, kDate6, {}};
}
constexpr AiSpec text(std::string_view ai, std::string_view title, std::uint8_t max, R role,
                      TdsComponent tds) {
  return {ai, title, 1, max, C::cset82, 0, 0, D::none, role, {}, tds, {}};
}
constexpr AiSpec count(std::string_view ai, std::string_view title, std::uint8_t max, R role,
                       TdsComponent tds) {
  return {ai, title, 1, max, C::numeric, max, 0, D::none, role, {}, tds, {}};
}

// Sorted by AI, which for prefix-free digit strings is also numeric order.
constexpr std::array kTable{
    numeric("00", "SSCC", 18, 18, R::primary_key, {}, fixed_numeric(18)),
    numeric("01", "GTIN", 14, 14, R::primary_key, "22 10 21", fixed_numeric(14)),
    numeric("02", "CONTENT", 14, 14, R::attribute, {}, fixed_numeric(14)),
    text("10", "BATCH/LOT", 20, R::qualifier, var_alnum(5, 20)),
    date("11", "PROD DATE", D::yymmd0),
    date("12", "DUE DATE", D::yymmd0),
    date("13", "PACK DATE", D::yymmd0),
    date("15", "BEST BEFORE or BEST BY", D::yymmd0),
    date("16", "SELL BY", D::yymmd0),
    date("17", "USE BY or EXPIRY", D::yymmd0),
    numeric("20", "VARIANT", 2, 0, R::attribute, {}, fixed_bits(2, 7)),
    text("21", "SERIAL", 20, R::qualifier, var_alnum(5, 20)),
    text("22", "CPV", 20, R::qualifier, var_alnum(5, 20)),
    text("240", "ADDITIONAL ID", 30, R::attribute, var_alnum(5, 30)),
    text("241", "CUST. PART No.", 30, R::attribute, var_alnum(5, 30)),
    text("250", "SECONDARY SERIAL", 30, R::attribute, var_alnum(5, 30)),
    text("251", "REF. TO SOURCE", 30, R::attribute, var_alnum(5, 30)),
    text("254", "GLN EXTENSION COMPONENT", 20, R::qualifier, var_alnum(5, 20)),
    count("30", "VAR. COUNT", 8, R::attribute, var_numeric(4, 8)),
    count("37", "COUNT", 8, R::attribute, var_numeric(4, 8)),
    text("400", "ORDER NUMBER", 30, R::attribute, var_alnum(5, 30)),
    text("401", "GINC", 30, R::primary_key, var_alnum(5, 30)),
    numeric("402", "GSIN", 17, 17, R::primary_key, {}, fixed_bits(17, 57)),
    text("403", "ROUTE", 30, R::attribute, var_alnum(5, 30)),
    numeric("410", "SHIP TO LOC", 13, 13, R::attribute, {}, fixed_numeric(13)),
    numeric("411", "BILL TO", 13, 13, R::attribute, {}, fixed_numeric(13)),
    numeric("412", "PURCHASE FROM", 13, 13, R::attribute, {}, fixed_numeric(13)),
    numeric("413", "SHIP FOR LOC", 13, 13, R::attribute, {}, fixed_numeric(13)),
    numeric("414", "LOC No.", 13, 13, R::primary_key, "254", fixed_numeric(13)),
    numeric("415", "PAY TO", 13, 13, R::primary_key, "8020", fixed_numeric(13)),
    numeric("416", "PROD/SERV LOC", 13, 13, R::attribute, {}, fixed_numeric(13)),
    numeric("417", "PARTY", 13, 13, R::primary_key, {}, fixed_numeric(13)),
    AiSpec{"7003",
           "EXPIRY TIME",
           10,
           10,
           C::numeric,
           10,
           0,
           D::yymmddhhmi,
           R::attribute,
           {},
           kDateTime10,
           {}},
    date("7006", "FIRST FREEZE DATE", D::yymmdd),
    // N1 (zero) + N13 with check digit, then an optional serial of up to 16 characters.
    AiSpec{"8003",
           "GRAI",
           14,
           30,
           C::cset82,
           14,
           14,
           D::none,
           R::primary_key,
           {},
           fixed_numeric(14),
           var_alnum(5, 16)},
    AiSpec{"8004", "GIAI", 1, 30, C::cset82, 0, 0, D::none, R::primary_key, {}, kGiai, {}},
    AiSpec{"8006",
           "ITIP",
           18,
           18,
           C::numeric,
           18,
           14,
           D::none,
           R::primary_key,
           "22 10 21",
           fixed_numeric(18),
           {}},
    numeric("8017", "GSRN - PROVIDER", 18, 18, R::primary_key, "8019", fixed_numeric(18)),
    numeric("8018", "GSRN - RECIPIENT", 18, 18, R::primary_key, "8019", fixed_numeric(18)),
    count("8019", "SRIN", 10, R::qualifier, var_numeric(4, 10)),
    text("8020", "REF No.", 25, R::qualifier, var_alnum(5, 25)),
    text("90", "INTERNAL", 30, R::attribute, var_alnum(5, 30)),
    text("91", "INTERNAL", 90, R::attribute, var_alnum(7, 90)),
    text("92", "INTERNAL", 90, R::attribute, var_alnum(7, 90)),
    text("93", "INTERNAL", 90, R::attribute, var_alnum(7, 90)),
    text("94", "INTERNAL", 90, R::attribute, var_alnum(7, 90)),
    text("95", "INTERNAL", 90, R::attribute, var_alnum(7, 90)),
    text("96", "INTERNAL", 90, R::attribute, var_alnum(7, 90)),
    text("97", "INTERNAL", 90, R::attribute, var_alnum(7, 90)),
    text("98", "INTERNAL", 90, R::attribute, var_alnum(7, 90)),
    text("99", "INTERNAL", 90, R::attribute, var_alnum(7, 90)),
};

int two(std::string_view s) { return (s[0] - '0') * 10 + (s[1] - '0'); }

year century_year(int yy, year_month_day today) {
  int now = static_cast<int>(today.year());
  int diff = yy - now % 100;
  int base = now - now % 100;
  if (diff >= 51) base -= 100;
  if (diff <= -50) base += 100;
  return year{base + yy};
}

constexpr std::string_view kMonths[] = {"January",   "February", "March",    "April",
                                        "May",       "June",     "July",     "August",
                                        "September", "October",  "November", "December"};

// Checks YYMMDD (day 00 allowed when `zero_day`); `what` prefixes the message.
Status check_yymmdd(std::string_view v, bool zero_day, year_month_day today,
                    std::string_view what) {
  int mm = two(v.substr(2));
  int dd = two(v.substr(4));
  if (mm < 1 || mm > 12)
    return make_error(Errc::invalid_argument, "{}: month {:02} does not exist", what, mm);
  year y = century_year(two(v), today);
  auto last =
      static_cast<unsigned>((y / month{static_cast<unsigned>(mm)} / std::chrono::last).day());
  if (dd == 0 && !zero_day)
    return make_error(Errc::invalid_argument, "{}: day 00 is not allowed here", what);
  if (dd > static_cast<int>(last))
    return make_error(Errc::invalid_argument, "{}: {} {} has no day {}", what, kMonths[mm - 1],
                      static_cast<int>(y), dd);
  return {};
}

}  // namespace

const AiSpec* find_ai(std::string_view ai) {
  auto it = std::lower_bound(kTable.begin(), kTable.end(), ai,
                             [](const AiSpec& s, std::string_view a) { return s.ai < a; });
  return it != kTable.end() && it->ai == ai ? &*it : nullptr;
}

const AiSpec* ai_at_start_of(std::string_view data) {
  for (std::size_t n = 2; n <= 4 && n <= data.size(); ++n)
    if (const AiSpec* s = find_ai(data.substr(0, n))) return s;
  return nullptr;
}

bool has_predefined_length(std::string_view ai) {
  static constexpr std::string_view kPrefixes[] = {"00", "01", "02", "03", "04", "11", "12", "13",
                                                   "14", "15", "16", "17", "18", "19", "20", "31",
                                                   "32", "33", "34", "35", "36", "41"};
  return ai.size() >= 2 && std::find(std::begin(kPrefixes), std::end(kPrefixes), ai.substr(0, 2)) !=
                               std::end(kPrefixes);
}

Status check_ai_value(const AiSpec& spec, std::string_view value, year_month_day today) {
  std::string what = fmt::format("({})", spec.ai);
  if (value.empty()) return make_error(Errc::invalid_argument, "{} is empty", what);
  for (std::size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    bool digit = c >= '0' && c <= '9';
    if (i < spec.digits_prefix && !digit)
      return make_error(Errc::invalid_argument, "{}: character {} is {}; only digits are allowed{}",
                        what, i + 1, detail::describe_char(c),
                        spec.chars == AiChars::numeric ? "" : " there");
    if (!detail::is_encodable(c))
      return make_error(Errc::invalid_argument,
                        "{}: character {} is {}, which GS1 character set 82 does not have", what,
                        i + 1, detail::describe_char(c));
  }
  if (value.size() < spec.min_length || value.size() > spec.max_length) {
    if (spec.min_length == spec.max_length)
      return make_error(Errc::invalid_argument, "{} has {} characters; it needs exactly {}", what,
                        value.size(), spec.max_length);
    if (value.size() > spec.max_length)
      return make_error(Errc::invalid_argument, "{} has {} characters; at most {} are allowed",
                        what, value.size(), spec.max_length);
    return make_error(Errc::invalid_argument, "{} has {} characters; at least {} are needed", what,
                      value.size(), spec.min_length);
  }
  what = fmt::format("({}) {}", spec.ai, value);
  if (spec.ai == "8003" && value[0] != '0')
    return make_error(Errc::invalid_argument, "{}: a GRAI starts with the digit 0", what);
  if (spec.check_length > 0) {
    std::string_view key = value.substr(0, spec.check_length);
    int expected = gs1_check_digit(key.substr(0, key.size() - 1));
    if (key.back() - '0' != expected)
      return make_error(Errc::invalid_argument, "{}: the check digit is {}, it should be {}", what,
                        key.back(), expected);
  }
  switch (spec.date) {
    case AiDate::none:
      break;
    case AiDate::yymmd0:
    case AiDate::yymmdd:
      return check_yymmdd(value, spec.date == AiDate::yymmd0, today, what);
    case AiDate::yymmddhhmi: {
      if (Status s = check_yymmdd(value, false, today, what); !s) return s;
      int hh = two(value.substr(6)), mi = two(value.substr(8));
      if (hh > 23 || mi > 59)
        return make_error(Errc::invalid_argument, "{}: {:02}:{:02} is not a time of day", what, hh,
                          mi);
      break;
    }
  }
  return {};
}

year_month_day ai_date(std::string_view v, year_month_day today) {
  year y = century_year(two(v), today);
  month m{static_cast<unsigned>(two(v.substr(2)))};
  int dd = two(v.substr(4));
  if (dd == 0) return year_month_day{y / m / std::chrono::last};
  return year_month_day{y, m, day{static_cast<unsigned>(dd)}};
}

}  // namespace rfinv::epc
