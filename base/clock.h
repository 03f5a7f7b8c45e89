// Wall-clock time as the ledger stores it: microseconds since the Unix epoch, UTC.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rfinv {

using Micros = std::int64_t;

inline Micros now_micros() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

// "2026-11-23T04:05:06.123456Z"
std::string format_utc(Micros at);
// Accepts "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.ffffff]]Z"; nullopt when malformed.
std::optional<Micros> parse_utc(std::string_view text);

}  // namespace rfinv
