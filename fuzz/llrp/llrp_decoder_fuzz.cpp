// libFuzzer target: the LLRP frame splitter fed in chunks, and every decoder on every message
// it produces. The first input byte chooses the chunk size, so split and coalesced arrivals are
// both explored. Any crash, leak, hang or sanitizer report is a finding.
#include <cstddef>
#include <cstdint>
#include <span>

#include "drivers/llrp/internal/decoder.h"
#include "drivers/llrp/internal/frame_splitter.h"

using namespace rfinv::drivers::llrp;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::size_t chunk = 1 + data[0] % 64;
  if (data[0] & 0x80) chunk = size;  // everything in one read
  std::span<const std::uint8_t> input(data + 1, size - 1);

  FrameSplitter splitter(1 << 20);
  TagBatch batch;
  ReportContext ctx{"fuzz", 1, std::optional<rfinv::Micros>(5)};
  for (std::size_t pos = 0; pos < input.size(); pos += chunk) {
    splitter.append(input.subspan(pos, std::min(chunk, input.size() - pos)));
    Message m;
    for (;;) {
      auto more = splitter.next(m);
      if (!more) return 0;  // the stream is refused; a real client drops the connection
      if (!*more) break;
      (void)walk_message(m);
      batch.clear();
      (void)decode_ro_access_report(m.body, ctx, batch);
      for (const auto& t : batch.view())
        if (t.epc.size() * 8 < t.epc_bits) __builtin_trap();  // EPC bytes must hold its bits
      (void)decode_reader_event(m.body);
      auto st = decode_status(m.body);
      if (st) (void)st->to_string();
      (void)decode_capabilities(m.body);
    }
  }
  return 0;
}
