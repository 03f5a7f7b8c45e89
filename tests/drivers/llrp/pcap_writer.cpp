#include "tests/drivers/llrp/pcap_writer.h"

#include <stdexcept>
#include <vector>

namespace rfinv::test::llrp {
namespace {

constexpr std::size_t kMss = 1460;

void le32(std::vector<std::uint8_t>& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void be16(std::vector<std::uint8_t>& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}
void be32(std::vector<std::uint8_t>& b, std::uint32_t v) {
  be16(b, static_cast<std::uint16_t>(v >> 16));
  be16(b, static_cast<std::uint16_t>(v));
}

// RFC 1071 one's-complement sum, folded.
std::uint16_t checksum(const std::uint8_t* p, std::size_t n, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < n; i += 2)
    sum += static_cast<std::uint32_t>(p[i] << 8 | p[i + 1]);
  if (n & 1) sum += static_cast<std::uint32_t>(p[n - 1] << 8);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

}  // namespace

PcapWriter::PcapWriter(const std::string& path) : out_(path, std::ios::binary) {
  if (!out_) throw std::runtime_error("cannot write " + path);
  std::vector<std::uint8_t> h;
  le32(h, 0xa1b2c3d4);
  h.push_back(2), h.push_back(0), h.push_back(4), h.push_back(0);  // version 2.4
  le32(h, 0);                                                      // thiszone
  le32(h, 0);                                                      // sigfigs
  le32(h, 65535);                                                  // snaplen
  le32(h, 1);                                                      // LINKTYPE_ETHERNET
  out_.write(reinterpret_cast<const char*>(h.data()), static_cast<std::streamsize>(h.size()));
}

void PcapWriter::add(bool from_client, std::span<const std::uint8_t> payload) {
  for (std::size_t pos = 0; pos < payload.size(); pos += kMss)
    segment(from_client, payload.subspan(pos, std::min(kMss, payload.size() - pos)));
}

void PcapWriter::segment(bool from_client, std::span<const std::uint8_t> payload) {
  const std::uint8_t client_ip[4] = {127, 0, 0, 1};
  const std::uint8_t reader_ip[4] = {127, 0, 0, 2};
  const std::uint8_t* src = from_client ? client_ip : reader_ip;
  const std::uint8_t* dst = from_client ? reader_ip : client_ip;
  std::uint16_t sport = from_client ? 40000 : 5084;
  std::uint16_t dport = from_client ? 5084 : 40000;
  std::uint32_t& seq = from_client ? client_seq_ : reader_seq_;
  std::uint32_t ack = from_client ? reader_seq_ : client_seq_;

  std::vector<std::uint8_t> f;
  const std::uint8_t macs[12] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1};
  f.insert(f.end(), macs, macs + 12);
  be16(f, 0x0800);
  std::size_t ip = f.size();
  f.push_back(0x45);
  f.push_back(0);
  be16(f, static_cast<std::uint16_t>(20 + 20 + payload.size()));
  be16(f, static_cast<std::uint16_t>(packets_));
  be16(f, 0x4000);  // don't fragment
  f.push_back(64);
  f.push_back(6);
  be16(f, 0);
  f.insert(f.end(), src, src + 4);
  f.insert(f.end(), dst, dst + 4);
  std::uint16_t ip_sum = checksum(&f[ip], 20);
  f[ip + 10] = static_cast<std::uint8_t>(ip_sum >> 8);
  f[ip + 11] = static_cast<std::uint8_t>(ip_sum);
  std::size_t tcp = f.size();
  be16(f, sport);
  be16(f, dport);
  be32(f, seq);
  be32(f, ack);
  f.push_back(5 << 4);
  f.push_back(0x18);  // PSH, ACK
  be16(f, 65535);
  be16(f, 0);
  be16(f, 0);
  f.insert(f.end(), payload.begin(), payload.end());
  // Pseudo-header: addresses, protocol, TCP length.
  std::uint32_t pseudo = 0;
  for (int i = 0; i < 4; i += 2) {
    pseudo += static_cast<std::uint32_t>(src[i] << 8 | src[i + 1]);
    pseudo += static_cast<std::uint32_t>(dst[i] << 8 | dst[i + 1]);
  }
  pseudo += 6 + static_cast<std::uint32_t>(f.size() - tcp);
  std::uint16_t tcp_sum = checksum(&f[tcp], f.size() - tcp, pseudo);
  f[tcp + 16] = static_cast<std::uint8_t>(tcp_sum >> 8);
  f[tcp + 17] = static_cast<std::uint8_t>(tcp_sum);
  seq += static_cast<std::uint32_t>(payload.size());

  ++packets_;
  std::vector<std::uint8_t> rec;
  le32(rec, 1700000000 + packets_);
  le32(rec, 0);
  le32(rec, static_cast<std::uint32_t>(f.size()));
  le32(rec, static_cast<std::uint32_t>(f.size()));
  out_.write(reinterpret_cast<const char*>(rec.data()), static_cast<std::streamsize>(rec.size()));
  out_.write(reinterpret_cast<const char*>(f.data()), static_cast<std::streamsize>(f.size()));
}

}  // namespace rfinv::test::llrp
