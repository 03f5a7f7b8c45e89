// EPC tag URIs, pure identity URIs and raw URIs (TDS sections 6, 12).
#include <fmt/format.h>

#include "base/hex.h"
#include "epc/epc.h"
#include "epc/internal/fields.h"
#include "epc/internal/layout.h"
#include "epc/internal/plus_codec.h"

namespace rfinv::epc {
namespace {

using detail::FieldText;
using detail::Layout;
using detail::Tail;

constexpr std::string_view kTagPrefix = "urn:epc:tag:";
constexpr std::string_view kPurePrefix = "urn:epc:id:";
constexpr std::string_view kRawPrefix = "urn:epc:raw:";

std::string_view family_name(Family f) {
  switch (f) {
    case Family::sgtin:
      return "sgtin";
    case Family::sscc:
      return "sscc";
    case Family::sgln:
      return "sgln";
    case Family::grai:
      return "grai";
    case Family::giai:
      return "giai";
    case Family::raw:
      break;
  }
  return "raw";
}

bool has_tail(const Layout& l) { return l.tail == Tail::integer || l.tail == Tail::text; }

void append_raw_uri(const Epc& epc, std::string& out) {
  out.append(kRawPrefix);
  fmt::format_to(std::back_inserter(out), "{}", epc.raw_bits);
  if (epc.raw_bits > 0) {
    out.append(".x");
    out.append(rfinv::to_hex(std::span<const std::uint8_t>(epc.raw.data(), epc.raw_bits / 8u)));
  }
}

void append_body(const Epc& epc, std::string& out) {
  const Layout& l = detail::layout_for(epc.scheme);
  detail::append_number(out, epc.company_prefix, epc.prefix_digits);
  out.push_back('.');
  detail::append_reference(epc, out, true);
  if (has_tail(l)) {
    out.push_back('.');
    detail::append_tail(epc, out, true);
  }
}

// Splits `body` into `n` dot-separated fields; the last field keeps any further dots
// (a serial may contain '.').
Result<std::vector<std::string_view>> split_fields(std::string_view body, std::size_t n,
                                                   std::string_view what) {
  std::vector<std::string_view> fields;
  while (fields.size() + 1 < n) {
    auto dot = body.find('.');
    if (dot == std::string_view::npos)
      return make_error(Errc::invalid_argument, "{}: expected {} dot-separated fields, got {}",
                        what, n, fields.size() + 1);
    fields.push_back(body.substr(0, dot));
    body.remove_prefix(dot + 1);
  }
  fields.push_back(body);
  return fields;
}

Result<Epc> parse_raw_uri(std::string_view body) {
  auto dot = body.find('.');
  std::string_view len = body.substr(0, dot);
  if (len.empty() || len.size() > 4 ||
      len.find_first_not_of("0123456789") != std::string_view::npos)
    return make_error(Errc::invalid_argument, "raw URI: length '{}' is not a number of bits", len);
  int bits = std::stoi(std::string(len));
  Epc epc;
  epc.scheme = Scheme::raw;
  if (dot == std::string_view::npos) {
    if (bits != 0)
      return make_error(Errc::invalid_argument, "raw URI: {} bits but no .xHEX value", bits);
    return epc;
  }
  std::string_view value = body.substr(dot + 1);
  if (value.empty() || value[0] != 'x')
    return make_error(Errc::invalid_argument,
                      "raw URI: only the hex form (LEN.xHEX) is supported, got '{}'", value);
  auto bytes = parse_hex(value.substr(1));
  if (!bytes) return bytes.error();
  if (static_cast<int>(bytes->size()) * 8 != bits)
    return make_error(Errc::invalid_argument, "raw URI: length {} does not match {} hex digits",
                      bits, value.size() - 1);
  epc.raw_bits = static_cast<std::uint16_t>(bits);
  std::copy(bytes->begin(), bytes->end(), epc.raw.begin());
  return epc;
}

Result<int> parse_filter(std::string_view s, std::string_view scheme) {
  if (s.size() != 1 || s[0] < '0' || s[0] > '9')
    return make_error(Errc::invalid_argument, "{}: filter '{}' is not a single digit 0-7", scheme,
                      s);
  if (s[0] > '7')
    return make_error(Errc::invalid_argument, "{}: filter {} is out of range (0-7)", scheme, s);
  return s[0] - '0';
}

Result<Epc> build_from_fields(Scheme scheme, int filter,
                              const std::vector<std::string_view>& fields) {
  FieldText f;
  f.filter = filter;
  f.company_prefix = fields[0];
  f.reference = fields[1];
  if (fields.size() > 2) f.tail = fields[2];
  f.escaped = true;
  return detail::build_epc(scheme, f);
}

}  // namespace

void append_tag_uri(const Epc& epc, std::string& out) {
  if (epc.scheme == Scheme::raw || is_plus(epc.scheme)) {  // TDS 2.x defines no tag URI for "+"
    append_raw_uri(epc, out);
    return;
  }
  const Layout& l = detail::layout_for(epc.scheme);
  out.append(kTagPrefix);
  out.append(l.name);
  out.push_back(':');
  detail::append_number(out, epc.filter);
  out.push_back('.');
  append_body(epc, out);
}

std::string tag_uri(const Epc& epc) {
  std::string out;
  out.reserve(64);
  append_tag_uri(epc, out);
  return out;
}

std::string pure_uri(const Epc& epc) {
  std::string out;
  if (const auto* plus = detail::plus_layout(epc.scheme)) {
    // No pure identity URI without a company prefix length: the Digital Link of the identity.
    Gs1Data identity;
    for (const AiElement& e : detail::plus_elements(epc))
      if (e.ai == plus->key_ai || e.ai == plus->tail_ai) identity.elements.push_back(e);
    auto dl = to_digital_link(identity);
    return dl ? *dl : std::string();
  }
  if (epc.scheme == Scheme::raw) {
    append_raw_uri(epc, out);
    return out;
  }
  out.append(kPurePrefix);
  out.append(family_name(family(epc.scheme)));
  out.push_back(':');
  append_body(epc, out);
  return out;
}

std::string reference_text(const Epc& epc) {
  std::string out;
  if (epc.scheme != Scheme::raw && !is_plus(epc.scheme)) detail::append_reference(epc, out, false);
  return out;
}

std::optional<std::string> serial_text(const Epc& epc) {
  if (const auto* plus = detail::plus_layout(epc.scheme)) {
    for (const AiElement& e : detail::plus_elements(epc)) {
      if (!plus->tail_ai.empty() && e.ai == plus->tail_ai) return e.value;
      if (plus->scheme == Scheme::grai_plus && e.ai == "8003") return e.value.substr(14);
    }
    return std::nullopt;
  }
  if (epc.scheme == Scheme::raw || !has_tail(detail::layout_for(epc.scheme))) return std::nullopt;
  std::string out;
  detail::append_tail(epc, out, false);
  return out;
}

Result<Epc> parse_tag_uri(std::string_view uri) {
  if (uri.starts_with(kRawPrefix)) return parse_raw_uri(uri.substr(kRawPrefix.size()));
  if (!uri.starts_with(kTagPrefix))
    return make_error(Errc::invalid_argument,
                      "'{}' is not an EPC tag URI (urn:epc:tag:SCHEME:...) or raw URI", uri);
  std::string_view rest = uri.substr(kTagPrefix.size());
  auto colon = rest.find(':');
  std::string_view name = rest.substr(0, colon);
  auto scheme = scheme_from_name(name);
  // The TDS 2.x "+" schemes have no tag URI.
  if (!scheme || is_plus(*scheme) || colon == std::string_view::npos)
    return make_error(Errc::invalid_argument,
                      "tag URI scheme '{}' is not one of sgtin-96, sgtin-198, sscc-96, sgln-96, "
                      "sgln-195, grai-96, grai-170, giai-96, giai-202",
                      name);
  const Layout& l = detail::layout_for(*scheme);
  std::size_t n = has_tail(l) ? 4 : 3;
  auto fields = split_fields(rest.substr(colon + 1), n, l.name);
  if (!fields) return fields.error();
  auto filter = parse_filter((*fields)[0], l.name);
  if (!filter) return filter.error();
  fields->erase(fields->begin());
  return build_from_fields(*scheme, *filter, *fields);
}

Result<Epc> parse_pure_uri(std::string_view uri, int filter, std::optional<Scheme> scheme) {
  if (!uri.starts_with(kPurePrefix))
    return make_error(Errc::invalid_argument,
                      "'{}' is not an EPC pure identity URI (urn:epc:id:SCHEME:...)", uri);
  std::string_view rest = uri.substr(kPurePrefix.size());
  auto colon = rest.find(':');
  std::string_view name = rest.substr(0, colon);
  std::vector<Scheme> candidates;
  for (Scheme s :
       {Scheme::sgtin_96, Scheme::sgtin_198, Scheme::sscc_96, Scheme::sgln_96, Scheme::sgln_195,
        Scheme::grai_96, Scheme::grai_170, Scheme::giai_96, Scheme::giai_202})
    if (family_name(family(s)) == name && (!scheme || *scheme == s)) candidates.push_back(s);
  if (candidates.empty() || colon == std::string_view::npos) {
    if (scheme && colon != std::string_view::npos)
      return make_error(Errc::invalid_argument, "scheme {} cannot encode a urn:epc:id:{} EPC",
                        scheme_name(*scheme), name);
    return make_error(Errc::invalid_argument,
                      "pure identity URI scheme '{}' is not one of sgtin, sscc, sgln, grai, giai",
                      name);
  }
  Result<Epc> result = make_error(Errc::invalid_argument, "no scheme");
  for (Scheme s : candidates) {
    const Layout& l = detail::layout_for(s);
    auto fields = split_fields(rest.substr(colon + 1), has_tail(l) ? 3 : 2, name);
    if (!fields) return fields.error();
    result = build_from_fields(s, filter, *fields);
    if (result) return result;
  }
  return result;
}

Result<Epc> parse_uri(std::string_view uri, int filter, std::optional<Scheme> scheme) {
  if (uri.starts_with(kPurePrefix)) return parse_pure_uri(uri, filter, scheme);
  auto epc = parse_tag_uri(uri);
  if (epc && scheme && epc->scheme != *scheme)
    return make_error(Errc::invalid_argument, "the URI is {}, not the {} asked for",
                      scheme_name(epc->scheme), scheme_name(*scheme));
  return epc;
}

}  // namespace rfinv::epc
