// The R2000-class "0xA0" frame protocol (UART modules, and the same bytes inside USB HID
// reports): `Head 0xA0 | Len | Address | Cmd | Data[N] | Check`, Len = N + 3, Check = two's
// complement of the byte sum from Head to the last Data byte (see PROTOCOLS.md §4.1).
//
// Pure functions and one value-type decoder; no I/O, no threads. A StreamDecoder belongs to
// one connection and is used from one strand at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "base/result.h"
#include "drivers/tag_read.h"

namespace rfinv::drivers::r2000 {

inline constexpr std::uint8_t kHead = 0xA0;
inline constexpr std::uint8_t kBroadcastAddress = 0xFF;
// Len counts Address + Cmd + Data + Check, so it is at least 3 and a frame is Len + 2 bytes.
inline constexpr std::size_t kMinLen = 3;
inline constexpr std::size_t kMaxFrameSize = 0xFF + 2;
inline constexpr std::size_t kMaxDataSize = 0xFF - kMinLen;

namespace cmd {
inline constexpr std::uint8_t kReset = 0x70;
inline constexpr std::uint8_t kGetFirmwareVersion = 0x72;
inline constexpr std::uint8_t kSetWorkAntenna = 0x74;
inline constexpr std::uint8_t kGetWorkAntenna = 0x75;
inline constexpr std::uint8_t kInventory = 0x80;
inline constexpr std::uint8_t kRealTimeInventory = 0x89;
inline constexpr std::uint8_t kGetInventoryBuffer = 0x90;
}  // namespace cmd

inline constexpr std::uint8_t kSuccess = 0x10;

// Two's complement of the 8-bit sum: appending it makes the frame sum to 0 mod 256.
std::uint8_t checksum(std::span<const std::uint8_t> bytes);

// One whole frame. REQUIRES: data.size() <= kMaxDataSize.
std::vector<std::uint8_t> encode(std::uint8_t address, std::uint8_t command,
                                 std::span<const std::uint8_t> data);
// `repeat` is the V3 "Repeat" (V2.2 "Channel") byte; 0xFF is the vendor's recommendation.
std::vector<std::uint8_t> encode_real_time_inventory(std::uint8_t address, std::uint8_t repeat);
// antenna is 1-based (1..4); the wire carries 0..3. REQUIRES: 1 <= antenna <= 4.
std::vector<std::uint8_t> encode_set_work_antenna(std::uint8_t address, std::uint8_t antenna);
std::vector<std::uint8_t> encode_get_firmware_version(std::uint8_t address);

// A checksum-valid frame as it arrived. `data` views the decoder's buffer: valid until the
// next feed() or next() on that decoder.
struct Frame {
  std::uint8_t address = 0;
  std::uint8_t command = 0;
  std::span<const std::uint8_t> data;
};

// 0x89 tag report: one per tag seen during a real-time inventory round.
struct TagReport {
  std::uint8_t antenna = 0;          // 1-based
  std::uint8_t frequency_index = 0;  // 0-6 = 865.0-868.0 MHz, 7-59 = 902.0-928.0 MHz
  std::uint16_t pc = 0;
  EpcBytes epc;
  std::uint8_t rssi_raw = 0;
  float rssi_dbm = 0;
};

// 0x89 end of round. The Len 0x0A form carries a read rate; the V2.2 Len 0x08 form does not.
struct RoundSummary {
  std::uint8_t antenna = 0;  // 1-based
  std::optional<std::uint16_t> read_rate;
  std::uint32_t total_reads = 0;
};

// `A0 04 Addr Cmd Code Check` with a code other than success.
struct ErrorReply {
  std::uint8_t command = 0;
  std::uint8_t code = 0;
};

// Any other reply (0x74 success, 0x72 firmware version, ...), kept raw.
struct CommandReply {
  std::uint8_t command = 0;
  std::vector<std::uint8_t> data;
};

using Message = std::variant<TagReport, RoundSummary, ErrorReply, CommandReply>;

// Interprets a frame by its command and length. Fails with corrupt naming the problem when a
// 0x89 frame's shape fits none of the known forms (e.g. EPC length in PC disagrees with Len).
Result<Message> interpret(const Frame& frame);

// Vendor name of a status/error byte ("antenna_missing", ...); "unknown" for others.
std::string_view error_name(std::uint8_t code);

// The IND903 table: raw 98 -> -31 dBm down to raw 31 -> -99 dBm, with a one-step jump
// between raw 89 and 90 (the module's table, not ours).
float rssi_to_dbm(std::uint8_t raw);

// Reassembles frames from an unframed byte stream. Hunts for 0xA0, waits for Len + 2 bytes,
// checks the checksum; on a bad length or checksum it drops only the head byte and hunts
// again, so a good frame hidden behind garbage is never lost.
class StreamDecoder {
 public:
  void feed(std::span<const std::uint8_t> bytes);
  // The next valid frame, or nullopt when more bytes are needed.
  std::optional<Frame> next();
  // The bytes that start a frame but have not completed it. A module sends a frame in one
  // burst, so a partial frame that stays partial through an idle period began with a garbage
  // 0xA0: drop that byte and let next() re-scan what follows.
  bool has_partial() const { return pending() > 0; }
  void abandon_partial();

  std::uint64_t discarded_bytes() const { return discarded_; }
  std::uint64_t bad_checksums() const { return bad_checksums_; }

 private:
  std::size_t pending() const { return buffer_.size() - start_; }
  void drop(std::size_t count);

  std::vector<std::uint8_t> buffer_;
  std::size_t start_ = 0;
  std::uint64_t discarded_ = 0;
  std::uint64_t bad_checksums_ = 0;
};

}  // namespace rfinv::drivers::r2000
