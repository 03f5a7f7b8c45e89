#include "base/clock.h"

#include <fmt/format.h>

#include <charconv>

namespace rfinv {
namespace {

using namespace std::chrono;

// Reads exactly `width` digits at `pos`; false when they are not all digits.
bool read_digits(std::string_view text, std::size_t& pos, std::size_t width, int& out) {
  if (pos + width > text.size()) return false;
  auto first = text.data() + pos;
  auto [end, ec] = std::from_chars(first, first + width, out);
  if (ec != std::errc{} || end != first + width) return false;
  pos += width;
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

std::string format_utc(Micros at) {
  // Written digit by digit: notices and exports format a moment per row, and fmt's chrono
  // path costs ten times as much.
  auto tp = sys_time<microseconds>(microseconds(at));
  auto day = floor<days>(tp);
  year_month_day ymd{day};
  hh_mm_ss<microseconds> tod{tp - day};
  int year_number = int(ymd.year());
  if (year_number < 0 || year_number > 9999)
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", year_number,
                       unsigned(ymd.month()), unsigned(ymd.day()), tod.hours().count(),
                       tod.minutes().count(), tod.seconds().count(), tod.subseconds().count());
  std::string out = "0000-00-00T00:00:00.000000Z";
  auto put = [&](std::size_t end, long long value, int width) {
    for (int i = 1; i <= width; ++i, value /= 10)
      out[end - std::size_t(i)] = char('0' + value % 10);
  };
  put(4, year_number, 4);
  put(7, unsigned(ymd.month()), 2);
  put(10, unsigned(ymd.day()), 2);
  put(13, tod.hours().count(), 2);
  put(16, tod.minutes().count(), 2);
  put(19, tod.seconds().count(), 2);
  put(26, tod.subseconds().count(), 6);
  return out;
}

std::optional<Micros> parse_utc(std::string_view text) {
  std::size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!read_digits(text, pos, 4, y) || !expect(text, pos, '-') || !read_digits(text, pos, 2, mo) ||
      !expect(text, pos, '-') || !read_digits(text, pos, 2, d))
    return std::nullopt;
  year_month_day ymd{year(y), month(unsigned(mo)), day(unsigned(d))};
  if (!ymd.ok()) return std::nullopt;
  Micros fraction = 0;
  if (pos < text.size()) {
    if (!expect(text, pos, 'T') || !read_digits(text, pos, 2, h) || !expect(text, pos, ':') ||
        !read_digits(text, pos, 2, mi))
      return std::nullopt;
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      if (!read_digits(text, pos, 2, s)) return std::nullopt;
      if (pos < text.size() && text[pos] == '.') {
        ++pos;
        int digits = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
          if (digits < 6) fraction = fraction * 10 + (text[pos] - '0');
          ++digits;
          ++pos;
        }
        if (digits == 0) return std::nullopt;
        for (; digits < 6; ++digits) fraction *= 10;
      }
    }
    if (!expect(text, pos, 'Z') || pos != text.size()) return std::nullopt;
    if (h > 23 || mi > 59 || s > 60) return std::nullopt;
  }
  auto tp = sys_days(ymd) + hours(h) + minutes(mi) + seconds(s);
  return duration_cast<microseconds>(tp.time_since_epoch()).count() + fraction;
}

}  // namespace rfinv
