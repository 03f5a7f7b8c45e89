// Writes TCP payloads into a classic pcap file (Ethernet / IPv4 / TCP, port 40000 <-> 5084,
// valid checksums, continuous sequence numbers, payloads over 1460 bytes cut into segments)
// so that Wireshark's LLRP dissector (tshark) can check bytes the client sent or received.
//
// Threading: one owner.
#pragma once

#include <cstdint>
#include <fstream>
#include <span>
#include <string>

namespace rfinv::test::llrp {

class PcapWriter {
 public:
  explicit PcapWriter(const std::string& path);  // throws std::runtime_error if it cannot open
  // Appends `payload` as sent by the client (to port 5084) or by the reader (from port 5084).
  void add(bool from_client, std::span<const std::uint8_t> payload);

 private:
  void segment(bool from_client, std::span<const std::uint8_t> payload);
  std::ofstream out_;
  std::uint32_t client_seq_ = 5000;
  std::uint32_t reader_seq_ = 1000;
  std::uint32_t packets_ = 0;
};

}  // namespace rfinv::test::llrp
