// GS1 barcodes: element strings, raw data with GS separators, symbology identifiers and
// Digital Link URIs, both directions. Vectors: the GS1 Digital Link URI Syntax examples, the
// element strings of TDS 2.x Annex E.3, and the issue's own examples.
#define BOOST_TEST_MODULE epc_gs1_barcode
#include <boost/test/unit_test.hpp>

#include "epc/gs1_ai.h"
#include "epc/gs1_element_string.h"

using namespace rfinv::epc;
using std::chrono::year_month_day;
namespace chr = std::chrono;

namespace {

const year_month_day kToday{chr::year{2026}, chr::December, chr::day{1}};

Gs1Data parsed(std::string_view text) {
  auto r = parse_gs1(text, kToday);
  BOOST_REQUIRE_MESSAGE(r.ok(), std::string(text) + ": " + (r.ok() ? "" : r.error().message));
  return r->data;
}

std::string error_of(std::string_view text) {
  auto r = parse_gs1(text, kToday);
  BOOST_REQUIRE_MESSAGE(!r.ok(), std::string(text) + " should have been refused");
  return r.error().message;
}

void require_contains(const std::string& message, std::string_view part) {
  BOOST_TEST_MESSAGE(message);
  BOOST_REQUIRE_MESSAGE(message.find(part) != std::string::npos,
                        "'" + message + "' does not mention '" + std::string(part) + "'");
}

year_month_day ymd(int y, unsigned m, unsigned d) {
  return year_month_day{chr::year{y}, chr::month{m}, chr::day{d}};
}

}  // namespace

BOOST_AUTO_TEST_CASE(bracketed_element_string_gives_gtin_lot_and_expiry) {
  Gs1Data d = parsed("(01)09506000134352(17)270131(10)ABC123");
  BOOST_TEST(*d.gtin == "09506000134352");
  BOOST_TEST(*d.lot == "ABC123");
  BOOST_TEST(iso_date(*d.expiry) == "2027-01-31");
  BOOST_TEST(d.elements.size() == 3u);
  BOOST_TEST(to_bracketed(d) == "(01)09506000134352(17)270131(10)ABC123");
}

BOOST_AUTO_TEST_CASE(raw_data_with_symbology_identifier_and_gs_separators) {
  // Lot before serial: the variable-length lot needs its GS, the last field does not.
  Gs1Data d = parsed(
      "]d2010950600013435217270131"
      "10ABC123\x1d"
      "21XYZ");
  BOOST_TEST(*d.gtin == "09506000134352");
  BOOST_TEST(*d.lot == "ABC123");
  BOOST_TEST(*d.serial == "XYZ");
  BOOST_TEST(to_raw(d) ==
             "010950600013435217270131"
             "10ABC123\x1d"
             "21XYZ");
  for (std::string_view id : {"]C1", "]Q3", "]e0", "]J1"}) {
    Gs1Data again = parsed(std::string(id) +
                           "0109506000134352"
                           "10ABC123");
    BOOST_TEST(*again.lot == "ABC123");
  }
}

BOOST_AUTO_TEST_CASE(scanner_data_of_each_gs1_symbology_parses) {
  // Scan data as the GS1 Syntax Engine's tests give it for QR, DataMatrix, DataBar and GS1-128.
  for (std::string_view id : {"]Q3", "]d2", "]e0", "]C1"}) {
    Gs1Data d = parsed(std::string(id) +
                       "011231231231233310ABC123\x1d"
                       "99TESTING");
    BOOST_TEST(to_bracketed(d) == "(01)12312312312333(10)ABC123(99)TESTING");
  }
  BOOST_TEST(to_bracketed(parsed("]e0011231231231233310ABC123\x1d"
                                 "99TESTING\x1d"
                                 "98COMPOSITE\x1d"
                                 "97XYZ")) ==
             "(01)12312312312333(10)ABC123(99)TESTING(98)COMPOSITE(97)XYZ");
  // A trailing GS after the last field is tolerated.
  BOOST_TEST(*parsed("]d2011231231231233310ABC123\x1d").lot == "ABC123");
  BOOST_TEST(*parsed("]E02112345678900").gtin == "02112345678900");
}

BOOST_AUTO_TEST_CASE(raw_output_puts_fixed_lengths_first_and_separates_variable_ones) {
  Gs1Data d = parsed("(10)LOT1(01)09506000134352(21)S1(17)270131");
  BOOST_TEST(to_raw(d) ==
             "0109506000134352"
             "17270131"
             "10LOT1\x1d"
             "21S1");
  Gs1Data back = parsed("]C1" + to_raw(d));
  BOOST_TEST(*back.lot == "LOT1");
  BOOST_TEST(*back.serial == "S1");
}

BOOST_AUTO_TEST_CASE(digital_link_examples_of_the_standard) {
  Gs1Data d = parsed("https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=180426");
  BOOST_TEST(to_bracketed(d) == "(01)09520123456788(10)ABC1(21)12345(17)180426");
  BOOST_TEST(*to_digital_link(d) ==
             "https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=180426");

  BOOST_TEST(to_bracketed(parsed("https://id.gs1.org/01/09520123456788/22/2A")) ==
             "(01)09520123456788(22)2A");
  BOOST_TEST(to_bracketed(parsed("https://id.gs1.org/01/09520123456788")) == "(01)09520123456788");
  // Any host, and the publisher's own path before the primary key.
  BOOST_TEST(to_bracketed(parsed("https://example.com/some-extra/pathinfo/01/09520123456788")) ==
             "(01)09520123456788");
  BOOST_TEST(to_bracketed(parsed("https://a/00/faux/00/006141411234567890")) ==
             "(00)006141411234567890");
  BOOST_TEST(to_bracketed(parsed("https://a/8018/123456789012345675/8019/123")) ==
             "(8018)123456789012345675(8019)123");
}

BOOST_AUTO_TEST_CASE(digital_link_of_the_issue_round_trips) {
  Gs1Data d = parsed("https://id.gs1.org/01/09506000134352/10/ABC123?17=270131");
  BOOST_TEST(*d.lot == "ABC123");
  BOOST_TEST(iso_date(*d.expiry) == "2027-01-31");
  BOOST_TEST(*to_digital_link(d) == "https://id.gs1.org/01/09506000134352/10/ABC123?17=270131");
  // From the element string the qualifiers move into the path in the standard's order.
  Gs1Data e = parsed("(01)09506000134352(17)270131(10)ABC123");
  BOOST_TEST(*to_digital_link(e) == "https://id.gs1.org/01/09506000134352/10/ABC123?17=270131");
}

BOOST_AUTO_TEST_CASE(digital_link_values_are_percent_decoded_and_encoded) {
  // TDS 2.x Annex E.3: (01)79521141123453(21)32a/b.
  Gs1Data d = parsed("https://id.gs1.org/01/79521141123453/21/32a%2Fb");
  BOOST_TEST(*d.serial == "32a/b");
  BOOST_TEST(*to_digital_link(d) == "https://id.gs1.org/01/79521141123453/21/32a%2Fb");
  BOOST_TEST(*parsed("https://a/01/12312312312333/22/ABC+123?99=X%2fY").value("22") == "ABC+123");
  BOOST_TEST(*parsed("https://a/01/12312312312333?99=X%2fY").value("99") == "X/Y");
  // Other query parameters, singletons and the fragment mean nothing to GS1.
  BOOST_TEST(to_bracketed(parsed("https://a/01/12312312312333?linkType=gs1:pip&&99=A&x#frag")) ==
             "(01)12312312312333(99)A");
}

BOOST_AUTO_TEST_CASE(digital_link_with_wrong_path_order_is_refused) {
  require_contains(error_of("https://id.gs1.org/01/09506000134352/21/XYZ/10/ABC123"),
                   "(10) must come before (21)");
  require_contains(error_of("https://id.gs1.org/01/09506000134352/17/270131"),
                   "(17) is not a key qualifier of (01)");
  require_contains(error_of("https://id.gs1.org/10/ABC123/01/09506000134352"),
                   "(10) stands before the primary key (01)");
  require_contains(error_of("https://id.gs1.org/01/09506000134352?21=XYZ"), "belongs in the path");
}

BOOST_AUTO_TEST_CASE(malformed_digital_links_are_refused) {
  require_contains(error_of("https://a/"), "no GS1 primary key");
  require_contains(error_of("https://a/b"), "no GS1 primary key");
  require_contains(error_of("HtTp://a/01/12312312312333"), "scheme");
  require_contains(error_of("https://a/01/12312312312333/"), "must not end with '/'");
  require_contains(error_of("https://a/01/12312312312333<bad"), "not allowed in a URI");
  require_contains(error_of("https://a/01/12312312312333?99="), "(99) is empty");
  require_contains(error_of("https://a/01/12312312312333?999=faux"), "unknown AI (999)");
  require_contains(error_of("https://a/01/12312312312333?98=XYZ+987"), "(98): character 4");
  require_contains(error_of("https://a/01/2112345678900"), "(01) has 13 characters");
  require_contains(error_of("https://a/01/12312312312333/10/%zz"), "two hex digits");
}

BOOST_AUTO_TEST_CASE(wrong_check_digit_in_gtin_is_refused_naming_the_ai) {
  require_contains(error_of("(01)09506000134353(10)ABC"),
                   "(01) 09506000134353: the check digit is 3, it should be 2");
  require_contains(error_of("]d20109506000134353"), "(01)");
  require_contains(error_of("(00)006141411234567891"), "(00)");
}

BOOST_AUTO_TEST_CASE(unknown_ai_is_refused_naming_it) {
  require_contains(error_of("(01)09506000134352(999)ABC"), "unknown AI (999)");
  require_contains(error_of("]d2059999"), "unknown AI at character 1");
}

BOOST_AUTO_TEST_CASE(variable_field_without_separator_before_next_ai_is_refused) {
  // The GS after the lot is missing, so the lot swallows (17) and (21) and runs too long.
  require_contains(error_of("]d20109506000134352"
                            "10ABC123456789012"
                            "17270131"
                            "21XYZ"),
                   "(10) runs to 28 characters, past its maximum of 20");
}

BOOST_AUTO_TEST_CASE(impossible_and_malformed_dates_are_refused) {
  require_contains(error_of("(01)09506000134352(17)270230"),
                   "(17) 270230: February 2027 has no day 30");
  require_contains(error_of("(01)09506000134352(17)271301"), "month 13 does not exist");
  require_contains(error_of("(01)09506000134352(17)27013"),
                   "(17) has 5 characters; it needs exactly 6");
  require_contains(error_of("(01)09506000134352(17)2701AB"), "only digits");
  require_contains(error_of("(01)09506000134352(7006)270100"), "day 00 is not allowed");
  // Leap years: 2028 has a February 29, 2027 does not.
  BOOST_TEST(iso_date(*parsed("(01)09506000134352(17)280229").expiry) == "2028-02-29");
  require_contains(error_of("(01)09506000134352(17)270229"), "February 2027 has no day 29");
}

BOOST_AUTO_TEST_CASE(day_00_means_the_last_day_of_the_month) {
  BOOST_TEST(iso_date(*parsed("(01)09506000134352(17)270200").expiry) == "2027-02-28");
  BOOST_TEST(iso_date(*parsed("(01)09506000134352(15)280200").best_before) == "2028-02-29");
  BOOST_TEST(iso_date(*parsed("(01)09506000134352(17)261100").expiry) == "2026-11-30");
}

BOOST_AUTO_TEST_CASE(two_digit_years_fall_within_49_years_back_and_50_ahead) {
  auto year_of = [](std::string_view yymmdd, year_month_day today) {
    auto r = parse_gs1("(01)09506000134352(17)" + std::string(yymmdd), today);
    BOOST_REQUIRE(r.ok());
    return static_cast<int>(r->data.expiry->year());
  };
  BOOST_TEST(year_of("760101", kToday) == 2076);  // +50
  BOOST_TEST(year_of("770101", kToday) == 1977);  // +51 -> previous century (-49)
  BOOST_TEST(year_of("990101", ymd(2001, 6, 1)) == 1999);
  BOOST_TEST(year_of("500101", ymd(2099, 6, 1)) == 2050);  // -49
  BOOST_TEST(year_of("480101", ymd(2099, 6, 1)) == 2148);  // -51 -> next century (+49)
}

BOOST_AUTO_TEST_CASE(named_fields_cover_sscc_giai_grai_count_and_best_before) {
  Gs1Data s = parsed("(00)095201234567891235(02)09506000134352(37)24");
  BOOST_TEST(*s.sscc == "095201234567891235");
  BOOST_TEST(*s.content == "09506000134352");
  BOOST_TEST(*s.count == 24u);
  BOOST_TEST(*to_digital_link(s) ==
             "https://id.gs1.org/00/095201234567891235?02=09506000134352&37=24");
  BOOST_TEST(*parsed("(8004)952114132a/b").giai == "952114132a/b");
  BOOST_TEST(*parsed("(8003)0952114112345432a/b").grai == "0952114112345432a/b");
  BOOST_TEST(*parsed("(414)9521141123454(254)32a/b").gln == "9521141123454");
  BOOST_TEST(iso_date(*parsed("(01)09506000134352(15)270615").best_before) == "2027-06-15");
  BOOST_TEST(*parsed("(01)09506000134352(30)5").count == 5u);
}

BOOST_AUTO_TEST_CASE(ean_symbologies_give_a_gtin) {
  BOOST_TEST(*parsed("]E09506000134352").gtin == "09506000134352");
  BOOST_TEST(*parsed("]E495060002").gtin == "00000095060002");
  require_contains(error_of("]E0950600013435"), "]E0 carries 13 digits");
}

BOOST_AUTO_TEST_CASE(plain_symbologies_carry_only_digital_links) {
  BOOST_TEST(*parsed("]Q1https://id.gs1.org/01/09506000134352").gtin == "09506000134352");
  require_contains(error_of("]d1hello"), "plain data");
  require_contains(error_of("]X9123"), "symbology identifier ]X9");
}

BOOST_AUTO_TEST_CASE(repeated_ai_and_empty_input_are_refused) {
  require_contains(error_of("(10)A(10)B"), "(10) appears twice");
  require_contains(error_of(""), "no data");
  require_contains(error_of("01"), "cut short");
  require_contains(error_of("(01"), "expected an AI in parentheses");
  require_contains(error_of("(10)A\x1b"), "character 2 is byte 0x1B");
}

BOOST_AUTO_TEST_CASE(ai_table_knows_the_required_ais) {
  for (std::string_view ai :
       {"00", "01",  "02",  "10",  "11",  "13",  "15",  "16",  "17",  "21",   "30",
        "37", "240", "250", "400", "410", "411", "412", "413", "414", "8003", "8004"}) {
    BOOST_TEST_CONTEXT(ai) { BOOST_TEST(find_ai(ai) != nullptr); }
  }
  BOOST_TEST(has_predefined_length("17"));
  BOOST_TEST(has_predefined_length("414"));
  BOOST_TEST(!has_predefined_length("10"));
  BOOST_TEST(!has_predefined_length("8004"));
  BOOST_TEST(find_ai("01")->check_length == 14);
}
