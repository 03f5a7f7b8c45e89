// GS1 keys, check digits and element strings for EPCs (TDS section 7).
#include <fmt/format.h>

#include <algorithm>

#include "epc/epc.h"
#include "epc/internal/fields.h"
#include "epc/internal/layout.h"
#include "epc/internal/plus_codec.h"

namespace rfinv::epc {
namespace {

std::string padded(std::uint64_t value, int digits) {
  return digits > 0 ? fmt::format("{:0{}}", value, digits) : std::string();
}

// Key digits without the check digit: for SGTIN and SSCC the first digit of the reference
// (indicator or extension digit) moves in front of the company prefix.
std::string key_body(const Epc& epc) {
  std::string cp = padded(epc.company_prefix, epc.prefix_digits);
  std::string ref = reference_text(epc);
  switch (family(epc.scheme)) {
    case Family::sgtin:
    case Family::sscc:
      return ref.substr(0, 1) + cp + ref.substr(1);
    case Family::sgln:
      return cp + ref;
    case Family::grai:
      return "0" + cp + ref;
    case Family::giai:
    case Family::raw:
      break;
  }
  return cp + ref;
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

int gs1_check_digit(std::string_view digits) {
  int sum = 0;
  int weight = 3;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    sum += (*it - '0') * weight;
    weight = 4 - weight;
  }
  return (10 - sum % 10) % 10;
}

std::optional<std::string> gs1_key(const Epc& epc) {
  if (epc.scheme == Scheme::raw) return std::nullopt;
  if (const auto* plus = detail::plus_layout(epc.scheme)) {
    for (const AiElement& e : detail::plus_elements(epc))
      if (e.ai == plus->key_ai) return e.value;
    return std::nullopt;
  }
  std::string body = key_body(epc);
  switch (family(epc.scheme)) {
    case Family::sgtin:
    case Family::sscc:
    case Family::sgln:
      return body + static_cast<char>('0' + gs1_check_digit(body));
    case Family::grai:
      return body + static_cast<char>('0' + gs1_check_digit(body)) + *serial_text(epc);
    case Family::giai:
    case Family::raw:
      break;
  }
  return body;
}

std::optional<std::string> element_string(const Epc& epc) {
  if (is_plus(epc.scheme)) {
    std::string out;
    for (const AiElement& e : detail::plus_elements(epc))
      fmt::format_to(std::back_inserter(out), "({}){}", e.ai, e.value);
    return out;
  }
  auto key = gs1_key(epc);
  if (!key) return std::nullopt;
  switch (family(epc.scheme)) {
    case Family::sgtin:
      return fmt::format("(01){}(21){}", *key, *serial_text(epc));
    case Family::sscc:
      return fmt::format("(00){}", *key);
    case Family::sgln: {
      // An extension of "0" means the GLN has no extension (TDS 7.4).
      std::string ext = *serial_text(epc);
      return ext == "0" ? fmt::format("(414){}", *key) : fmt::format("(414){}(254){}", *key, ext);
    }
    case Family::grai:
      return fmt::format("(8003){}", *key);
    case Family::giai:
      return fmt::format("(8004){}", *key);
    case Family::raw:
      break;
  }
  return std::nullopt;
}

Result<std::string> normalize_gtin(std::string_view gtin) {
  if (gtin.empty() || !all_digits(gtin))
    return make_error(Errc::invalid_argument, "GTIN '{}' is not all digits", gtin);
  if (gtin.size() != 8 && gtin.size() != 12 && gtin.size() != 13 && gtin.size() != 14)
    return make_error(Errc::invalid_argument, "GTIN '{}' has {} digits; a GTIN has 8, 12, 13 or 14",
                      gtin, gtin.size());
  std::string g = std::string(14 - gtin.size(), '0') + std::string(gtin);
  int check = gs1_check_digit(std::string_view(g).substr(0, 13));
  if (g[13] - '0' != check)
    return make_error(Errc::invalid_argument, "GTIN {}: check digit is {}, it should be {}", gtin,
                      g[13], check);
  return g;
}

Result<Epc> sgtin_from_gtin(std::string_view gtin, int prefix_digits, std::string_view serial,
                            int filter, std::optional<Scheme> scheme) {
  auto g = normalize_gtin(gtin);
  if (!g) return g.error();
  if (prefix_digits < 6 || prefix_digits > 12)
    return make_error(Errc::invalid_argument,
                      "company prefix length {} is out of range (6-12 digits)", prefix_digits);
  if (scheme && family(*scheme) != Family::sgtin)
    return make_error(Errc::invalid_argument, "scheme {} cannot encode a GTIN",
                      scheme_name(*scheme));
  std::string cp = g->substr(1, static_cast<std::size_t>(prefix_digits));
  std::string ref = g->substr(0, 1) + g->substr(1 + static_cast<std::size_t>(prefix_digits),
                                                12 - static_cast<std::size_t>(prefix_digits));
  detail::FieldText f;
  f.filter = filter;
  f.company_prefix = cp;
  f.reference = ref;
  f.tail = serial;
  f.escaped = false;
  if (scheme) return detail::build_epc(*scheme, f);
  auto short_form = detail::build_epc(Scheme::sgtin_96, f);
  if (short_form) return short_form;
  return detail::build_epc(Scheme::sgtin_198, f);
}

Result<Epc> giai_96(std::string_view company_prefix, std::uint64_t asset_reference, int filter) {
  std::string ref = std::to_string(asset_reference);
  detail::FieldText f;
  f.filter = filter;
  f.company_prefix = company_prefix;
  f.reference = ref;
  return detail::build_epc(Scheme::giai_96, f);
}

}  // namespace rfinv::epc
