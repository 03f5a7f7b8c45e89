// TDS 2.x "+" schemes: the worked examples of TDS 2.3 Annex E.3 in both directions, +AIDC
// data (lot, expiry, count, ...) after the EPC, round trips through every encoding method,
// and the errors a damaged tag gives.
#define BOOST_TEST_MODULE epc_plus_schemes
#include <boost/test/unit_test.hpp>

#include "epc/epc.h"
#include "epc/tag_gs1_data.h"

using namespace rfinv::epc;
namespace chr = std::chrono;

namespace {

const chr::year_month_day kToday{chr::year{2026}, chr::December, chr::day{1}};

// The standard prints its examples to the last nibble; tags hold whole 16-bit words.
std::string words(std::string hex) {
  while (hex.size() % 4 != 0) hex.push_back('0');
  return hex;
}

std::string bits_of(std::string_view hex) {
  std::string out;
  for (char c : hex) {
    int v = std::stoi(std::string(1, c), nullptr, 16);
    for (int i = 3; i >= 0; --i) out.push_back((v >> i) & 1 ? '1' : '0');
  }
  return out;
}

std::string hex_of(std::string bits) {
  while (bits.size() % 16 != 0) bits.push_back('0');
  std::string out;
  for (std::size_t i = 0; i < bits.size(); i += 4)
    out.push_back("0123456789ABCDEF"[std::stoi(bits.substr(i, 4), nullptr, 2)]);
  return out;
}

Gs1Data data(const std::string& bracketed) {
  auto r = parse_gs1(bracketed, kToday);
  BOOST_REQUIRE_MESSAGE(r.ok(), std::string(r.ok() ? "" : r.error().message));
  return r->data;
}

Epc decoded(const std::string& hex) {
  auto e = decode_hex(hex);
  BOOST_REQUIRE_MESSAGE(e.ok(), hex + ": " + (std::string(e.ok() ? "" : e.error().message)));
  return *e;
}

struct Example {
  Scheme scheme;
  int filter;
  const char* element_string;
  const char* digital_link;
  const char* hex;
};

// TDS 2.3 Annex E.3, "+" schemes without +AIDC data.
const Example kExamples[] = {
    {Scheme::sgtin_plus, 3, "(01)79521141123453(21)32a/b",
     "https://id.gs1.org/01/79521141123453/21/32a%2Fb", "F73795211411234538566CB0AFC4"},
    {Scheme::dsgtin_plus, 3, "(01)79521141123453(21)32a/b(17)220630",
     "https://id.gs1.org/01/79521141123453/21/32a%2Fb", "FB342CDE795211411234538566CB0AFC4"},
    {Scheme::sscc_plus, 0, "(00)095201234567891235", "https://id.gs1.org/00/095201234567891235",
     "F90095201234567891235"},
    {Scheme::sgln_plus, 3, "(414)9521141123454(254)32a/b",
     "https://id.gs1.org/414/9521141123454/254/32a%2Fb", "F2395211411234548566CB0AFC4"},
    {Scheme::grai_plus, 3, "(8003)0952114112345432a/b",
     "https://id.gs1.org/8003/0952114112345432a%2Fb", "F13095211411234548566CB0AFC4"},
    {Scheme::giai_plus, 3, "(8004)952114132a/b", "https://id.gs1.org/8004/952114132a%2Fb",
     "FA3952114132E83C2BF10"},
};

}  // namespace

BOOST_AUTO_TEST_CASE(standard_examples_decode_to_their_element_strings) {
  for (const Example& x : kExamples) {
    BOOST_TEST_CONTEXT(x.hex) {
      Epc e = decoded(words(x.hex));
      BOOST_TEST(scheme_name(e.scheme) == scheme_name(x.scheme));
      BOOST_TEST(e.filter == x.filter);
      BOOST_TEST(*element_string(e) == x.element_string);
      // The pure identity of a "+" EPC is its Digital Link without data attributes (EPCIS 2.0).
      BOOST_TEST(pure_uri(e) == x.digital_link);
      BOOST_TEST(tag_uri(e).starts_with("urn:epc:raw:"));
    }
  }
}

BOOST_AUTO_TEST_CASE(standard_examples_encode_to_their_hex) {
  for (const Example& x : kExamples) {
    BOOST_TEST_CONTEXT(x.element_string) {
      auto e = plus_epc(x.scheme, x.filter, data(x.element_string));
      BOOST_REQUIRE_MESSAGE(e.ok(), std::string(e.ok() ? "" : e.error().message));
      BOOST_TEST(*encode_hex(*e) == words(x.hex));
    }
  }
}

BOOST_AUTO_TEST_CASE(dsgtin_plus_gives_the_pipeline_its_expiry_and_lot) {
  Gs1Data in = data("(01)09506000134352(21)S1(17)270131(10)ABC123");
  auto e = plus_epc(Scheme::dsgtin_plus, 1, in);
  BOOST_REQUIRE(e.ok());
  Epc back = decoded(*encode_hex(*e));
  BOOST_TEST(*element_string(back) == "(01)09506000134352(21)S1(17)270131(10)ABC123");
  auto d = gs1_data(back, kToday);
  BOOST_REQUIRE(d.ok());
  BOOST_TEST(*d->gtin == "09506000134352");
  BOOST_TEST(*d->serial == "S1");
  BOOST_TEST(*d->lot == "ABC123");
  BOOST_TEST(iso_date(*d->expiry) == "2027-01-31");
  // The SGTIN family resolves through the GTIN like any SGTIN.
  BOOST_TEST((family(back.scheme) == Family::sgtin));
  BOOST_TEST(*gs1_key(back) == "09506000134352");
  BOOST_TEST(*serial_text(back) == "S1");
}

BOOST_AUTO_TEST_CASE(dsgtin_plus_date_type_follows_the_date_given) {
  Gs1Data in = data("(01)09506000134352(21)7(15)270600(11)250101");
  auto e = plus_epc(Scheme::dsgtin_plus, 0, in, "11");
  BOOST_REQUIRE(e.ok());
  // Toggle 1 (the (15) follows as +AIDC data), filter 0, then date type 0000 = (11) production
  // date (TDS 14.5.3).
  BOOST_TEST(encode_hex(*e)->substr(0, 4) == "FB80");
  BOOST_TEST(*element_string(*e) == "(01)09506000134352(21)7(11)250101(15)270600");
  BOOST_TEST(!plus_epc(Scheme::dsgtin_plus, 0, data("(01)09506000134352(21)7")).ok());
}

BOOST_AUTO_TEST_CASE(aidc_data_round_trips_through_every_encoding_method) {
  // Lot values that pick each variable-length method: integer, upper and lower hex, URN Code 40,
  // base 64, 7-bit ASCII; then counts, fixed numbers, dates and the GIAI/GRAI layouts.
  const char* cases[] = {
      "(01)09506000134352(21)12345678901234567890(10)00042",
      "(01)09506000134352(21)ABCDEF(10)0A1B2C",
      "(01)09506000134352(21)abcdef(10)0a1b2c",
      "(01)09506000134352(21)LOT-2027.A:B(10)XYZXYZXYZ",
      "(01)09506000134352(21)Lot_x-1(10)aZ_9",
      "(01)09506000134352(21)a/b!c(10)%&*+,",
      "(01)09506000134352(21)1(30)99999999(37)0(02)09506000134352(20)07",
      "(01)09506000134352(21)1(16)270100(7003)2701311230(411)9521141123454",
      "(01)09506000134352(21)1(8004)952114132a/b(8003)0952114112345432a/b",
      "(01)09506000134352(21)1(8003)09521141123454(8004)A1",
      "(00)095201234567891235(402)95211411234567892(400)PO-1(240)X(250)Y(90)Z",
  };
  for (const char* c : cases) {
    BOOST_TEST_CONTEXT(c) {
      auto r = parse_gs1(c, kToday);
      BOOST_REQUIRE_MESSAGE(r.ok(), std::string(r.ok() ? "" : r.error().message));
      Scheme s = r->data.gtin ? Scheme::sgtin_plus : Scheme::sscc_plus;
      auto e = plus_epc(s, 2, r->data);
      BOOST_REQUIRE_MESSAGE(e.ok(), std::string(e.ok() ? "" : e.error().message));
      Epc back = decoded(*encode_hex(*e));
      BOOST_TEST(*element_string(back) == c);
      BOOST_TEST(back.filter == 2);
    }
  }
}

BOOST_AUTO_TEST_CASE(sgln_plus_without_extension_and_giai_plus_all_numeric) {
  auto gln = plus_epc(Scheme::sgln_plus, 0, data("(414)9521141123454"));
  BOOST_REQUIRE(gln.ok());
  BOOST_TEST(*element_string(*gln) == "(414)9521141123454");
  auto giai = plus_epc(Scheme::giai_plus, 0, data("(8004)9521141000123"));
  BOOST_REQUIRE(giai.ok());
  BOOST_TEST(*gs1_key(*giai) == "9521141000123");
  BOOST_TEST(*gs1_data(*giai, kToday)->giai == "9521141000123");
}

BOOST_AUTO_TEST_CASE(older_schemes_give_their_gs1_data_too) {
  Epc e = decoded("3074257BF7194E4000001A85");  // SGTIN-96, TDS example
  auto d = gs1_data(e, kToday);
  BOOST_REQUIRE(d.ok());
  BOOST_TEST(*d->gtin == "80614141123458");
  BOOST_TEST(*d->serial == "6789");
  BOOST_TEST(!gs1_data(decoded("E2003098881900722140369E"), kToday).ok());
}

BOOST_AUTO_TEST_CASE(plus_schemes_refuse_what_does_not_fit) {
  BOOST_TEST(!plus_epc(Scheme::sgtin_plus, 0, data("(01)09506000134352")).ok());
  BOOST_TEST(!plus_epc(Scheme::grai_plus, 0, data("(8003)09521141123454")).ok());
  BOOST_TEST(!plus_epc(Scheme::sgtin_plus, 8, data("(01)09506000134352(21)1")).ok());
  BOOST_TEST(!plus_epc(Scheme::sgtin_96, 0, data("(01)09506000134352(21)1")).ok());
  // Too much +AIDC data for 496 bits of EPC memory.
  auto big = plus_epc(Scheme::sgtin_plus, 0,
                      data("(01)09506000134352(21)a/b!c%&*+,a/b!c%&*+,(91)" + std::string(90, '!') +
                           "(92)" + std::string(90, '!')));
  BOOST_REQUIRE(!big.ok());
  BOOST_TEST(big.error().message.find("at most 496") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(plus_schemes_are_refused_where_epc_fields_or_tag_uris_are_expected) {
  auto gtin = sgtin_from_gtin("09506000134352", 7, "1", 0, Scheme::sgtin_plus);
  BOOST_REQUIRE(!gtin.ok());
  BOOST_TEST(gtin.error().message.find("built from GS1 data") != std::string::npos);
  BOOST_TEST(!parse_tag_uri("urn:epc:tag:sgtin+:3.9506000.013435.1").ok());
  BOOST_TEST(!parse_pure_uri("urn:epc:id:sgtin:9506000.013435.1", 0, Scheme::sgtin_plus).ok());
}

BOOST_AUTO_TEST_CASE(damaged_plus_tags_are_refused_naming_the_field) {
  auto error_of = [](const std::string& hex) {
    auto e = decode_hex(hex);
    BOOST_REQUIRE_MESSAGE(!e.ok(), hex + " should not decode");
    BOOST_TEST_MESSAGE(e.error().message);
    return e.error().message;
  };
  // GTIN with a wrong check digit (...53 -> ...54).
  BOOST_TEST(error_of("F73795211411234548566CB0AFC4").find("(01)") != std::string::npos);
  // DSGTIN+ date type 0111 is reserved.
  BOOST_TEST(error_of(words("FB372CDE795211411234538566CB0AFC4")).find("date type") !=
             std::string::npos);
  // A GTIN digit nibble of 0xA.
  BOOST_TEST(error_of("F737A5211411234538566CB0AFC4").find("nibble A") != std::string::npos);
  // Cut short in the serial.
  BOOST_TEST(error_of("F737952114112345385660").find("ends inside") != std::string::npos);
  // Toggle 0 but bits follow; toggle 1 with a reserved +AIDC header (0xA...).
  BOOST_TEST(error_of("F73795211411234538566CB0AFC5").find("toggle is 0") != std::string::npos);
  std::string epc_bits = bits_of("F7B795211411234538566CB0AFC4").substr(0, 111);
  BOOST_TEST(error_of(hex_of(epc_bits + "10100000")).find("header A") != std::string::npos);
  // +AIDC data of an AI rfinv does not know: header 0x05 then 0x0 ...
  BOOST_TEST(error_of(hex_of(epc_bits + "000001010000")).find("unknown AI") != std::string::npos);
  // Impossible expiry date in the DSGTIN+ date field: 27-02-30 (0011011 0010 11110 = 365E).
  BOOST_TEST(
      error_of(words("FB34365E795211411234538566CB0AFC4")).find("February 2027 has no day 30") !=
      std::string::npos);
}
