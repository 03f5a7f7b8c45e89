// Scenario files from anywhere: parse_scenario never crashes, and a scenario it accepts can
// be played (bounded here) without tripping a sanitizer, with every read inside its time.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "drivers/sim/internal/read_generator.h"
#include "drivers/sim/internal/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rfinv::drivers;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto scenario = sim::parse_scenario(text);
  if (!scenario) return 0;
  sim::ReadGenerator generator(*scenario, 1, "fuzz", 0);
  std::vector<TagRead> reads;
  for (int i = 0; i < 200 && reads.size() < 100'000; ++i) {
    if (!generator.next_interval(reads)) break;
  }
  for (const auto& read : reads)
    if (read.first_seen < 0 || read.first_seen >= scenario->duration || read.epc.empty())
      __builtin_trap();
  return 0;
}
