#include "drivers/llrp/internal/client_options.h"

#include <charconv>
#include <limits>
#include <string_view>

#include "drivers/llrp/internal/protocol.h"

namespace rfinv::drivers::llrp {
namespace {

Result<std::uint64_t> parse_number(std::string_view key, std::string_view text, std::uint64_t min,
                                   std::uint64_t max) {
  std::uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size())
    return make_error(Errc::invalid_argument, "llrp URI: {}='{}' is not a whole number", key, text);
  if (v < min || v > max)
    return make_error(Errc::invalid_argument, "llrp URI: {}={} is outside {}..{}", key, v, min,
                      max);
  return v;
}

Result<std::vector<std::uint16_t>> parse_antennas(std::string_view text) {
  std::vector<std::uint16_t> out;
  while (!text.empty()) {
    auto comma = text.find(',');
    auto part = text.substr(0, comma);
    auto n = parse_number("antennas", part, 0, 65535);
    if (!n) return n.error();
    if (*n == 0) {
      if (text.size() != part.size() || !out.empty())
        return make_error(
            Errc::invalid_argument,
            "llrp URI: antennas=0 means all antennas and cannot be listed with others");
      return std::vector<std::uint16_t>{};
    }
    out.push_back(static_cast<std::uint16_t>(*n));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
    if (text.empty())
      return make_error(Errc::invalid_argument, "llrp URI: antennas list ends with a comma");
  }
  return out;
}

}  // namespace

Result<ClientOptions> options_from_uri(const ReaderUri& uri) {
  ClientOptions o;
  if (uri.host.empty()) return make_error(Errc::invalid_argument, "llrp URI: missing host");
  o.host = uri.host;
  o.port = uri.port ? uri.port : kDefaultPort;
  bool silence_given = false;
  constexpr std::uint64_t kDay = 24ull * 3600 * 1000;
  for (const auto& [key, value] : uri.query) {
    if (key == "antennas") {
      auto a = parse_antennas(value);
      if (!a) return a.error();
      o.antennas = std::move(*a);
      continue;
    }
    struct Ms {
      const char* name;
      Millis* field;
      std::uint64_t min;
    };
    const Ms ms[] = {{"keepalive_ms", &o.keepalive, 0},
                     {"silence_ms", &o.silence, 1},
                     {"connect_timeout_ms", &o.connect_timeout, 1},
                     {"response_timeout_ms", &o.response_timeout, 1},
                     {"stop_timeout_ms", &o.stop_timeout, 1},
                     {"backoff_min_ms", &o.backoff_min, 1},
                     {"backoff_max_ms", &o.backoff_max, 1}};
    bool matched = false;
    for (const auto& m : ms) {
      if (key != m.name) continue;
      auto n = parse_number(key, value, m.min, kDay);
      if (!n) return n.error();
      *m.field = Millis(*n);
      if (key == "silence_ms") silence_given = true;
      matched = true;
    }
    if (matched) continue;
    if (key == "report_every") {
      auto n = parse_number(key, value, 1, 65535);
      if (!n) return n.error();
      o.report_every = static_cast<std::uint16_t>(*n);
    } else if (key == "max_message") {
      auto n = parse_number(key, value, 1024, std::numeric_limits<std::uint32_t>::max());
      if (!n) return n.error();
      o.max_message = static_cast<std::size_t>(*n);
    } else {
      return make_error(Errc::invalid_argument, "llrp URI: unknown parameter '{}'", key);
    }
  }
  if (!silence_given) o.silence = o.keepalive.count() > 0 ? 3 * o.keepalive : kNoSilenceWatch;
  if (o.keepalive.count() > 0 && o.silence <= o.keepalive)
    return make_error(Errc::invalid_argument,
                      "llrp URI: silence_ms={} must be longer than keepalive_ms={}",
                      o.silence.count(), o.keepalive.count());
  if (o.backoff_max < o.backoff_min)
    return make_error(Errc::invalid_argument,
                      "llrp URI: backoff_max_ms={} is below backoff_min_ms={}",
                      o.backoff_max.count(), o.backoff_min.count());
  return o;
}

}  // namespace rfinv::drivers::llrp
