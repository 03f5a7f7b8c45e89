// The simulated day that `rfinv demo` plays: a dock door (antenna 1 in, 2 out), two shelves
// (one reader, antenna 1 on shelf A, 2 on shelf B) and, later, a handheld sweeping shelf A.
//
// 10 glove cases (SGTIN 0614141.812345, serials 101-110) and 6 mask cases (0614141.054321,
// serials 201-206) arrive at 08:00. Gloves go on shelf A, masks on shelf B. From 08:01 seven
// glove cases leave through the outbound dock, one a second. At 08:01:15 mask 206 moves
// from shelf B to shelf A. At 08:01:30 glove 110 is taken off shelf A without passing a dock.
// At 10:00 a handheld sweeps shelf A and finds everything but glove 110.
#pragma once

namespace rfinv::cli {

inline constexpr const char* kDemoTags = R"(
  "tags": [
    {"group": "gloves-out", "sgtin96": {"company_prefix": "0614141", "item_reference": "812345", "serial": 101, "count": 7}},
    {"group": "gloves-stay", "sgtin96": {"company_prefix": "0614141", "item_reference": "812345", "serial": 108, "count": 2}},
    {"group": "glove-taken", "sgtin96": {"company_prefix": "0614141", "item_reference": "812345", "serial": 110, "count": 1}},
    {"group": "masks-stay", "sgtin96": {"company_prefix": "0614141", "item_reference": "054321", "serial": 201, "count": 5}},
    {"group": "mask-moved", "sgtin96": {"company_prefix": "0614141", "item_reference": "054321", "serial": 206, "count": 1}}
  ],)";

inline constexpr const char* kDemoDock = R"(
  "name": "dock door", "start": "2026-11-23T08:00:00Z", "seed": 3, "duration": 140,
  "antennas": [{"id": 1, "read_rate": 10, "miss_rate": 0.1, "rssi_mean": -50, "rssi_noise": 3},
               {"id": 2, "read_rate": 10, "miss_rate": 0.1, "rssi_mean": -50, "rssi_noise": 3}],
  "passes": [
    {"tags": ["gloves-out", "gloves-stay", "glove-taken", "masks-stay", "mask-moved"],
     "antenna": 1, "at": 1, "duration": 2, "stagger": 0.1},
    {"tags": "gloves-out", "antenna": 2, "at": 61, "duration": 1.5, "stagger": 1.0}
  ]})";

inline constexpr const char* kDemoShelves = R"(
  "name": "shelves A and B", "start": "2026-11-23T08:00:00Z", "seed": 4, "duration": 140,
  "antennas": [{"id": 1, "read_rate": 3, "miss_rate": 0.2, "rssi_mean": -60, "rssi_noise": 3},
               {"id": 2, "read_rate": 3, "miss_rate": 0.2, "rssi_mean": -60, "rssi_noise": 3}],
  "passes": [
    {"tags": "gloves-out", "antenna": 1, "at": 10, "duration": 45},
    {"tags": "gloves-stay", "antenna": 1, "at": 10, "duration": 130},
    {"tags": "glove-taken", "antenna": 1, "at": 10, "duration": 80},
    {"tags": "masks-stay", "antenna": 2, "at": 12, "duration": 128},
    {"tags": "mask-moved", "antenna": 2, "at": 12, "duration": 60},
    {"tags": "mask-moved", "antenna": 1, "at": 75, "duration": 65}
  ]})";

inline constexpr const char* kDemoHandheld = R"(
  "name": "handheld sweep of shelf A", "start": "2026-11-23T10:00:00Z", "seed": 5,
  "antennas": [{"id": 1, "read_rate": 20, "miss_rate": 0.1, "rssi_mean": -45, "rssi_noise": 3}],
  "passes": [
    {"tags": ["gloves-stay", "mask-moved"], "antenna": 1, "at": 1, "duration": 1.5, "stagger": 1}
  ]})";

}  // namespace rfinv::cli
