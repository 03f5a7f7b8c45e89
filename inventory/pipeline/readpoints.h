// Read points: one reader antenna at one location with a role, and how its reads are
// smoothed. The read pipeline turns what a read point sees into business events.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

// dock-in receives, dock-out issues, a portal pair (outer + inner antennas at one door) tells
// the direction by which antenna sees the tag first, shelf keeps presence and location,
// handheld counts.
enum class ReadPointRole { dock_in, dock_out, portal_outer, portal_inner, shelf, handheld };
std::string_view to_string(ReadPointRole role);
std::optional<ReadPointRole> parse_read_point_role(std::string_view text);

struct Smoothing {
  int enter_reads = 2;                       // a tag enters after this many reads ...
  Micros window = 2'000'000;                 // ... within this long
  Micros leave_after = 10'000'000;           // and leaves after this long unseen
  std::optional<float> rssi_floor = -70.0f;  // reads weaker than this (dBm) are ignored
};

struct ReadPoint {
  std::int64_t id = 0;
  std::string reader;
  std::uint16_t antenna = 0;
  std::int64_t location_id = 0;
  std::string location;
  ReadPointRole role = ReadPointRole::shelf;
  Smoothing smoothing;
};

struct NewReadPoint {
  std::string reader;  // must be a configured reader (rfinv reader add)
  int antenna = 0;     // 1..65535
  std::string location;
  ReadPointRole role = ReadPointRole::shelf;
  Smoothing smoothing;
  bool no_rssi_floor = false;
};

// Fails with not_found for an unknown reader or location, conflict when the antenna already
// has a read point, invalid_argument for out-of-range settings. A removed read point of the
// same reader and antenna is taken back (same id) with the new settings.
Result<ReadPoint> add_read_point(Store& store, const NewReadPoint& read_point);
// Marks the read point removed: it reads nothing more, and the history naming it stays.
// Fails with not_found when the antenna has no read point.
Status remove_read_point(Store& store, const std::string& reader, int antenna);
Result<std::vector<ReadPoint>> list_read_points(Store& store);

}  // namespace rfinv::inventory
