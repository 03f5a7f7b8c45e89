#include "inventory/catalog/validate.h"

#include <charconv>
#include <cstdlib>
#include <limits>

#include "base/text.h"

namespace rfinv::inventory {

Status check_code(std::string_view field, std::string_view code) {
  if (code.empty()) return make_error(Errc::invalid_argument, "{} is empty", field);
  if (auto ok = check_text(field, code, TextKind::code); !ok) return ok;
  if (code.find(' ') != std::string_view::npos)
    return make_error(Errc::invalid_argument, "{} '{}' contains a space", field, code);
  return {};
}

std::optional<LevelProblem> check_levels(std::int64_t safety, std::int64_t reorder_point,
                                         std::int64_t reorder_qty,
                                         std::optional<std::int64_t> max_level) {
  auto negative = [](std::string_view field, const char* what) {
    return LevelProblem{field, make_error(Errc::invalid_argument, "{} must not be negative", what)};
  };
  if (safety < 0) return negative("safety", "safety stock");
  if (reorder_point < 0) return negative("reorder_point", "reorder point");
  if (reorder_qty < 0) return negative("reorder_qty", "reorder quantity");
  if (max_level && *max_level < 0) return negative("max", "maximum level");
  // Below the safety stock is worse than at the reorder point: a reorder point under the
  // safety stock would have procurement told about the worse line first.
  if (reorder_point > 0 && safety > reorder_point)
    return LevelProblem{"safety", make_error(Errc::invalid_argument,
                                             "safety stock {} is above the reorder point {}",
                                             safety, reorder_point)};
  if (max_level && *max_level < reorder_point)
    return LevelProblem{
        "max", make_error(Errc::invalid_argument, "maximum level {} is below the reorder point {}",
                          *max_level, reorder_point)};
  return std::nullopt;
}

namespace {

Result<std::int64_t> parse_integer(std::string_view field, std::string_view text) {
  std::int64_t value = 0;
  const char* first = text.data();
  const char* last = first + text.size();
  if (!text.empty() && text.front() == '+') ++first;
  auto [end, ec] = std::from_chars(first, last, value);
  if (text.empty() || ec == std::errc::invalid_argument || end != last)
    return make_error(Errc::invalid_argument, "{} '{}' is not a whole number", field, text);
  if (ec == std::errc::result_out_of_range ||
      value > std::numeric_limits<std::int64_t>::max() / 4 ||
      value < std::numeric_limits<std::int64_t>::min() / 4)
    return make_error(Errc::invalid_argument, "{} '{}' is out of range", field, text);
  return value;
}

}  // namespace

namespace {

// `value` as a total rfinv keeps, refused when computing it overflowed or it passed kMaxTotal.
Result<std::int64_t> bounded_total(std::string_view what, bool overflowed, std::int64_t value) {
  if (overflowed || value > kMaxTotal || value < -kMaxTotal)
    return make_error(Errc::refused, "{} would exceed the largest quantity rfinv keeps ({})", what,
                      kMaxTotal);
  return value;
}

}  // namespace

Result<std::int64_t> checked_add(std::string_view what, std::int64_t a, std::int64_t b) {
  std::int64_t sum = 0;
  bool overflowed = __builtin_add_overflow(a, b, &sum);
  return bounded_total(what, overflowed, sum);
}

Result<std::int64_t> checked_mul(std::string_view what, std::int64_t a, std::int64_t b) {
  std::int64_t product = 0;
  bool overflowed = __builtin_mul_overflow(a, b, &product);
  return bounded_total(what, overflowed, product);
}

Result<std::int64_t> parse_quantity(std::string_view field, std::string_view text,
                                    bool allow_negative) {
  auto value = parse_integer(field, text);
  if (!value) return value;
  if (*value == 0) return make_error(Errc::invalid_argument, "{} must not be zero", field);
  if (*value < 0 && !allow_negative)
    return make_error(Errc::invalid_argument, "{} must be positive, got {}", field, *value);
  if (*value > kMaxQuantity || *value < -kMaxQuantity)
    return make_error(Errc::invalid_argument, "{} {} is more than the maximum of {}", field, *value,
                      kMaxQuantity);
  return value;
}

Result<std::int64_t> parse_count(std::string_view field, std::string_view text) {
  auto value = parse_integer(field, text);
  if (!value) return value;
  if (*value < 0)
    return make_error(Errc::invalid_argument, "{} must not be negative, got {}", field, *value);
  if (*value > kMaxQuantity)
    return make_error(Errc::invalid_argument, "{} {} is more than the maximum of {}", field, *value,
                      kMaxQuantity);
  return value;
}

Result<std::int64_t> parse_money_cents(std::string_view field, std::string_view text) {
  auto dot = text.find('.');
  auto whole = parse_integer(field, text.substr(0, dot));
  if (!whole || *whole < 0)
    return make_error(Errc::invalid_argument, "{} '{}' is not an amount", field, text);
  if (*whole > kMaxTotal / 100)
    return make_error(Errc::invalid_argument, "{} '{}' is more than the maximum of {}", field, text,
                      format_cents(kMaxTotal));
  std::int64_t cents = 0;
  if (dot != std::string_view::npos) {
    auto frac = text.substr(dot + 1);
    if (frac.empty() || frac.size() > 2)
      return make_error(Errc::invalid_argument, "{} '{}' must have one or two decimals", field,
                        text);
    for (char c : frac) {
      if (c < '0' || c > '9')
        return make_error(Errc::invalid_argument, "{} '{}' is not an amount", field, text);
      cents = cents * 10 + (c - '0');
    }
    if (frac.size() == 1) cents *= 10;
  }
  return *whole * 100 + cents;
}

std::string format_cents(std::int64_t cents) {
  return fmt::format("{}{}.{:02}", cents < 0 ? "-" : "", std::abs(cents) / 100,
                     std::abs(cents) % 100);
}

Result<std::string> normalize_gtin(std::string_view text) {
  if (text.size() != 8 && text.size() != 12 && text.size() != 13 && text.size() != 14)
    return make_error(Errc::invalid_argument, "GTIN '{}' must have 8, 12, 13 or 14 digits", text);
  for (char c : text)
    if (c < '0' || c > '9')
      return make_error(Errc::invalid_argument, "GTIN '{}' must contain digits only", text);
  std::string gtin = std::string(14 - text.size(), '0') + std::string(text);
  // GS1 check digit: weights 3,1,3,... from the right, excluding the check digit itself.
  int sum = 0;
  for (int i = 0; i < 13; ++i) sum += (gtin[std::size_t(i)] - '0') * (i % 2 == 0 ? 3 : 1);
  int check = (10 - sum % 10) % 10;
  if (gtin[13] - '0' != check)
    return make_error(Errc::invalid_argument, "GTIN '{}' has a wrong check digit (expected {})",
                      text, check);
  return gtin;
}

}  // namespace rfinv::inventory
