// A simulator scenario: antennas, tags and timed passes of tags through antenna fields,
// loaded from JSON and fully validated, so playing it can never fail. Private to drivers/sim.
//
// File format (times in seconds of scenario time; // comments and trailing commas allowed):
//   {
//     "name": "dock door 1",                 optional
//     "start": "2026-11-23T08:00:00Z",       optional; the time of scenario second 0 (default: now)
//     "seed": 7,                             optional; default 1; sim://...?seed=N overrides
//     "duration": 30,                        optional; default: the end of the last pass
//     "report_interval": 0.05,               optional; reads are delivered in batches this long
//     "antennas": [{"id": 1, "read_rate": 20, "miss_rate": 0.1,
//                   "rssi_mean": -55, "rssi_noise": 3}],
//     "tags": [{"group": "pallet", "sgtin96": {"company_prefix": "0614141",
//                  "item_reference": "812345", "serial": 1000, "count": 200, "filter": 1}},
//              {"group": "case", "epc": "3074257BF7194E4000001A85"},
//              {"group": "shelf", "epcs": ["E2801160600002054E2D79A5", "..."]},
//              {"group": "bins", "hex_range": {"first": "E2000000000000000000000001",
//                                              "count": 50}}],
//     "passes": [{"tags": "pallet", "antenna": 1, "at": 0, "duration": 2,
//                 "stagger": 0.01, "read_rate": 5, "miss_rate": 0.5, "rssi_offset": -20}]
//   }
// A pass puts the tags of its group(s) (a string or an array of group names, in order) into
// one antenna's field: tag i is in the field during [at + i*stagger, at + i*stagger + duration).
// While in a field a tag is interrogated read_rate times a second (the antenna's rate unless
// the pass overrides it) with a random phase; each attempt is missed with probability
// miss_rate; a read's RSSI is rssi_mean + rssi_offset + Gaussian noise of rssi_noise dB.
// Unknown fields are errors, so a typo never silently changes a test. At most 2,000,000 tags,
// each EPC once.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "drivers/tag_read.h"

namespace rfinv::drivers::sim {

struct Antenna {
  std::uint16_t id = 0;
  double read_rate = 10;  // interrogations per second per tag in the field
  double miss_rate = 0;   // probability that one interrogation yields no read
  double rssi_mean = -60;
  double rssi_noise = 2;  // standard deviation, dB
};

struct Pass {
  std::vector<std::uint32_t> tags;  // indices into Scenario::tags, in field-entry order
  std::uint16_t antenna = 0;
  Micros at = 0;  // scenario time
  Micros duration = 0;
  Micros stagger = 0;
  // Resolved from the antenna and the pass's overrides.
  Micros period = 0;  // between interrogations of one tag
  double miss_rate = 0;
  double rssi_mean = 0;
  double rssi_noise = 0;
};

struct Scenario {
  std::string name;
  std::optional<Micros> start;  // absolute UTC of scenario time 0; nullopt = when opened
  std::uint64_t seed = 1;
  Micros duration = 0;  // scenario time at which the reader reports "scenario finished"
  Micros report_interval = 50'000;
  std::vector<Antenna> antennas;
  std::vector<EpcBytes> tags;  // every EPC once, in file order
  // Tag group name -> indices into `tags`, in file order.
  std::map<std::string, std::vector<std::uint32_t>, std::less<>> groups;
  std::vector<Pass> passes;
};

// Fails with invalid_argument naming the JSON path of the bad field, e.g.
// "scenario passes[2].antenna: no antenna with id 3".
Result<Scenario> parse_scenario(std::string_view json_text);
// Reads and parses a scenario file; fails with io when the file cannot be read.
Result<Scenario> load_scenario(const std::string& path);

// The SGTIN-96 EPC for a GS1 company prefix (6-12 digits), an item reference with its
// indicator digit (13 minus the prefix's digits) and a serial below 2^38.
Result<EpcBytes> encode_sgtin96(unsigned filter, std::string_view company_prefix,
                                std::string_view item_reference, std::uint64_t serial);

}  // namespace rfinv::drivers::sim
