// Presence smoothing per (read point, EPC): a tag enters after `enter_reads` reads within
// `window`, and leaves after `leave_after` without a read; reads below the RSSI floor are
// ignored. Pure computation, no database: the pipeline feeds it reads and acts on what it
// reports. Times are the readers' timestamps, so replaying the same reads gives the same
// entries at the same times (the idempotency keys depend on that).
//
// Threading: not thread-safe; one pipeline thread owns it.
#pragma once

#include <boost/unordered/unordered_flat_map.hpp>
#include <cstdint>
#include <vector>

#include "drivers/tag_read.h"
#include "inventory/pipeline/readpoints.h"

namespace rfinv::inventory::pipeline {

struct Presence {
  enum class Kind : std::uint8_t { enter, leave };
  Kind kind;
  std::uint32_t read_point;  // index into the pipeline's read point table
  drivers::EpcBytes epc;
  Micros at;   // enter: first read of the qualifying window; leave: last read
  float rssi;  // strongest read in the qualifying window (enter), else 0
};

class Smoother {
 public:
  // Feeds one read at `read_point` (settings `s`); appends an enter to `out` when the tag
  // qualifies. Returns false when the read was below the RSSI floor.
  bool on_read(std::uint32_t read_point, const Smoothing& s, const drivers::TagRead& read,
               std::vector<Presence>& out);
  // Reports tags unseen for longer than their read point's leave time at `now[read point]`
  // (that reader's time) as leaves, and forgets tags that never qualified. `now` and
  // `settings` are indexed by read point; a read point whose `now` is 0 is left alone.
  void expire(const std::vector<Micros>& now, const std::vector<Smoothing>& settings,
              std::vector<Presence>& out);
  std::size_t tracked() const { return tracks_.size(); }
  // Bytes held by the tracking table (for the memory benchmark).
  std::size_t memory_bytes() const;

 private:
  struct Key {
    std::uint32_t read_point;
    drivers::EpcBytes epc;
    bool operator==(const Key& o) const { return read_point == o.read_point && epc == o.epc; }
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const;
  };
  struct Track {
    Micros window_start = 0;
    Micros last_seen = 0;
    float best_rssi = -1000;
    std::uint16_t reads = 0;
    bool present = false;
  };
  boost::unordered_flat_map<Key, Track, KeyHash> tracks_;
};

}  // namespace rfinv::inventory::pipeline
