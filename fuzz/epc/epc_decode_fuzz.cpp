// libFuzzer target for the EPC codec. The first input byte chooses what the rest is:
// even = EPC bytes as a reader reports them, odd = text (hex, or an EPC URI). Besides
// sanitizer findings it checks the codec's own promise: whatever decodes re-encodes to
// bytes that decode to the same EPC, and whatever URI parses encodes and decodes back to it.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

#include "epc/epc.h"

namespace {

using namespace rfinv::epc;

void check_formats(const Epc& e) {
  std::string uri = tag_uri(e);
  (void)pure_uri(e);
  (void)reference_text(e);
  (void)serial_text(e);
  (void)gs1_key(e);
  (void)element_string(e);
  auto again = parse_tag_uri(uri);
  if (!again || tag_uri(*again) != uri) std::abort();
}

void round_trip(const Epc& e) {
  check_formats(e);
  auto bytes = encode(e);
  if (!bytes) std::abort();  // a decoded EPC always re-encodes
  auto back = decode(*bytes);
  if (!back || tag_uri(*back) != tag_uri(e)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  bool text = (data[0] & 1) != 0;
  std::span<const std::uint8_t> rest(data + 1, size - 1);
  if (!text) {
    if (auto e = decode(rest)) round_trip(*e);
    return 0;
  }
  std::string_view s(reinterpret_cast<const char*>(rest.data()), rest.size());
  if (auto e = decode_hex(s)) round_trip(*e);
  for (int filter : {0, 7}) {
    auto parsed = parse_uri(s, filter);
    if (!parsed || parsed->scheme == Scheme::raw) continue;
    auto bytes = encode(*parsed);
    if (!bytes) std::abort();  // parse_uri only accepts what encodes
    auto back = decode(*bytes);
    if (!back || tag_uri(*back) != tag_uri(*parsed)) std::abort();
  }
  return 0;
}
