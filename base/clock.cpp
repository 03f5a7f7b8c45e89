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
  auto tp = sys_time<microseconds>(microseconds(at));
  auto day = floor<days>(tp);
  year_month_day ymd{day};
  hh_mm_ss<microseconds> tod{tp - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", int(ymd.year()),
                     unsigned(ymd.month()), unsigned(ymd.day()), tod.hours().count(),
                     tod.minutes().count(), tod.seconds().count(), tod.subseconds().count());
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
