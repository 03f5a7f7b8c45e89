// EPC Tag Data Standard (GS1 TDS) codec for the binary schemes SGTIN-96/198, SSCC-96,
// SGLN-96/195, GRAI-96/170 and GIAI-96/202: binary <-> EPC tag URI <-> pure identity URI
// <-> GS1 key and element string; and for the TDS 2.x "+" schemes SGTIN+, DSGTIN+, SSCC+,
// SGLN+, GRAI+ and GIAI+ with their +AIDC data: binary <-> GS1 key and element string (these
// have no tag URI: tag_uri() gives the raw URI, pure_uri() the canonical GS1 Digital Link of
// the identity, as EPCIS 2.0 uses; everything they carry: epc/tag_gs1_data.h).
//
// Contract: pure functions, no I/O, no global state; safe to call from any thread.
// decode() is the hot path of the read pipeline: it fills an Epc of integers and fixed
// arrays and allocates nothing unless it fails (the error message), except for a "+" EPC,
// whose variable-length content is checked as it is decoded. Text is made only by
// the formatting functions. An EPC whose header no supported scheme uses (including an
// unprogrammed tag) decodes successfully as Scheme::raw and prints as urn:epc:raw:LEN.xHEX;
// a supported header with content the standard forbids is an error naming the field.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace rfinv::epc {

enum class Scheme : std::uint8_t {
  raw,
  sgtin_96,
  sgtin_198,
  sscc_96,
  sgln_96,
  sgln_195,
  grai_96,
  grai_170,
  giai_96,
  giai_202,
  // TDS 2.x: not partitioned by company prefix; the EPC keeps its bytes in raw/raw_bits.
  sgtin_plus,
  dsgtin_plus,
  sscc_plus,
  sgln_plus,
  grai_plus,
  giai_plus,
};

// The GS1 key family a scheme belongs to (the pure identity URI's scheme name).
enum class Family : std::uint8_t { raw, sgtin, sscc, sgln, grai, giai };

// Gen2 EPC memory holds at most 31 words (496 bits) of EPC.
inline constexpr std::size_t kMaxEpcBytes = 62;
// Longest alphanumeric field: a GIAI-202 asset reference with a 6-digit company prefix.
inline constexpr std::size_t kMaxText = 24;

// A decoded EPC. Which fields mean something depends on the scheme:
//   company_prefix/prefix_digits  every scheme but raw
//   reference/reference_digits    SGTIN indicator+item reference (13-L digits), SSCC
//                                 extension digit+serial reference (17-L), SGLN location
//                                 reference (12-L), GRAI asset type (12-L), GIAI-96 asset
//                                 reference (printed without padding)
//   serial                        SGTIN-96 and GRAI-96 serial, SGLN-96 extension
//   text/text_size                SGTIN-198 and GRAI-170 serial, SGLN-195 extension,
//                                 GIAI-202 asset reference (the unescaped characters)
//   raw/raw_bits                  Scheme::raw and the "+" schemes: the bytes as read
struct Epc {
  Scheme scheme = Scheme::raw;
  std::uint8_t filter = 0;
  std::uint8_t partition = 0;
  std::uint8_t prefix_digits = 0;
  std::uint8_t reference_digits = 0;
  std::uint8_t text_size = 0;
  std::uint16_t raw_bits = 0;
  std::uint64_t company_prefix = 0;
  std::uint64_t reference = 0;
  std::uint64_t serial = 0;
  std::array<char, kMaxText> text{};
  std::array<std::uint8_t, kMaxEpcBytes> raw{};

  std::string_view text_view() const { return {text.data(), text_size}; }
};

Family family(Scheme scheme);
// True for the TDS 2.x "+" schemes.
bool is_plus(Scheme scheme);
// "sgtin-96", ..., "sgtin+", "dsgtin+", ..., "raw".
std::string_view scheme_name(Scheme scheme);
std::optional<Scheme> scheme_from_name(std::string_view name);
// Bits the scheme occupies (96, 198, ...); 0 for raw and the "+" schemes (variable).
int scheme_bits(Scheme scheme);

// Decodes EPC bytes as read from a tag. A scheme whose length is not a whole number of
// bytes may come with its padding to whole bytes or to whole 16-bit words; padding bits
// must be zero.
Result<Epc> decode(std::span<const std::uint8_t> bytes);
// Decodes hex text (either case, no separators, whole bytes).
Result<Epc> decode_hex(std::string_view hex);
// EPC hex to bytes: base/hex.h's parse_hex, refusing no digits and more than an EPC memory
// holds. Bytes back to hex: rfinv::to_hex in base/hex.h.
Result<std::vector<std::uint8_t>> parse_hex(std::string_view hex);

// The binary encoding, padded with zero bits to whole 16-bit words (what is written to the
// tag's EPC memory). Fails when a field does not fit its scheme (see validate()).
Result<std::vector<std::uint8_t>> encode(const Epc& epc);
Result<std::string> encode_hex(const Epc& epc);
// Checks every field against the scheme's rules, as encode() does.
Status validate(const Epc& epc);

// Parses an EPC tag URI (urn:epc:tag:sgtin-96:3.0614141.812345.6789) or a raw URI
// (urn:epc:raw:96.x3074...).
Result<Epc> parse_tag_uri(std::string_view uri);
// Parses a pure identity URI (urn:epc:id:sgtin:0614141.812345.6789) into the given
// scheme, or when `scheme` is empty into the shortest scheme of its family that holds
// it (the 96-bit one when the serial fits).
Result<Epc> parse_pure_uri(std::string_view uri, int filter, std::optional<Scheme> scheme = {});
// Either kind: a tag URI keeps its own filter and scheme.
Result<Epc> parse_uri(std::string_view uri, int filter, std::optional<Scheme> scheme = {});

std::string tag_uri(const Epc& epc);
void append_tag_uri(const Epc& epc, std::string& out);   // reuses the caller's buffer
std::string pure_uri(const Epc& epc);                    // raw: the raw URI
std::string reference_text(const Epc& epc);              // as in the URI, unescaped
std::optional<std::string> serial_text(const Epc& epc);  // none for SSCC, GIAI, raw
// GTIN-14, SSCC-18, GLN-13, GRAI (AI 8003 value) or GIAI (AI 8004 value); none for raw.
std::optional<std::string> gs1_key(const Epc& epc);
// "(01)80614141123458(21)6789"; none for raw.
std::optional<std::string> element_string(const Epc& epc);

// GS1 mod-10 check digit of a digit string (without its check digit).
int gs1_check_digit(std::string_view digits);
// Builds an SGTIN from a GTIN (8, 12, 13 or 14 digits, check digit verified) and a serial:
// SGTIN-96 when the serial is a number that fits, else SGTIN-198, unless `scheme` says.
Result<Epc> sgtin_from_gtin(std::string_view gtin, int prefix_digits, std::string_view serial,
                            int filter, std::optional<Scheme> scheme = {});
// The GTIN-14 of a GTIN given with 8, 12, 13 or 14 digits; errors on a bad check digit.
Result<std::string> normalize_gtin(std::string_view gtin);
// A GIAI-96 for an asset: company prefix digits plus a numeric asset reference.
Result<Epc> giai_96(std::string_view company_prefix, std::uint64_t asset_reference, int filter);

}  // namespace rfinv::epc
