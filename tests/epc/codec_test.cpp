#define BOOST_TEST_MODULE epc_codec
#include <fmt/format.h>

#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>
#include <vector>

#include "epc/epc.h"

using namespace rfinv;
using namespace rfinv::epc;

namespace rfinv::epc {
std::ostream& operator<<(std::ostream& os, Scheme s) { return os << scheme_name(s); }
}  // namespace rfinv::epc

namespace {

struct Example {
  const char* hex;
  const char* tag_uri;
  const char* pure_uri;
  const char* gs1_key;
  const char* element_string;
};

// SGTIN-96: the worked example printed in TDS Appendix E. The pure identity URIs and
// element strings of the other rows are the examples TDS sections 6 and 7 print
// (0614141.12345.400 and friends); their binary forms were cross-checked against an
// independent implementation (the epc-tds npm package) while this codec was written.
const Example kExamples[] = {
    {"3074257BF7194E4000001A85", "urn:epc:tag:sgtin-96:3.0614141.812345.6789",
     "urn:epc:id:sgtin:0614141.812345.6789", "80614141123458", "(01)80614141123458(21)6789"},
    {"3674257BF7194E59B2C2BF100000000000000000000000000000",
     "urn:epc:tag:sgtin-198:3.0614141.812345.32a%2Fb", "urn:epc:id:sgtin:0614141.812345.32a%2Fb",
     "80614141123458", "(01)80614141123458(21)32a/b"},
    {"3174257BF4499602D2000000", "urn:epc:tag:sscc-96:3.0614141.1234567890",
     "urn:epc:id:sscc:0614141.1234567890", "106141412345678908", "(00)106141412345678908"},
    {"3274257BF460720000000190", "urn:epc:tag:sgln-96:3.0614141.12345.400",
     "urn:epc:id:sgln:0614141.12345.400", "0614141123452", "(414)0614141123452(254)400"},
    {"3974257BF46073857F8000000000000000000000000000000000",
     "urn:epc:tag:sgln-195:3.0614141.12345.a%2Fx", "urn:epc:id:sgln:0614141.12345.a%2Fx",
     "0614141123452", "(414)0614141123452(254)a/x"},
    {"3374257BF40C0E4000000190", "urn:epc:tag:grai-96:3.0614141.12345.400",
     "urn:epc:id:grai:0614141.12345.400", "00614141123452400", "(8003)00614141123452400"},
    {"3774257BF40C0E7C79F4CC0000000000000000000000", "urn:epc:tag:grai-170:3.0614141.12345.xyz3",
     "urn:epc:id:grai:0614141.12345.xyz3", "00614141123452xyz3", "(8003)00614141123452xyz3"},
    {"3474257BF400000000BC6038", "urn:epc:tag:giai-96:3.0614141.12345400",
     "urn:epc:id:giai:0614141.12345400", "061414112345400", "(8004)061414112345400"},
    {"3874257BF60C286B58B266D1A800000000000000000000000000",
     "urn:epc:tag:giai-202:3.0614141.ABC-12345", "urn:epc:id:giai:0614141.ABC-12345",
     "0614141ABC-12345", "(8004)0614141ABC-12345"},
};

// The error of a failed result; fails the test when it did not fail.
template <class T>
std::string error_of(const Result<T>& r) {
  BOOST_REQUIRE_MESSAGE(!r.ok(), "expected an error");
  return r.error().message;
}

bool contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(tds_sgtin96_worked_example_decodes_to_every_field) {
  auto e = decode_hex("3074257BF7194E4000001A85");
  BOOST_REQUIRE(e.ok());
  BOOST_TEST(e->scheme == Scheme::sgtin_96);
  BOOST_TEST(e->filter == 3);
  BOOST_TEST(e->partition == 5);
  BOOST_TEST(e->company_prefix == 614141u);
  BOOST_TEST(e->prefix_digits == 7);
  BOOST_TEST(e->reference == 812345u);
  BOOST_TEST(e->serial == 6789u);
  BOOST_TEST(reference_text(*e) == "812345");
  BOOST_TEST(*serial_text(*e) == "6789");
}

BOOST_AUTO_TEST_CASE(examples_decode_and_encode_for_every_scheme) {
  for (const Example& x : kExamples) {
    BOOST_TEST_CONTEXT(x.tag_uri) {
      auto e = decode_hex(x.hex);
      BOOST_REQUIRE_MESSAGE(e.ok(), (e.ok() ? "" : e.error().message));
      BOOST_TEST(tag_uri(*e) == x.tag_uri);
      BOOST_TEST(pure_uri(*e) == x.pure_uri);
      BOOST_TEST(*gs1_key(*e) == x.gs1_key);
      BOOST_TEST(*element_string(*e) == x.element_string);
      auto parsed = parse_tag_uri(x.tag_uri);
      BOOST_REQUIRE(parsed.ok());
      BOOST_TEST(*encode_hex(*parsed) == x.hex);
      auto from_pure = parse_pure_uri(x.pure_uri, 3, e->scheme);
      BOOST_REQUIRE(from_pure.ok());
      BOOST_TEST(tag_uri(*from_pure) == x.tag_uri);
    }
  }
}

BOOST_AUTO_TEST_CASE(lower_case_hex_and_both_paddings_are_accepted) {
  auto lower = decode_hex("3074257bf7194e4000001a85");
  BOOST_REQUIRE(lower.ok());
  BOOST_TEST(tag_uri(*lower) == "urn:epc:tag:sgtin-96:3.0614141.812345.6789");
  // SGTIN-198 is 198 bits: 25 bytes, or 26 when padded to whole words.
  std::string padded = kExamples[1].hex;
  BOOST_REQUIRE(padded.size() == 52u);
  BOOST_TEST(decode_hex(padded).ok());
  BOOST_TEST(decode_hex(padded.substr(0, 50)).ok());
  // GIAI-202: 26 bytes either way; GRAI-170: 22 bytes.
  BOOST_TEST(decode_hex(kExamples[8].hex).ok());
  BOOST_TEST(decode_hex(kExamples[6].hex).ok());
}

BOOST_AUTO_TEST_CASE(pure_uri_picks_the_shortest_scheme_that_holds_the_serial) {
  BOOST_TEST(parse_pure_uri("urn:epc:id:sgtin:0614141.812345.6789", 1)->scheme == Scheme::sgtin_96);
  BOOST_TEST(parse_pure_uri("urn:epc:id:sgtin:0614141.812345.06789", 1)->scheme ==
             Scheme::sgtin_198);
  BOOST_TEST(parse_pure_uri("urn:epc:id:sgtin:0614141.812345.274877906944", 1)->scheme ==
             Scheme::sgtin_198);
  BOOST_TEST(parse_pure_uri("urn:epc:id:giai:0614141.4398046511103", 1)->scheme == Scheme::giai_96);
}

BOOST_AUTO_TEST_CASE(round_trips_every_partition_and_filter_of_every_scheme) {
  const Scheme schemes[] = {Scheme::sgtin_96, Scheme::sgtin_198, Scheme::sscc_96,
                            Scheme::sgln_96,  Scheme::sgln_195,  Scheme::grai_96,
                            Scheme::grai_170, Scheme::giai_96,   Scheme::giai_202};
  int checked = 0;
  for (Scheme s : schemes) {
    for (int partition = 0; partition <= 6; ++partition) {
      int l = 12 - partition;
      for (int filter = 0; filter <= 7; ++filter) {
        // The largest company prefix of its length, and a reference at the top of its range.
        std::string cp(static_cast<std::size_t>(l), '9');
        std::string ref, tail;
        switch (family(s)) {
          case Family::sgtin:
            ref = std::string(13 - l, '9');
            break;
          case Family::sscc:
            ref = std::string(17 - l, '9');
            break;
          case Family::sgln:
          case Family::grai:
            ref = std::string(12 - l, '9');
            break;
          case Family::giai: {
            // GIAI-96: the largest integer the reference bits hold; GIAI-202: 30 - L chars.
            const int bits[7] = {42, 45, 48, 52, 55, 58, 62};
            ref = s == Scheme::giai_96 ? std::to_string((1ull << bits[partition]) - 1)
                                       : std::string(static_cast<std::size_t>(30 - l), 'z');
            break;
          }
          case Family::raw:
            break;
        }
        if (s == Scheme::sgtin_96 || s == Scheme::grai_96) tail = "274877906943";
        if (s == Scheme::sgln_96) tail = "2199023255551";
        if (s == Scheme::sgtin_198 || s == Scheme::sgln_195)
          tail = "%22%25%26%2F%3C%3E%3Fxyz!'()*+,-.:";
        if (s == Scheme::grai_170) tail = "AZaz09_%2F%3F;=.";
        std::string uri = fmt::format("urn:epc:tag:{}:{}.{}.{}", scheme_name(s), filter, cp, ref);
        if (!tail.empty()) uri += "." + tail;
        BOOST_TEST_CONTEXT(uri) {
          auto e = parse_tag_uri(uri);
          BOOST_REQUIRE_MESSAGE(e.ok(), (e.ok() ? "" : e.error().message));
          BOOST_TEST(e->partition == partition);
          BOOST_TEST(e->filter == filter);
          auto hex = encode_hex(*e);
          BOOST_REQUIRE(hex.ok());
          BOOST_TEST(hex->size() == static_cast<std::size_t>((scheme_bits(s) + 15) / 16 * 4));
          auto back = decode_hex(*hex);
          BOOST_REQUIRE_MESSAGE(back.ok(), (back.ok() ? "" : back.error().message));
          BOOST_TEST(tag_uri(*back) == uri);
          BOOST_TEST(back->company_prefix == e->company_prefix);
          BOOST_TEST(back->reference == e->reference);
          BOOST_TEST(back->serial == e->serial);
          BOOST_TEST(back->text_view() == e->text_view());
          ++checked;
        }
        // The smallest values too: all-zero prefix and reference, serial 0 or one character.
        std::string low = fmt::format("urn:epc:tag:{}:{}.{}.{}", scheme_name(s), filter,
                                      std::string(static_cast<std::size_t>(l), '0'),
                                      s == Scheme::giai_96    ? "0"
                                      : s == Scheme::giai_202 ? "!"
                                                              : std::string(ref.size(), '0'));
        if (!tail.empty()) low += ".0";
        BOOST_TEST_CONTEXT(low) {
          auto e = parse_tag_uri(low);
          BOOST_REQUIRE_MESSAGE(e.ok(), (e.ok() ? "" : e.error().message));
          auto back = decode_hex(*encode_hex(*e));
          BOOST_REQUIRE(back.ok());
          BOOST_TEST(tag_uri(*back) == low);
          ++checked;
        }
      }
    }
  }
  BOOST_TEST(checked == 9 * 7 * 8 * 2);
}

BOOST_AUTO_TEST_CASE(unknown_headers_and_unprogrammed_tags_are_raw_not_errors) {
  auto blank = decode_hex("000000000000000000000000");
  BOOST_REQUIRE(blank.ok());
  BOOST_TEST(blank->scheme == Scheme::raw);
  BOOST_TEST(tag_uri(*blank) == "urn:epc:raw:96.x000000000000000000000000");
  // A TID-like value, a GID-96 (0x35) and a 128-bit EPC with an unknown header.
  for (const char* hex : {"E2003098881900722140369E", "350000000000000000000001",
                          "AABBCCDDEEFF00112233445566778899"}) {
    auto e = decode_hex(hex);
    BOOST_REQUIRE(e.ok());
    BOOST_TEST(e->scheme == Scheme::raw);
    BOOST_TEST(e->raw_bits == std::string_view(hex).size() * 4);
    BOOST_TEST(tag_uri(*e) == fmt::format("urn:epc:raw:{}.x{}", e->raw_bits, hex));
    BOOST_TEST(!gs1_key(*e).has_value());
    auto back = parse_tag_uri(tag_uri(*e));
    BOOST_REQUIRE(back.ok());
    BOOST_TEST(*encode_hex(*back) == hex);
  }
}

BOOST_AUTO_TEST_CASE(hex_errors_name_the_problem) {
  BOOST_TEST(contains(error_of(decode_hex("3074257BF7194E4000001AXZ")), "'X' at position 23"));
  BOOST_TEST(contains(error_of(decode_hex("3074257BF7194E4000001A8")), "odd number of digits"));
  BOOST_TEST(contains(error_of(decode_hex("")), "empty"));
  BOOST_TEST(contains(error_of(decode_hex(std::string(126, 'A'))), "longer than"));
  // A known header with the wrong length for its scheme.
  std::string e = error_of(decode_hex("3074257BF7194E4000001A8500"));
  BOOST_TEST(contains(e, "sgtin-96"));
  BOOST_TEST(contains(e, "13 bytes given"));
  BOOST_TEST(contains(error_of(decode_hex("3074257BF7194E400000")), "sgtin-96"));
  BOOST_TEST(contains(error_of(decode_hex(std::string(kExamples[1].hex).substr(0, 48))),
                      "needs 25 or 26"));
}

BOOST_AUTO_TEST_CASE(binary_field_errors_name_the_field) {
  // Partition bits 111.
  BOOST_TEST(contains(error_of(decode_hex("307C257BF7194E4000001A85")), "partition value 7"));
  // Partition 0 with a 40-bit company prefix of all ones (1099511627775, 13 digits).
  auto too_long_cp = error_of(decode_hex("3063FFFFFFFFFC0000000001"));
  BOOST_TEST(contains(too_long_cp, "company prefix 1099511627775"));
  BOOST_TEST(contains(too_long_cp, "12 digits"));
  // Partition 5 (7-digit prefix, 20-bit item reference) with item reference 0xFFFFF = 1048575.
  auto too_long_ref = error_of(decode_hex("3074257BFFFFFFC000001A85"));
  BOOST_TEST(contains(too_long_ref, "item reference 1048575"));
  BOOST_TEST(contains(too_long_ref, "6 digits"));
  // SSCC-96 whose 24 unallocated bits are not zero.
  BOOST_TEST(contains(error_of(decode_hex("3174257BF4499602D2000001")), "unallocated"));
  // SGTIN-198 serial holding '#' (0x23), which the character set forbids.
  std::string bad_char = kExamples[1].hex;
  auto bad = decode_hex(bad_char);
  BOOST_REQUIRE(bad.ok());
  Epc forged = *bad;
  forged.text[0] = '#';
  BOOST_TEST(contains(error_of(encode_hex(forged)), "serial character 1"));
  // The same forged character written into the bits directly: '3' (0x33) -> '#' (0x23)
  // flips bit 4 of the first serial character, which starts at bit 58.
  auto bytes = *parse_hex(bad_char);
  bytes[(58 + 2) / 8] ^= static_cast<std::uint8_t>(0x80u >> ((58 + 2) % 8));
  auto msg = error_of(decode(bytes));
  BOOST_TEST(contains(msg, "serial character 1 is code 0x23"));
  // Padding bits must be zero.
  std::string dirty = std::string(kExamples[1].hex).substr(0, 50) + "01";
  BOOST_TEST(contains(error_of(decode_hex(dirty)), "padding"));
}

BOOST_AUTO_TEST_CASE(uri_field_errors_name_the_field_and_why) {
  struct Bad {
    const char* uri;
    const char* expected;
  } cases[] = {
      {"urn:epc:tag:sgtin-96:8.0614141.812345.6789", "filter 8 is out of range"},
      {"urn:epc:tag:sgtin-96:x.0614141.812345.6789", "filter 'x'"},
      {"urn:epc:tag:sgtin-96:3.0614141234567.8.6789", "company prefix '0614141234567' has 13"},
      {"urn:epc:tag:sgtin-96:3.06141.81234567.6789", "company prefix '06141' has 5"},
      {"urn:epc:tag:sgtin-96:3.0614141.8123456.6789", "item reference '8123456' has 7 digits"},
      {"urn:epc:tag:sgtin-96:3.0614141.812345.06789", "serial '06789' has a leading zero"},
      {"urn:epc:tag:sgtin-96:3.0614141.812345.274877906944", "does not fit 38 bits"},
      {"urn:epc:tag:sgtin-96:3.0614141.812345.12A", "serial '12A' is not all digits"},
      {"urn:epc:tag:sgtin-198:3.0614141.812345.a b", "serial has character ' '"},
      {"urn:epc:tag:sgtin-198:3.0614141.812345.a#b", "serial has character '#'"},
      {"urn:epc:tag:sgtin-198:3.0614141.812345.a/b", "must write as %2F"},
      {"urn:epc:tag:sgtin-198:3.0614141.812345.a%23b", "escapes '#'"},
      {"urn:epc:tag:sgtin-198:3.0614141.812345.a%2", "without two hex digits"},
      {"urn:epc:tag:sgtin-198:3.0614141.812345.123456789012345678901", "21 characters"},
      {"urn:epc:tag:sscc-96:3.0614141.12345678901", "serial reference '12345678901' has 11"},
      {"urn:epc:tag:sgln-96:3.0614141.123456.0", "location reference '123456' has 6"},
      {"urn:epc:tag:grai-170:3.0614141.12345.12345678901234567", "17 characters"},
      {"urn:epc:tag:giai-96:3.061414112345.4398046511104", "does not fit"},
      {"urn:epc:tag:giai-202:3.061414112345.1234567890123456789", "19 characters"},
      {"urn:epc:tag:sgtin-97:3.0614141.812345.6789", "scheme 'sgtin-97'"},
      {"urn:epc:tag:sgtin-96:3.0614141.812345", "expected 4 dot-separated fields"},
      {"urn:epc:raw:96.123", "hex form"},
      {"http://example.com", "not an EPC tag URI"},
  };
  for (const Bad& b : cases) {
    BOOST_TEST_CONTEXT(b.uri) {
      std::string msg = error_of(parse_uri(b.uri, 0));
      BOOST_TEST(contains(msg, b.expected), msg);
    }
  }
}

BOOST_AUTO_TEST_CASE(gtin_check_digits_and_sgtin_from_gtin) {
  BOOST_TEST(gs1_check_digit("8061414112345") == 8);
  BOOST_TEST(*normalize_gtin("80614141123458") == "80614141123458");
  BOOST_TEST(*normalize_gtin("0614141123452") == "00614141123452");
  std::string msg = error_of(normalize_gtin("80614141123459"));
  BOOST_TEST(contains(msg, "check digit is 9, it should be 8"));
  BOOST_TEST(contains(error_of(normalize_gtin("8061414112345")), "13 digits") == false);
  BOOST_TEST(contains(error_of(normalize_gtin("806141411234")), "check digit"));
  BOOST_TEST(contains(error_of(normalize_gtin("80614141A23458")), "not all digits"));
  BOOST_TEST(contains(error_of(normalize_gtin("8061414112345812")), "16 digits"));

  auto e = sgtin_from_gtin("80614141123458", 7, "6789", 3);
  BOOST_REQUIRE(e.ok());
  BOOST_TEST(*encode_hex(*e) == "3074257BF7194E4000001A85");
  auto alpha = sgtin_from_gtin("80614141123458", 7, "32a/b", 3);
  BOOST_REQUIRE(alpha.ok());
  BOOST_TEST(alpha->scheme == Scheme::sgtin_198);
  BOOST_TEST(tag_uri(*alpha) == "urn:epc:tag:sgtin-198:3.0614141.812345.32a%2Fb");
  BOOST_TEST(contains(error_of(sgtin_from_gtin("80614141123458", 7, "6789", 9)),
                      "filter 9 is out of range"));
  BOOST_TEST(contains(error_of(sgtin_from_gtin("80614141123458", 13, "1", 0)), "prefix length 13"));
  BOOST_TEST(contains(error_of(sgtin_from_gtin("80614141123458", 7, "a b", 0)),
                      "serial character 2 (' ')"));
  BOOST_TEST(contains(error_of(sgtin_from_gtin("80614141123458", 7, "6789", 0, Scheme::sscc_96)),
                      "cannot encode a GTIN"));
}

BOOST_AUTO_TEST_CASE(giai_96_for_assets) {
  auto e = giai_96("0614141", 12345400, 0);
  BOOST_REQUIRE(e.ok());
  BOOST_TEST(pure_uri(*e) == "urn:epc:id:giai:0614141.12345400");
  BOOST_TEST(contains(error_of(giai_96("06141", 1, 0)), "5 digits"));
}

BOOST_AUTO_TEST_CASE(sgln_extension_zero_means_no_extension) {
  auto e = parse_pure_uri("urn:epc:id:sgln:0614141.12345.0", 0);
  BOOST_REQUIRE(e.ok());
  BOOST_TEST(*element_string(*e) == "(414)0614141123452");
  // Partition 0: a 12-digit prefix leaves the location reference empty.
  auto empty_ref = parse_pure_uri("urn:epc:id:sgln:061414112345..5", 0);
  BOOST_REQUIRE(empty_ref.ok());
  BOOST_TEST(*gs1_key(*empty_ref) == "0614141123452");
}
