#include "epc/internal/fields.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "epc/internal/charset.h"
#include "epc/internal/layout.h"

namespace rfinv::epc::detail {
namespace {

Error field_error(const Layout& l, std::string_view what) {
  return make_error(Errc::invalid_argument, "{}: {}", l.name, what);
}

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::uint64_t to_number(std::string_view digits) {  // REQUIRES: <= 19 digits, all digits
  std::uint64_t v = 0;
  for (char c : digits) v = v * 10 + static_cast<std::uint64_t>(c - '0');
  return v;
}

// A decimal integer field printed without leading zeros, at most `bits` wide.
Result<std::uint64_t> integer_field(const Layout& l, std::string_view name, std::string_view s,
                                    int bits) {
  std::uint64_t max = (std::uint64_t{1} << bits) - 1;
  if (s.empty()) return field_error(l, fmt::format("{} is empty", name));
  if (!all_digits(s))
    return field_error(
        l, fmt::format("{} '{}' is not all digits; {} holds numbers only", name, s, l.name));
  if (s.size() > 1 && s[0] == '0')
    return field_error(
        l, fmt::format("{} '{}' has a leading zero, which {} cannot keep", name, s, l.name));
  if (s.size() > 19 || to_number(s) > max)
    return field_error(l,
                       fmt::format("{} {} does not fit {} bits (at most {})", name, s, bits, max));
  return to_number(s);
}

Result<std::string> text_field(const Layout& l, std::string_view name, std::string_view s,
                               bool escaped, int max_chars) {
  std::string text;
  if (escaped) {
    auto r = unescape_field(s, fmt::format("{}: {}", l.name, name));
    if (!r) return r.error();
    text = std::move(*r);
  } else {
    for (std::size_t i = 0; i < s.size(); ++i)
      if (!is_encodable(s[i]))
        return field_error(l, fmt::format("{} character {} ({}) is not in the TDS character set "
                                          "(A-Z a-z 0-9 and !\"%&'()*+,-./:;<=>?_)",
                                          name, i + 1, describe_char(s[i])));
    text = std::string(s);
  }
  if (text.empty()) return field_error(l, fmt::format("{} is empty", name));
  if (static_cast<int>(text.size()) > max_chars)
    return field_error(
        l, fmt::format("{} has {} characters; at most {} fit", name, text.size(), max_chars));
  return text;
}

void put_text(Epc& epc, const std::string& text) {
  std::copy(text.begin(), text.end(), epc.text.begin());
  epc.text_size = static_cast<std::uint8_t>(text.size());
}

}  // namespace

Result<Epc> build_epc(Scheme scheme, const FieldText& f) {
  if (is_plus(scheme))  // no company prefix partition: built from GS1 data (plus_epc)
    return make_error(Errc::invalid_argument,
                      "scheme {} is built from GS1 data (tag encode --gs1), not from EPC fields",
                      scheme_name(scheme));
  const Layout& l = layout_for(scheme);
  Epc epc;
  epc.scheme = scheme;
  if (f.filter < 0 || f.filter > 7)
    return field_error(l, fmt::format("filter {} is out of range (0-7)", f.filter));
  epc.filter = static_cast<std::uint8_t>(f.filter);
  std::string_view cp = f.company_prefix;
  if (!all_digits(cp) || cp.empty())
    return field_error(l, fmt::format("company prefix '{}' is not all digits", cp));
  if (cp.size() < 6 || cp.size() > 12)
    return field_error(
        l, fmt::format("company prefix '{}' has {} digits; it must have 6 to 12", cp, cp.size()));
  int partition = 12 - static_cast<int>(cp.size());
  epc.partition = static_cast<std::uint8_t>(partition);
  epc.prefix_digits = static_cast<std::uint8_t>(cp.size());
  epc.company_prefix = to_number(cp);

  std::string_view ref = f.reference;
  if (l.reference_is_text) {
    auto t = text_field(l, l.reference_name, ref, f.escaped, giai_text_limit(partition));
    if (!t) return t.error();
    put_text(epc, *t);
  } else if (l.reference_digits0 >= 0) {
    int digits = l.reference_digits0 + partition;
    if (!all_digits(ref))
      return field_error(l, fmt::format("{} '{}' is not all digits", l.reference_name, ref));
    if (static_cast<int>(ref.size()) != digits)
      return field_error(l, fmt::format("{} '{}' has {} digits; with a {}-digit company prefix it "
                                        "must have {}",
                                        l.reference_name, ref, ref.size(), cp.size(), digits));
    epc.reference_digits = static_cast<std::uint8_t>(digits);
    epc.reference = to_number(ref);
  } else {
    auto v = integer_field(l, l.reference_name, ref, l.reference_bits[partition]);
    if (!v) return v.error();
    epc.reference = *v;
  }

  switch (l.tail) {
    case Tail::integer: {
      auto v = integer_field(l, l.tail_name, f.tail, l.tail_bits);
      if (!v) return v.error();
      epc.serial = *v;
      break;
    }
    case Tail::text: {
      auto t = text_field(l, l.tail_name, f.tail, f.escaped, l.tail_chars);
      if (!t) return t.error();
      put_text(epc, *t);
      break;
    }
    case Tail::none:
    case Tail::zero_pad:
      break;
  }
  return epc;
}

void append_number(std::string& out, std::uint64_t value, int width) {
  char buf[20];
  int n = 0;
  do {
    buf[19 - n++] = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  while (n < width && n < 20) buf[19 - n++] = '0';
  out.append(buf + 20 - n, static_cast<std::size_t>(n));
}

void append_reference(const Epc& epc, std::string& out, bool escape) {
  const Layout& l = layout_for(epc.scheme);
  if (l.reference_is_text) {
    if (escape)
      append_escaped(epc.text_view(), out);
    else
      out.append(epc.text_view());
  } else if (l.reference_digits0 >= 0) {
    if (epc.reference_digits > 0) append_number(out, epc.reference, epc.reference_digits);
  } else {
    append_number(out, epc.reference);
  }
}

void append_tail(const Epc& epc, std::string& out, bool escape) {
  const Layout& l = layout_for(epc.scheme);
  if (l.tail == Tail::integer) {
    append_number(out, epc.serial);
  } else if (l.tail == Tail::text) {
    if (escape)
      append_escaped(epc.text_view(), out);
    else
      out.append(epc.text_view());
  }
}

}  // namespace rfinv::epc::detail
