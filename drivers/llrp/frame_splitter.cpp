#include "drivers/llrp/internal/frame_splitter.h"

#include <algorithm>
#include <cstring>

#include "drivers/llrp/internal/protocol.h"

namespace rfinv::drivers::llrp {

Result<Header> decode_header(std::span<const std::uint8_t> bytes, std::size_t max_message) {
  const std::uint8_t* p = bytes.data();
  std::uint16_t first = get_u16(p);
  Header h;
  h.version = static_cast<std::uint8_t>((first >> 10) & 0x7);
  h.type = first & 0x3ff;
  h.length = get_u32(p + 2);
  h.id = get_u32(p + 6);
  if ((first >> 13) != 0)
    return make_error(Errc::corrupt, "LLRP header: reserved bits set (first bytes {:02x} {:02x})",
                      p[0], p[1]);
  if (h.version != kVersion101 && h.version != kVersion11)
    return make_error(Errc::corrupt, "LLRP header: unsupported version {} (type {})", h.version,
                      h.type);
  if (h.length < kHeaderSize)
    return make_error(Errc::corrupt, "LLRP header: message length {} is below the 10-byte header",
                      h.length);
  if (h.length > max_message)
    return make_error(Errc::corrupt, "LLRP header: message length {} exceeds the {}-byte limit",
                      h.length, max_message);
  return h;
}

FrameSplitter::FrameSplitter(std::size_t max_message)
    : max_message_(std::max(max_message, kHeaderSize)) {}

std::span<std::uint8_t> FrameSplitter::prepare(std::size_t min_bytes) {
  if (begin_ == end_) begin_ = end_ = 0;
  if (buf_.size() - end_ < min_bytes) {
    if (begin_ > 0) {
      std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (buf_.size() - end_ < min_bytes) buf_.resize(end_ + min_bytes);
  }
  return {buf_.data() + end_, buf_.size() - end_};
}

void FrameSplitter::commit(std::size_t n) { end_ = std::min(end_ + n, buf_.size()); }

void FrameSplitter::append(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return;
  auto area = prepare(bytes.size());
  std::memcpy(area.data(), bytes.data(), bytes.size());
  commit(bytes.size());
}

Result<bool> FrameSplitter::next(Message& out) {
  if (failed_) return make_error(Errc::corrupt, "LLRP stream already failed to frame");
  std::size_t avail = end_ - begin_;
  if (avail < kHeaderSize) return false;
  auto header = decode_header({buf_.data() + begin_, avail}, max_message_);
  if (!header) {
    failed_ = true;
    return header.error();
  }
  if (avail < header->length) {
    // Make room for the whole (validated) message so the next read can complete it.
    if (buf_.size() - begin_ < header->length) prepare(header->length - avail);
    return false;
  }
  out.header = *header;
  out.body = {buf_.data() + begin_ + kHeaderSize, header->length - kHeaderSize};
  begin_ += header->length;
  return true;
}

void FrameSplitter::reset() {
  begin_ = end_ = 0;
  failed_ = false;
}

}  // namespace rfinv::drivers::llrp
