// Big-endian bit access over EPC memory (bit 0 = most significant bit of byte 0), as the
// TDS lays fields out. Private to the codec.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <span>

#include "epc/epc.h"

namespace rfinv::epc::detail {

// Reads fields of up to 64 bits. The input is copied into a zero-padded buffer so every
// read is one unaligned 8-byte load, whatever the position; that keeps decode branch-light.
class BitReader {
 public:
  explicit BitReader(std::span<const std::uint8_t> bytes) {
    std::memcpy(buf_.data(), bytes.data(), bytes.size());
  }

  // The next `n` bits (0 <= n <= 64) as an unsigned integer.
  std::uint64_t read(int n) {
    if (n <= 56) {
      std::uint64_t v = peek56(pos_, n);
      pos_ += n;
      return v;
    }
    std::uint64_t high = read(n - 32);
    return (high << 32) | read(32);
  }
  void skip(int n) { pos_ += n; }
  int position() const { return pos_; }

 private:
  std::uint64_t peek56(int pos, int n) const {
    if (n == 0) return 0;
    std::uint64_t word;
    std::memcpy(&word, buf_.data() + pos / 8, 8);
    word = __builtin_bswap64(word);
    return (word << (pos % 8)) >> (64 - n);
  }

  std::array<std::uint8_t, kMaxEpcBytes + 16> buf_{};
  int pos_ = 0;
};

// Reads fields of exactly 12 bytes (a 96-bit EPC) from a 128-bit register: the hot path.
class Reader96 {
 public:
  explicit Reader96(const std::uint8_t* bytes) {
    std::uint64_t hi;
    std::uint32_t lo;
    std::memcpy(&hi, bytes, 8);
    std::memcpy(&lo, bytes + 8, 4);
    bits_ = (static_cast<unsigned __int128>(__builtin_bswap64(hi)) << 64) |
            (static_cast<unsigned __int128>(__builtin_bswap32(lo)) << 32);
  }

  // The next `n` bits (0 <= n <= 64).
  std::uint64_t read(int n) {
    if (n == 0) return 0;
    auto v = static_cast<std::uint64_t>(bits_ >> (128 - n));
    bits_ <<= n;
    return v;
  }
  void skip(int n) { bits_ <<= n; }

 private:
  unsigned __int128 bits_;
};

// Writes fields of up to 64 bits into a zeroed buffer.
class BitWriter {
 public:
  void write(std::uint64_t value, int n) {
    for (int i = n - 1; i >= 0; --i) {
      if ((value >> i) & 1u) buf_[pos_ / 8] |= static_cast<std::uint8_t>(0x80u >> (pos_ % 8));
      ++pos_;
    }
  }
  int position() const { return pos_; }
  const std::array<std::uint8_t, kMaxEpcBytes + 8>& bytes() const { return buf_; }

 private:
  std::array<std::uint8_t, kMaxEpcBytes + 8> buf_{};
  int pos_ = 0;
};

}  // namespace rfinv::epc::detail
