// Checks shared by the catalog, the ledger and the CLI: codes, quantities, money, GTINs.
// Each returns an error message naming the field, or the parsed value.
#pragma once

#include <concepts>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace rfinv::inventory {

// The largest quantity one movement or purchase order may carry (README "Ledger"). Larger is
// refused as invalid_argument naming this maximum.
inline constexpr std::int64_t kMaxQuantity = 1'000'000'000;
// The largest quantity (or value in cents) rfinv keeps in any total: stock at a location, an
// item's on hand and on order, an order's quantity. SQLite turns an integer overflow into a
// REAL silently, so every sum is checked in C++ before it is written.
inline constexpr std::int64_t kMaxTotal = 1'000'000'000'000'000'000;

// a + b (or a * b), refused (Errc::refused) when the result would leave
// [-kMaxTotal, kMaxTotal]: "<what> would exceed the largest quantity rfinv keeps (...)".
Result<std::int64_t> checked_add(std::string_view what, std::int64_t a, std::int64_t b);
// The same for a path that runs per movement: `what()` builds the label only when refused.
template <std::invocable What>
Result<std::int64_t> checked_add(What&& what, std::int64_t a, std::int64_t b) {
  std::int64_t sum = 0;
  if (!__builtin_add_overflow(a, b, &sum) && sum <= kMaxTotal && sum >= -kMaxTotal) return sum;
  return checked_add(std::string_view(what()), a, b);
}
Result<std::int64_t> checked_mul(std::string_view what, std::int64_t a, std::int64_t b);

// SKUs and location/department codes: 1-64 characters under the text rule (base/text.h), no
// spaces.
Status check_code(std::string_view field, std::string_view code);
// A whole number > 0 (quantities), or any non-zero whole number when `allow_negative`; its
// magnitude at most kMaxQuantity.
Result<std::int64_t> parse_quantity(std::string_view field, std::string_view text,
                                    bool allow_negative = false);
// A whole number >= 0 (levels, lead time), at most kMaxQuantity.
Result<std::int64_t> parse_count(std::string_view field, std::string_view text);
// "12", "12.5", "12.50" -> cents; negative and more than two decimals are refused.
Result<std::int64_t> parse_money_cents(std::string_view field, std::string_view text);
std::string format_cents(std::int64_t cents);
// What is wrong with a set of stock lines, and which field (CSV column) it is about.
struct LevelProblem {
  std::string_view field;  // "safety", "reorder_point", "reorder_qty" or "max"
  Error error;
};
// The lines an item or a location level is watched by (README "Alerts"): none negative, the
// safety stock not above the reorder point (a reorder point of 0 is none: a safety stock alone
// is allowed), the maximum level not below the reorder point. invalid_argument when not.
std::optional<LevelProblem> check_levels(std::int64_t safety, std::int64_t reorder_point,
                                         std::int64_t reorder_qty,
                                         std::optional<std::int64_t> max_level);
// GTIN-8/12/13/14 with a correct check digit, returned as GTIN-14.
Result<std::string> normalize_gtin(std::string_view text);

}  // namespace rfinv::inventory
