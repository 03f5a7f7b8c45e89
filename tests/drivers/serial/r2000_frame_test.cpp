// The R2000 frame codec against the checked frames of PROTOCOLS.md §4.1.
#define BOOST_TEST_MODULE r2000_frame
#include "drivers/serial/internal/r2000_frame.h"

#include <boost/test/unit_test.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace r2000 = rfinv::drivers::r2000;
using Bytes = std::vector<std::uint8_t>;

namespace {

Bytes hex(std::string_view text) {
  Bytes out;
  int hi = -1;
  for (char c : text) {
    int v;
    if (c >= '0' && c <= '9')
      v = c - '0';
    else if (c >= 'a' && c <= 'f')
      v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      v = c - 'A' + 10;
    else
      continue;
    if (hi < 0) {
      hi = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(hi * 16 + v));
      hi = -1;
    }
  }
  return out;
}

// Decodes every frame in `bytes` fed in one piece; returns the messages interpreted.
std::vector<r2000::Message> decode_all(const Bytes& bytes, r2000::StreamDecoder& decoder) {
  decoder.feed(bytes);
  std::vector<r2000::Message> out;
  for (int guard = 0; guard < 1000; ++guard) {
    auto frame = decoder.next();
    if (!frame) break;
    auto message = r2000::interpret(*frame);
    BOOST_REQUIRE_MESSAGE(message.ok(), (message.ok() ? std::string() : message.error().message));
    out.push_back(std::move(message.value()));
  }
  return out;
}

const Bytes kTagFrame = hex("A0 13 01 89 04 30 00 E2 00 30 16 66 13 01 21 15 50 74 EF 45 BF");
const Bytes kTagEpc = hex("E2 00 30 16 66 13 01 21 15 50 74 EF");

}  // namespace

BOOST_AUTO_TEST_CASE(checksum_matches_the_worked_example) {
  BOOST_TEST(r2000::checksum(hex("A0 04 01 89 01")) == 0xD1);
}

BOOST_AUTO_TEST_CASE(encoder_produces_the_published_command_frames) {
  BOOST_TEST(r2000::encode_real_time_inventory(0x01, 0xFF) == hex("A0 04 01 89 FF D3"));
  BOOST_TEST(r2000::encode_real_time_inventory(0x01, 0x01) == hex("A0 04 01 89 01 D1"));
  BOOST_TEST(r2000::encode_set_work_antenna(0x01, 1) == hex("A0 04 01 74 00 E7"));
  BOOST_TEST(r2000::encode_get_firmware_version(0x01) == hex("A0 03 01 72 EA"));
  BOOST_TEST(r2000::encode(0xFF, r2000::cmd::kGetWorkAntenna, {}) == hex("A0 03 FF 75 E9"));
  BOOST_TEST(r2000::encode(0xFF, 0x71, hex("04")) == hex("A0 04 FF 71 04 E8"));
  BOOST_TEST(r2000::encode(0xFF, 0x81, hex("01 00 07 00 00 00 00")) ==
             hex("A0 0A FF 81 01 00 07 00 00 00 00 CE"));
  BOOST_TEST(r2000::encode(0xFF, r2000::cmd::kGetInventoryBuffer, {}) == hex("A0 03 FF 90 CE"));
}

BOOST_AUTO_TEST_CASE(tag_report_from_a_real_module_decodes) {
  r2000::StreamDecoder decoder;
  auto messages = decode_all(kTagFrame, decoder);
  BOOST_REQUIRE_EQUAL(messages.size(), 1u);
  const auto* tag = std::get_if<r2000::TagReport>(&messages[0]);
  BOOST_REQUIRE(tag != nullptr);
  BOOST_TEST(tag->antenna == 1);
  BOOST_TEST(tag->frequency_index == 1);
  BOOST_TEST(tag->pc == 0x3000);
  BOOST_TEST(Bytes(tag->epc.begin(), tag->epc.end()) == kTagEpc);
  BOOST_TEST(tag->rssi_raw == 0x45);
  BOOST_TEST(tag->rssi_dbm == 0x45 - 130);
}

BOOST_AUTO_TEST_CASE(replies_decode_to_their_kinds) {
  r2000::StreamDecoder decoder;
  auto messages = decode_all(hex("A0 05 01 72 01 09 DE"
                                 "A0 04 01 74 10 D7"
                                 "A0 04 01 90 38 93"
                                 "A0 19 01 90 00 01 10 30 00 E2 00 30 98 88 19 00 72 21 40 36 9E"
                                 "   4D D4 5B B4 6D E6"),
                             decoder);
  BOOST_REQUIRE_EQUAL(messages.size(), 4u);
  const auto* firmware = std::get_if<r2000::CommandReply>(&messages[0]);
  BOOST_REQUIRE(firmware != nullptr);
  BOOST_TEST(firmware->command == r2000::cmd::kGetFirmwareVersion);
  BOOST_TEST(firmware->data == hex("01 09"));
  const auto* antenna = std::get_if<r2000::CommandReply>(&messages[1]);
  BOOST_REQUIRE(antenna != nullptr);
  BOOST_TEST(antenna->data == Bytes{r2000::kSuccess});
  const auto* empty = std::get_if<r2000::ErrorReply>(&messages[2]);
  BOOST_REQUIRE(empty != nullptr);
  BOOST_TEST(empty->command == r2000::cmd::kGetInventoryBuffer);
  BOOST_TEST(r2000::error_name(empty->code) == "buffer_empty");
  const auto* buffer = std::get_if<r2000::CommandReply>(&messages[3]);
  BOOST_REQUIRE(buffer != nullptr);
  BOOST_TEST(buffer->data.size() == 0x19u - 3u);
  BOOST_TEST(decoder.bad_checksums() == 0u);
}

BOOST_AUTO_TEST_CASE(round_summaries_decode_in_both_lengths) {
  r2000::StreamDecoder decoder;
  auto messages = decode_all(r2000::encode(0x01, 0x89, hex("01 00 1D 00 00 00 07")), decoder);
  auto more = decode_all(r2000::encode(0x01, 0x89, hex("03 00 00 01 00")), decoder);
  messages.insert(messages.end(), more.begin(), more.end());
  BOOST_REQUIRE_EQUAL(messages.size(), 2u);
  const auto* long_form = std::get_if<r2000::RoundSummary>(&messages[0]);
  BOOST_REQUIRE(long_form != nullptr);
  BOOST_TEST(long_form->antenna == 2);
  BOOST_TEST(long_form->read_rate.value_or(0) == 0x1D);
  BOOST_TEST(long_form->total_reads == 7u);
  const auto* short_form = std::get_if<r2000::RoundSummary>(&messages[1]);
  BOOST_REQUIRE(short_form != nullptr);
  BOOST_TEST(short_form->antenna == 4);
  BOOST_TEST(!short_form->read_rate.has_value());
  BOOST_TEST(short_form->total_reads == 256u);
}

BOOST_AUTO_TEST_CASE(error_reply_to_inventory_names_the_code) {
  r2000::StreamDecoder decoder;
  auto messages = decode_all(r2000::encode(0x01, 0x89, hex("22")), decoder);
  BOOST_REQUIRE_EQUAL(messages.size(), 1u);
  const auto* error = std::get_if<r2000::ErrorReply>(&messages[0]);
  BOOST_REQUIRE(error != nullptr);
  BOOST_TEST(error->code == 0x22);
  BOOST_TEST(r2000::error_name(error->code) == "antenna_missing");
  BOOST_TEST(r2000::error_name(0xFE) == "unknown");
}

BOOST_AUTO_TEST_CASE(the_known_bad_checksum_frame_is_refused) {
  r2000::StreamDecoder decoder;
  decoder.feed(hex("A0 0A 01 89 00 00 1D 00 00 00 01 BC"));
  BOOST_TEST(!decoder.next().has_value());
  BOOST_TEST(decoder.bad_checksums() == 1u);
  // With the checksum the sum demands (0xAE; PROTOCOLS.md's "A8" does not verify either),
  // the same bytes are a valid summary.
  auto messages = decode_all(hex("A0 0A 01 89 00 00 1D 00 00 00 01 AE"), decoder);
  BOOST_REQUIRE_EQUAL(messages.size(), 1u);
  BOOST_TEST(std::get<r2000::RoundSummary>(messages[0]).total_reads == 1u);
}

BOOST_AUTO_TEST_CASE(garbage_and_bad_frames_between_good_frames_lose_nothing) {
  Bytes bad = kTagFrame;
  bad.back() ^= 0x55;
  Bytes stream = hex("00 13 FF A0 01 55");  // includes a head with an impossible Len
  stream.insert(stream.end(), kTagFrame.begin(), kTagFrame.end());
  stream.insert(stream.end(), bad.begin(), bad.end());
  stream.insert(stream.end(), kTagFrame.begin(), kTagFrame.end());
  const Bytes summary = r2000::encode(0x01, 0x89, hex("00 00 01 00 00 00 02"));
  stream.insert(stream.end(), summary.begin(), summary.end());

  // Byte by byte, so every frame boundary also falls across a feed().
  r2000::StreamDecoder decoder;
  std::vector<r2000::Message> messages;
  for (std::uint8_t b : stream) {
    auto part = decode_all(Bytes{b}, decoder);
    messages.insert(messages.end(), part.begin(), part.end());
  }
  BOOST_REQUIRE_EQUAL(messages.size(), 3u);
  BOOST_TEST(std::holds_alternative<r2000::TagReport>(messages[0]));
  BOOST_TEST(std::holds_alternative<r2000::TagReport>(messages[1]));
  BOOST_TEST(std::holds_alternative<r2000::RoundSummary>(messages[2]));
  BOOST_TEST(decoder.bad_checksums() >= 1u);
  BOOST_TEST(!decoder.has_partial());
}

BOOST_AUTO_TEST_CASE(a_stalled_garbage_head_is_abandoned_and_the_frame_behind_it_found) {
  r2000::StreamDecoder decoder;
  Bytes stream = hex("A0 FF");  // a head announcing 255 bytes that will never come
  stream.insert(stream.end(), kTagFrame.begin(), kTagFrame.end());
  decoder.feed(stream);
  BOOST_TEST(!decoder.next().has_value());
  BOOST_TEST(decoder.has_partial());
  decoder.abandon_partial();
  auto frame = decoder.next();
  BOOST_REQUIRE(frame.has_value());
  BOOST_TEST(frame->command == r2000::cmd::kRealTimeInventory);
  BOOST_TEST(!decoder.has_partial());
}

BOOST_AUTO_TEST_CASE(epc_length_disagreeing_with_pc_is_corrupt) {
  // PC 0x3000 announces 12 EPC bytes; this frame carries 10.
  const Bytes frame = r2000::encode(0x01, 0x89, hex("04 30 00 01 02 03 04 05 06 07 08 09 0A 45"));
  r2000::StreamDecoder decoder;
  decoder.feed(frame);
  auto decoded = decoder.next();
  BOOST_REQUIRE(decoded.has_value());
  auto message = r2000::interpret(*decoded);
  BOOST_REQUIRE(!message.ok());
  BOOST_TEST((message.error().code == rfinv::Errc::corrupt));
  BOOST_TEST(message.error().message.find("12-byte EPC") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(rssi_follows_the_module_table) {
  BOOST_TEST(r2000::rssi_to_dbm(98) == -31.0f);
  BOOST_TEST(r2000::rssi_to_dbm(90) == -39.0f);
  BOOST_TEST(r2000::rssi_to_dbm(89) == -41.0f);
  BOOST_TEST(r2000::rssi_to_dbm(31) == -99.0f);
}
