#define BOOST_TEST_MODULE text
#include "base/text.h"

#include <boost/test/unit_test.hpp>
#include <string>

using namespace rfinv;

namespace {

bool accepted(std::string_view text, TextKind kind = TextKind::note) {
  return check_text("field", text, kind).ok();
}

std::string refusal(std::string_view text, TextKind kind = TextKind::note) {
  auto status = check_text("item name", text, kind);
  BOOST_REQUIRE(!status);
  BOOST_TEST((status.error().code == Errc::invalid_argument));
  return status.error().message;
}

}  // namespace

BOOST_AUTO_TEST_CASE(any_language_passes_as_utf8) {
  BOOST_TEST(accepted(""));
  BOOST_TEST(accepted("Nitrile gloves L"));
  BOOST_TEST(accepted("Gants nitrile \xC3\xA9t\xC3\xA9"));  // é
  BOOST_TEST(accepted("\xE6\x89\x8B\xE5\xA5\x97"));         // CJK
  BOOST_TEST(accepted("\xF0\x9F\xA7\xA4 gloves"));          // U+1F9E4, four bytes
  BOOST_TEST(accepted("\xEF\xBF\xBD"));                     // U+FFFD itself
}

BOOST_AUTO_TEST_CASE(malformed_utf8_is_refused_with_the_offending_byte) {
  BOOST_TEST(refusal("ab\xFF") == "item name is not valid UTF-8 (byte 0xFF at offset 2)");
  BOOST_TEST(!accepted("\xC3"));              // truncated sequence
  BOOST_TEST(!accepted("\xC3("));             // bad continuation byte
  BOOST_TEST(!accepted("\xC0\xAF"));          // overlong '/'
  BOOST_TEST(!accepted("\xE0\x80\xAF"));      // overlong, three bytes
  BOOST_TEST(!accepted("\xED\xA0\x80"));      // a UTF-16 surrogate
  BOOST_TEST(!accepted("\xF4\x90\x80\x80"));  // past U+10FFFF
  BOOST_TEST(!accepted("\x80"));              // a lone continuation byte
}

BOOST_AUTO_TEST_CASE(control_characters_are_refused_terminal_escapes_included) {
  BOOST_TEST(refusal("red \x1b[31m") ==
             "item name contains the control character U+001B (character 5)");
  BOOST_TEST(!accepted(std::string("a\0b", 3)));
  BOOST_TEST(!accepted("a\tb"));
  BOOST_TEST(!accepted("a\nb"));
  BOOST_TEST(!accepted("a\x7f"));
  BOOST_TEST(!accepted("a\xC2\x9B"));  // U+009B, the one-character CSI
}

BOOST_AUTO_TEST_CASE(each_kind_caps_characters_not_bytes) {
  BOOST_TEST(max_chars(TextKind::code) == 64u);
  BOOST_TEST(max_chars(TextKind::name) == 200u);
  BOOST_TEST(max_chars(TextKind::note) == 1000u);
  BOOST_TEST(max_chars(TextKind::setting) == 4096u);
  BOOST_TEST(accepted(std::string(200, 'x'), TextKind::name));
  BOOST_TEST(refusal(std::string(201, 'x'), TextKind::name) ==
             "item name has 201 characters; at most 200 are allowed");
  std::string two_hundred_e_acute;
  for (int i = 0; i < 200; ++i) two_hundred_e_acute += "\xC3\xA9";  // 400 bytes
  BOOST_TEST(accepted(two_hundred_e_acute, TextKind::name));
  BOOST_TEST(!accepted(std::string(100'000, 'x'), TextKind::setting));
}
