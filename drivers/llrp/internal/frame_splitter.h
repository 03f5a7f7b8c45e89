// Cuts a TCP byte stream into whole LLRP messages (10-byte header: 3 reserved bits, 3-bit
// version, 10-bit type, u32 length including the header, u32 message id).
//
// Bytes are read straight into the splitter's buffer (prepare/commit), so a message split over
// many segments is assembled in place and several messages in one read are handed out one by one.
// A header whose length is below 10 or above the configured maximum, whose reserved bits are set
// or whose version is not 1 or 2 makes the stream unusable: next() fails and keeps failing until
// reset(). The buffer grows only to a validated message length, never to a claimed one.
//
// Threading: one owner at a time (the client's strand or a test); no internal locking.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "base/result.h"

namespace rfinv::drivers::llrp {

inline constexpr std::size_t kDefaultMaxMessage = 16u * 1024 * 1024;

struct Header {
  std::uint8_t version = 0;
  std::uint16_t type = 0;
  std::uint32_t length = 0;  // whole message, header included
  std::uint32_t id = 0;
};

struct Message {
  Header header;
  std::span<const std::uint8_t> body;  // length - 10 bytes
};

// Checks and decodes the first 10 bytes. REQUIRES: bytes.size() >= kHeaderSize.
Result<Header> decode_header(std::span<const std::uint8_t> bytes, std::size_t max_message);

class FrameSplitter {
 public:
  explicit FrameSplitter(std::size_t max_message = kDefaultMaxMessage);

  // A writable area of at least `min_bytes` after the unread data. Invalidates earlier
  // messages returned by next().
  std::span<std::uint8_t> prepare(std::size_t min_bytes);
  // Marks `n` bytes of the area from prepare() as received.
  void commit(std::size_t n);
  // Copies `bytes` in (for tests and fuzzing; the client reads into prepare() instead).
  void append(std::span<const std::uint8_t> bytes);

  // true and `out` set when a whole message is buffered; false when more bytes are needed;
  // an error (corrupt) naming the bad field when the stream cannot be framed. `out.body`
  // points into the buffer and stays valid until the next call of any non-const member.
  Result<bool> next(Message& out);

  // Forgets buffered bytes and any earlier error (for a new connection).
  void reset();
  std::size_t buffered() const { return end_ - begin_; }
  std::size_t max_message() const { return max_message_; }

 private:
  std::vector<std::uint8_t> buf_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
  std::size_t max_message_;
  bool failed_ = false;
};

}  // namespace rfinv::drivers::llrp
