// Encoding of the messages the client sends (LLRP 1.0.1, version 1 header), and the small
// big-endian Writer they are built with (also used by the test reader simulator).
//
// Threading: pure functions; a Writer has one owner.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace rfinv::drivers::llrp {

using Bytes = std::vector<std::uint8_t>;

class Writer {
 public:
  explicit Writer(Bytes& out) : out_(out) {}
  void u8(std::uint8_t v) { out_.push_back(v); }
  void u16(std::uint16_t v);
  void u32(std::uint32_t v);
  void u64(std::uint64_t v);
  void bytes(std::span<const std::uint8_t> v) { out_.insert(out_.end(), v.begin(), v.end()); }
  // Starts a message header or a TLV parameter; end() patches its length field.
  std::size_t begin_message(std::uint16_t type, std::uint32_t id);
  void end_message(std::size_t start);
  std::size_t begin_tlv(std::uint16_t type);
  void end_tlv(std::size_t start);
  void tv(std::uint8_t type) { u8(static_cast<std::uint8_t>(0x80 | type)); }

 private:
  Bytes& out_;
};

// The selector flags the client asks for: AntennaID, PeakRSSI, First/LastSeenTimestamp,
// TagSeenCount (LLRP 1.0.1 §13.2.1.1).
inline constexpr std::uint16_t kReportContent = 0x1000 | 0x0400 | 0x0200 | 0x0100 | 0x0080;

struct RospecParams {
  std::uint32_t rospec_id = 1;
  std::vector<std::uint16_t> antennas;  // empty = all antennas (AntennaID 0)
  std::uint16_t report_every = 1;       // ROReportSpec N: a report after this many tags
};

// Each appends one whole message to `out`.
void encode_get_reader_capabilities(Bytes& out, std::uint32_t id);
// ResetToFactoryDefault, then a periodic KeepaliveSpec (0 ms = no keepalives).
void encode_set_reader_config(Bytes& out, std::uint32_t id, std::uint32_t keepalive_ms);
void encode_delete_rospec(Bytes& out, std::uint32_t id, std::uint32_t rospec_id);  // 0 = all
// A continuous ROSpec: Null start trigger (started by START_ROSPEC), Null stop trigger, one
// AISpec with a Null stop trigger and a C1G2 InventoryParameterSpec, and an ROReportSpec
// "upon N tags or end of ROSpec" with kReportContent.
void encode_add_rospec(Bytes& out, std::uint32_t id, const RospecParams& params);
void encode_enable_rospec(Bytes& out, std::uint32_t id, std::uint32_t rospec_id);
void encode_start_rospec(Bytes& out, std::uint32_t id, std::uint32_t rospec_id);
void encode_stop_rospec(Bytes& out, std::uint32_t id, std::uint32_t rospec_id);
void encode_keepalive_ack(Bytes& out, std::uint32_t id);
void encode_close_connection(Bytes& out, std::uint32_t id);

}  // namespace rfinv::drivers::llrp
