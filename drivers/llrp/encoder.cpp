#include "drivers/llrp/internal/encoder.h"

#include "drivers/llrp/internal/protocol.h"

namespace rfinv::drivers::llrp {

void Writer::u16(std::uint16_t v) {
  out_.push_back(static_cast<std::uint8_t>(v >> 8));
  out_.push_back(static_cast<std::uint8_t>(v));
}
void Writer::u32(std::uint32_t v) {
  u16(static_cast<std::uint16_t>(v >> 16));
  u16(static_cast<std::uint16_t>(v));
}
void Writer::u64(std::uint64_t v) {
  u32(static_cast<std::uint32_t>(v >> 32));
  u32(static_cast<std::uint32_t>(v));
}

std::size_t Writer::begin_message(std::uint16_t type, std::uint32_t id) {
  std::size_t start = out_.size();
  u16(static_cast<std::uint16_t>((kVersion101 << 10) | (type & 0x3ff)));
  u32(0);
  u32(id);
  return start;
}

void Writer::end_message(std::size_t start) {
  auto n = static_cast<std::uint32_t>(out_.size() - start);
  for (int i = 0; i < 4; ++i) out_[start + 2 + i] = static_cast<std::uint8_t>(n >> (24 - 8 * i));
}

std::size_t Writer::begin_tlv(std::uint16_t type) {
  std::size_t start = out_.size();
  u16(type & 0x3ff);
  u16(0);
  return start;
}

void Writer::end_tlv(std::size_t start) {
  auto n = static_cast<std::uint16_t>(out_.size() - start);
  out_[start + 2] = static_cast<std::uint8_t>(n >> 8);
  out_[start + 3] = static_cast<std::uint8_t>(n);
}

namespace {

void encode_rospec_id_message(Bytes& out, std::uint16_t type, std::uint32_t id,
                              std::uint32_t rospec_id) {
  Writer w(out);
  auto m = w.begin_message(type, id);
  w.u32(rospec_id);
  w.end_message(m);
}

void encode_empty(Bytes& out, std::uint16_t type, std::uint32_t id) {
  Writer w(out);
  w.end_message(w.begin_message(type, id));
}

}  // namespace

void encode_get_reader_capabilities(Bytes& out, std::uint32_t id) {
  Writer w(out);
  auto m = w.begin_message(msg::kGetReaderCapabilities, id);
  w.u8(0);  // RequestedData: all
  w.end_message(m);
}

void encode_set_reader_config(Bytes& out, std::uint32_t id, std::uint32_t keepalive_ms) {
  Writer w(out);
  auto m = w.begin_message(msg::kSetReaderConfig, id);
  w.u8(0x80);  // ResetToFactoryDefault: no ROSpecs or settings of an earlier client survive
  auto k = w.begin_tlv(param::kKeepaliveSpec);
  w.u8(keepalive_ms ? 1 : 0);  // Periodic or Null
  w.u32(keepalive_ms);
  w.end_tlv(k);
  w.end_message(m);
}

void encode_delete_rospec(Bytes& out, std::uint32_t id, std::uint32_t rospec_id) {
  encode_rospec_id_message(out, msg::kDeleteRospec, id, rospec_id);
}

void encode_add_rospec(Bytes& out, std::uint32_t id, const RospecParams& params) {
  Writer w(out);
  auto m = w.begin_message(msg::kAddRospec, id);
  auto ro = w.begin_tlv(param::kRospec);
  w.u32(params.rospec_id);
  w.u8(0);  // priority
  w.u8(0);  // current state: disabled
  auto bound = w.begin_tlv(param::kRoBoundarySpec);
  auto start = w.begin_tlv(param::kRospecStartTrigger);
  w.u8(0);  // Null: runs when START_ROSPEC arrives
  w.end_tlv(start);
  auto stop = w.begin_tlv(param::kRospecStopTrigger);
  w.u8(0);  // Null: runs until STOP_ROSPEC
  w.u32(0);
  w.end_tlv(stop);
  w.end_tlv(bound);
  auto ai = w.begin_tlv(param::kAiSpec);
  if (params.antennas.empty()) {
    w.u16(1);
    w.u16(0);  // all antennas
  } else {
    w.u16(static_cast<std::uint16_t>(params.antennas.size()));
    for (auto a : params.antennas) w.u16(a);
  }
  auto ai_stop = w.begin_tlv(param::kAiSpecStopTrigger);
  w.u8(0);
  w.u32(0);
  w.end_tlv(ai_stop);
  auto inv = w.begin_tlv(param::kInventoryParameterSpec);
  w.u16(1);
  w.u8(1);  // EPCGlobal Class1 Gen2
  w.end_tlv(inv);
  w.end_tlv(ai);
  auto rep = w.begin_tlv(param::kRoReportSpec);
  w.u8(2);  // upon N tags or end of ROSpec
  w.u16(params.report_every);
  auto sel = w.begin_tlv(param::kTagReportContentSelector);
  w.u16(kReportContent);
  w.end_tlv(sel);
  w.end_tlv(rep);
  w.end_tlv(ro);
  w.end_message(m);
}

void encode_enable_rospec(Bytes& out, std::uint32_t id, std::uint32_t rospec_id) {
  encode_rospec_id_message(out, msg::kEnableRospec, id, rospec_id);
}
void encode_start_rospec(Bytes& out, std::uint32_t id, std::uint32_t rospec_id) {
  encode_rospec_id_message(out, msg::kStartRospec, id, rospec_id);
}
void encode_stop_rospec(Bytes& out, std::uint32_t id, std::uint32_t rospec_id) {
  encode_rospec_id_message(out, msg::kStopRospec, id, rospec_id);
}
void encode_keepalive_ack(Bytes& out, std::uint32_t id) {
  encode_empty(out, msg::kKeepaliveAck, id);
}
void encode_close_connection(Bytes& out, std::uint32_t id) {
  encode_empty(out, msg::kCloseConnection, id);
}

}  // namespace rfinv::drivers::llrp
