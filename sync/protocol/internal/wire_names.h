// Private to sync/protocol/: one table per enum pairs each value with its wire name, so
// to_wire and parse can never disagree.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace rfinv::sync {

template <class E, std::size_t N>
struct WireNames {
  std::array<std::pair<E, std::string_view>, N> entries;

  // "?" only for a value missing from the table, which the unit tests rule out.
  constexpr std::string_view name(E value) const {
    for (const auto& [v, n] : entries)
      if (v == value) return n;
    return "?";
  }
  constexpr std::optional<E> parse(std::string_view wire) const {
    for (const auto& [v, n] : entries)
      if (n == wire) return v;
    return std::nullopt;
  }
};

}  // namespace rfinv::sync
