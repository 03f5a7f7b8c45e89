// libFuzzer target for the TDS 2.x "+" decoder: the input is EPC memory as a reader reports
// it. Whatever decodes must re-encode to itself, give its GS1 data, and re-encode from that
// data (as plus_epc builds tags) to an EPC with the same elements.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "epc/epc.h"
#include "epc/tag_gs1_data.h"

namespace {

using namespace rfinv::epc;

const std::chrono::year_month_day kToday{std::chrono::year{2026}, std::chrono::December,
                                         std::chrono::day{1}};

std::vector<AiElement> sorted(std::vector<AiElement> v) {
  std::sort(v.begin(), v.end(), [](const AiElement& a, const AiElement& b) { return a.ai < b.ai; });
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto e = decode(std::span<const std::uint8_t>(data, size));
  if (!e || !is_plus(e->scheme)) return 0;
  auto bytes = encode(*e);
  if (!bytes) std::abort();
  auto back = decode(*bytes);
  if (!back || element_string(*back) != element_string(*e)) std::abort();
  (void)tag_uri(*e);
  (void)pure_uri(*e);
  (void)serial_text(*e);
  auto d = gs1_data(*e, kToday);
  if (!d) std::abort();  // decode checked every value already
  // The date a DSGTIN+ carries follows its key and serial.
  std::string date_ai = e->scheme == Scheme::dsgtin_plus ? d->elements[2].ai : "";
  auto rebuilt = plus_epc(e->scheme, e->filter, *d, date_ai);
  if (!rebuilt) std::abort();
  auto d2 = gs1_data(*rebuilt, kToday);
  if (!d2 || sorted(d2->elements) != sorted(d->elements)) std::abort();
  return 0;
}
