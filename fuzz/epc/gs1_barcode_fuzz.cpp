// libFuzzer target for the GS1 barcode parser (epc/gs1_element_string.h): the input is what a
// scanner might send. Besides sanitizer findings it checks the parser's promise in both
// directions: whatever parses re-parses from its raw form (behind ]C1), from its Digital Link
// when it has a primary key, and from its element string (unless a value holds "(": that
// form cannot carry one, see the README), to the same elements.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "epc/gs1_element_string.h"

namespace {

using namespace rfinv::epc;

const std::chrono::year_month_day kToday{std::chrono::year{2026}, std::chrono::December,
                                         std::chrono::day{1}};

std::vector<AiElement> sorted(std::vector<AiElement> v) {
  std::sort(v.begin(), v.end(), [](const AiElement& a, const AiElement& b) { return a.ai < b.ai; });
  return v;
}

void same_elements(const Gs1Data& d, std::string_view text) {
  auto again = parse_gs1(text, kToday);
  if (!again || sorted(again->data.elements) != sorted(d.elements)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto scan = parse_gs1(text, kToday);
  if (!scan) return 0;
  const Gs1Data& d = scan->data;
  same_elements(d, "]C1" + to_raw(d));
  if (auto dl = to_digital_link(d)) same_elements(d, *dl);
  bool paren = std::any_of(d.elements.begin(), d.elements.end(), [](const AiElement& e) {
    return e.value.find('(') != std::string::npos;
  });
  if (!paren) same_elements(d, to_bracketed(d));
  return 0;
}
