// Fuzzes the R2000 stream decoder and frame interpreter: arbitrary bytes, fed in arbitrary
// pieces, with stalled partial frames abandoned now and then, as the driver does on a timeout.
// Checks the decoder's promises, not just the absence of crashes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "drivers/serial/internal/r2000_frame.h"

namespace r2000 = rfinv::drivers::r2000;

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

void drain(r2000::StreamDecoder& decoder) {
  for (int guard = 0; guard < 100000; ++guard) {
    auto frame = decoder.next();
    if (!frame) return;
    // Every frame handed out is checksum-valid as re-encoded from its parts.
    check(frame->data.size() <= r2000::kMaxDataSize);
    const auto whole = r2000::encode(frame->address, frame->command, frame->data);
    std::uint8_t sum = 0;
    for (auto b : whole) sum = static_cast<std::uint8_t>(sum + b);
    check(sum == 0);
    auto message = r2000::interpret(*frame);
    if (!message) {
      check(!message.error().message.empty());
      continue;
    }
    if (const auto* tag = std::get_if<r2000::TagReport>(&*message)) {
      check(tag->epc.size() == 2u * (tag->pc >> 11));
      check(tag->antenna >= 1 && tag->antenna <= 4);
    }
    if (const auto* error = std::get_if<r2000::ErrorReply>(&*message)) {
      check(!r2000::error_name(error->code).empty());
    }
  }
  check(false);  // a bounded input cannot yield this many frames
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  // The first byte chooses the piece size (1..64) and whether to abandon stalled partials.
  const std::size_t piece = (data[0] & 0x3F) + 1;
  const bool abandon = (data[0] & 0x40) != 0;
  std::span<const std::uint8_t> rest(data + 1, size - 1);
  r2000::StreamDecoder decoder;
  while (!rest.empty()) {
    const auto n = std::min(piece, rest.size());
    decoder.feed(rest.first(n));
    rest = rest.subspan(n);
    drain(decoder);
    if (abandon && decoder.has_partial()) {
      decoder.abandon_partial();
      drain(decoder);
    }
  }
  // Abandoning partials until none is left must terminate and leave nothing behind.
  for (std::size_t guard = 0; decoder.has_partial(); ++guard) {
    check(guard <= size);
    decoder.abandon_partial();
    drain(decoder);
  }
  return 0;
}
