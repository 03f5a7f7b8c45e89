// Binary encoding and decoding (TDS section 14) and hex text.
#include <fmt/format.h>

#include <algorithm>

#include "base/hex.h"
#include "epc/epc.h"
#include "epc/internal/bits.h"
#include "epc/internal/charset.h"
#include "epc/internal/layout.h"
#include "epc/internal/plus_codec.h"

namespace rfinv::epc {
namespace {

using detail::BitReader;
using detail::BitWriter;
using detail::kPow10;
using detail::kPrefixBits;
using detail::Layout;
using detail::Tail;

Error field_error(const Layout& l, std::string_view what) {
  return make_error(Errc::invalid_argument, "{}: {}", l.name, what);
}

// Bytes a `bits`-long scheme may arrive in: whole bytes, up to whole 16-bit words.
bool length_fits(int bits, std::size_t bytes) {
  std::size_t min = (static_cast<std::size_t>(bits) + 7) / 8;
  std::size_t max = (static_cast<std::size_t>(bits) + 15) / 16 * 2;
  return bytes >= min && bytes <= max;
}

// Reads 7-bit characters (at most `max_chars`) from a `field_bits` wide field. The string ends at
// the first all-zero character; every bit after it must be zero.
template <class Reader>
bool read_text(Reader& r, int field_bits, int max_chars, Epc& out, const Layout& l,
               const char* field, Error* error) {
  int used = 0;
  int size = 0;
  while (used + 7 <= field_bits) {
    auto c = static_cast<char>(r.read(7));
    used += 7;
    if (c == 0) break;
    if (!detail::is_encodable(c)) {
      *error = field_error(l, fmt::format("{} character {} is code 0x{:02X}, which the TDS "
                                          "character set does not allow",
                                          field, size + 1, static_cast<unsigned>(c)));
      return false;
    }
    if (size >= max_chars) {
      *error = field_error(l, fmt::format("{} is longer than {} characters", field, max_chars));
      return false;
    }
    out.text[static_cast<std::size_t>(size++)] = c;
  }
  int rest = field_bits - used;
  while (rest > 0) {
    int n = std::min(rest, 56);
    if (r.read(n) != 0) {
      *error = field_error(l, fmt::format("{} has non-zero bits after its last character", field));
      return false;
    }
    rest -= n;
  }
  if (size == 0) {
    *error = field_error(l, fmt::format("{} is empty", field));
    return false;
  }
  out.text_size = static_cast<std::uint8_t>(size);
  return true;
}

// The fields after the header, with any reader of big-endian bit fields.
template <class Reader>
bool decode_fields(const Layout& l, Reader& r, std::size_t size, Epc& out, Error* error) {
  r.skip(8);
  out.scheme = l.scheme;
  out.filter = static_cast<std::uint8_t>(r.read(3));
  auto partition = static_cast<int>(r.read(3));
  if (partition == 7) {
    *error = field_error(l, "partition value 7 is reserved (valid: 0-6)");
    return false;
  }
  out.partition = static_cast<std::uint8_t>(partition);
  int prefix_digits = 12 - partition;
  out.prefix_digits = static_cast<std::uint8_t>(prefix_digits);
  out.company_prefix = r.read(kPrefixBits[partition]);
  if (out.company_prefix >= kPow10[prefix_digits]) {
    *error = field_error(l, fmt::format("company prefix {} has more than the {} digits partition "
                                        "{} allows",
                                        out.company_prefix, prefix_digits, partition));
    return false;
  }
  int ref_bits = l.reference_bits[partition];
  if (l.reference_is_text) {
    if (!read_text(r, ref_bits, detail::giai_text_limit(partition), out, l, l.reference_name,
                   error))
      return false;
  } else {
    out.reference = r.read(ref_bits);
    if (l.reference_digits0 >= 0) {
      int digits = l.reference_digits0 + partition;
      out.reference_digits = static_cast<std::uint8_t>(digits);
      if (out.reference >= kPow10[digits]) {
        *error = field_error(l, fmt::format("{} {} has more than the {} digits partition {} "
                                            "allows",
                                            l.reference_name, out.reference, digits, partition));
        return false;
      }
    }
  }
  switch (l.tail) {
    case Tail::none:
      break;
    case Tail::integer:
      out.serial = r.read(l.tail_bits);
      break;
    case Tail::text:
      if (!read_text(r, l.tail_bits, l.tail_chars, out, l, l.tail_name, error)) return false;
      break;
    case Tail::zero_pad:
      if (r.read(l.tail_bits) != 0) {
        *error = field_error(l, "the 24 unallocated bits after the serial reference must be zero");
        return false;
      }
      break;
  }
  // Padding to whole bytes or words.
  int pad = static_cast<int>(size) * 8 - l.bits;
  while (pad > 0) {
    int n = std::min(pad, 56);
    if (r.read(n) != 0) {
      *error = field_error(l, fmt::format("the padding bits after bit {} must be zero", l.bits));
      return false;
    }
    pad -= n;
  }
  return true;
}

bool decode_scheme(const Layout& l, std::span<const std::uint8_t> bytes, Epc& out, Error* error) {
  if (!length_fits(l.bits, bytes.size())) {
    std::size_t min = (l.bits + 7u) / 8, max = (l.bits + 15u) / 16 * 2;
    *error = field_error(l, min == max ? fmt::format("{} bytes given, the {}-bit scheme needs {}",
                                                     bytes.size(), l.bits, min)
                                       : fmt::format("{} bytes given, the {}-bit scheme needs "
                                                     "{} or {} (padded to 16-bit words)",
                                                     bytes.size(), l.bits, min, max));
    return false;
  }
  // The 96-bit schemes (nearly every tag in the field) read from one 128-bit register.
  if (l.bits == 96) {
    detail::Reader96 r(bytes.data());
    return decode_fields(l, r, bytes.size(), out, error);
  }
  BitReader r(bytes);
  return decode_fields(l, r, bytes.size(), out, error);
}

}  // namespace

Result<Epc> decode(std::span<const std::uint8_t> bytes) {
  if (bytes.size() > kMaxEpcBytes)
    return make_error(Errc::invalid_argument,
                      "EPC of {} bytes is longer than the {} bytes (496 bits) EPC memory holds",
                      bytes.size(), kMaxEpcBytes);
  Epc out;
  if (!bytes.empty() && detail::plus_layout_for_header(bytes[0]) != nullptr) {
    auto content = detail::checked_plus(bytes);
    if (!content) return content.error();
    out.scheme = content->scheme;
    out.filter = static_cast<std::uint8_t>(content->filter);
    // Kept padded to whole 16-bit words, as encode() writes it, so decode(encode(e)) == e.
    out.raw_bits = static_cast<std::uint16_t>((bytes.size() + 1) / 2 * 16);
    std::copy(bytes.begin(), bytes.end(), out.raw.begin());
    return out;
  }
  const Layout* l = bytes.empty() ? nullptr : detail::layout_for_header(bytes[0]);
  if (l == nullptr) {
    out.scheme = Scheme::raw;
    out.raw_bits = static_cast<std::uint16_t>(bytes.size() * 8);
    std::copy(bytes.begin(), bytes.end(), out.raw.begin());
    return out;
  }
  // Decoded in place: the Epc is not copied into the result afterwards.
  Result<Epc> result{std::move(out)};
  Error error;
  if (!decode_scheme(*l, bytes, result.value(), &error)) return error;
  return result;
}

Result<Epc> decode_hex(std::string_view hex) {
  auto bytes = parse_hex(hex);
  if (!bytes) return bytes.error();
  return decode(*bytes);
}

Result<std::vector<std::uint8_t>> parse_hex(std::string_view hex) {
  if (hex.empty()) return make_error(Errc::invalid_argument, "empty EPC: no hex digits");
  auto bytes = rfinv::parse_hex(hex);
  if (!bytes) return bytes.error();
  if (bytes->size() > kMaxEpcBytes)
    return make_error(Errc::invalid_argument,
                      "hex: {} bytes is longer than the {} bytes (496 bits) EPC memory holds",
                      bytes->size(), kMaxEpcBytes);
  return bytes;
}

Status validate(const Epc& epc) {
  if (is_plus(epc.scheme)) {
    if (epc.raw_bits % 8 != 0 || epc.raw_bits / 8 > kMaxEpcBytes)
      return make_error(Errc::invalid_argument,
                        "{}: {} bits is not a whole number of bytes up to 496 bits",
                        scheme_name(epc.scheme), epc.raw_bits);
    auto content =
        detail::checked_plus(std::span<const std::uint8_t>(epc.raw.data(), epc.raw_bits / 8u));
    if (!content) return content.error();
    if (content->scheme != epc.scheme || content->filter != epc.filter)
      return make_error(Errc::invalid_argument, "{}: the scheme or filter does not match its bytes",
                        scheme_name(epc.scheme));
    return {};
  }
  if (epc.scheme == Scheme::raw) {
    if (epc.raw_bits % 8 != 0 || epc.raw_bits / 8 > kMaxEpcBytes)
      return make_error(Errc::invalid_argument,
                        "raw: {} bits is not a whole number of bytes up "
                        "to 496 bits",
                        epc.raw_bits);
    return {};
  }
  const Layout& l = detail::layout_for(epc.scheme);
  if (epc.filter > 7)
    return field_error(l, fmt::format("filter {} is out of range (0-7)", epc.filter));
  if (epc.partition > 6)
    return field_error(l, fmt::format("partition value {} is not 0-6", epc.partition));
  int prefix_digits = 12 - epc.partition;
  if (epc.prefix_digits != prefix_digits)
    return field_error(l, fmt::format("a {}-digit company prefix needs partition {}, not {}",
                                      epc.prefix_digits, 12 - epc.prefix_digits, epc.partition));
  if (epc.company_prefix >= kPow10[prefix_digits])
    return field_error(l, fmt::format("company prefix {} has more than {} digits",
                                      epc.company_prefix, prefix_digits));
  int ref_bits = l.reference_bits[epc.partition];
  if (l.reference_is_text) {
    int limit = detail::giai_text_limit(epc.partition);
    if (epc.text_size == 0) return field_error(l, fmt::format("{} is empty", l.reference_name));
    if (epc.text_size > limit)
      return field_error(l, fmt::format("{} has {} characters; with a {}-digit company prefix "
                                        "at most {} fit",
                                        l.reference_name, epc.text_size, prefix_digits, limit));
  } else if (l.reference_digits0 >= 0) {
    int digits = l.reference_digits0 + epc.partition;
    if (epc.reference_digits != digits)
      return field_error(
          l, fmt::format("{} has {} digits; with a {}-digit company prefix it "
                         "must have {}",
                         l.reference_name, epc.reference_digits, prefix_digits, digits));
    if (epc.reference >= kPow10[digits])
      return field_error(
          l, fmt::format("{} {} has more than {} digits", l.reference_name, epc.reference, digits));
  } else if (ref_bits < 64 && epc.reference >> ref_bits != 0) {
    return field_error(l, fmt::format("{} {} does not fit the {} bits partition {} leaves "
                                      "(at most {})",
                                      l.reference_name, epc.reference, ref_bits, epc.partition,
                                      (std::uint64_t{1} << ref_bits) - 1));
  }
  if (l.tail == Tail::integer && epc.serial >> l.tail_bits != 0)
    return field_error(
        l, fmt::format("{} {} does not fit {} bits (at most {})", l.tail_name, epc.serial,
                       l.tail_bits, (std::uint64_t{1} << l.tail_bits) - 1));
  if (l.tail == Tail::text) {
    if (epc.text_size == 0) return field_error(l, fmt::format("{} is empty", l.tail_name));
    if (epc.text_size > l.tail_chars)
      return field_error(l, fmt::format("{} has {} characters; at most {} fit", l.tail_name,
                                        epc.text_size, l.tail_chars));
  }
  if (l.reference_is_text || l.tail == Tail::text) {
    for (std::size_t i = 0; i < epc.text_size; ++i)
      if (!detail::is_encodable(epc.text[i]))
        return field_error(
            l, fmt::format("{} character {} is not in the TDS character set",
                           l.reference_is_text ? l.reference_name : l.tail_name, i + 1));
  }
  return {};
}

Result<std::vector<std::uint8_t>> encode(const Epc& epc) {
  if (Status s = validate(epc); !s) return s.error();
  if (epc.scheme == Scheme::raw)
    return std::vector<std::uint8_t>(epc.raw.begin(), epc.raw.begin() + epc.raw_bits / 8);
  if (is_plus(epc.scheme)) {  // as read, padded to whole 16-bit words
    std::vector<std::uint8_t> out(epc.raw.begin(), epc.raw.begin() + epc.raw_bits / 8);
    if (out.size() % 2 != 0) out.push_back(0);
    return out;
  }
  const Layout& l = detail::layout_for(epc.scheme);
  BitWriter w;
  w.write(l.header, 8);
  w.write(epc.filter, 3);
  w.write(epc.partition, 3);
  w.write(epc.company_prefix, kPrefixBits[epc.partition]);
  int ref_bits = l.reference_bits[epc.partition];
  auto write_text = [&](int field_bits) {
    for (std::size_t i = 0; i < epc.text_size; ++i)
      w.write(static_cast<std::uint8_t>(epc.text[i]), 7);
    int rest = field_bits - 7 * epc.text_size;
    while (rest > 0) {
      int n = std::min(rest, 56);
      w.write(0, n);
      rest -= n;
    }
  };
  if (l.reference_is_text) {
    write_text(ref_bits);
  } else if (ref_bits > 56) {
    w.write(epc.reference >> 32, ref_bits - 32);
    w.write(epc.reference & 0xFFFFFFFFu, 32);
  } else {
    w.write(epc.reference, ref_bits);
  }
  switch (l.tail) {
    case Tail::none:
      break;
    case Tail::integer:
      w.write(epc.serial, l.tail_bits);
      break;
    case Tail::text:
      write_text(l.tail_bits);
      break;
    case Tail::zero_pad:
      w.write(0, l.tail_bits);
      break;
  }
  std::size_t size = (l.bits + 15u) / 16 * 2;
  return std::vector<std::uint8_t>(w.bytes().begin(),
                                   w.bytes().begin() + static_cast<std::ptrdiff_t>(size));
}

Result<std::string> encode_hex(const Epc& epc) {
  auto bytes = encode(epc);
  if (!bytes) return bytes.error();
  return rfinv::to_hex(*bytes);
}

}  // namespace rfinv::epc
