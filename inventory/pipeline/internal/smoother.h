// Presence smoothing per (read point, EPC): a tag enters after `enter_reads` reads within
// `window`, and leaves after `leave_after` without a read; reads below the RSSI floor are
// ignored. Pure computation, no database: the pipeline feeds it reads and acts on what it
// reports. Times are the readers' timestamps, so replaying the same reads gives the same
// entries at the same times (the idempotency keys depend on that).
//
// Memory: a million tags may be in view at once, so a tracked tag costs one 48-byte slot of
// an open-addressing table (under 128 bytes per tag at any load factor). EPCs of up to 128
// bits, every common scheme, are held inline in the key; longer ones (SGTIN-198, GIAI-202,
// "+" schemes) go to a second table keyed by the full bytes.
//
// Threading: not thread-safe; one pipeline thread owns it.
#pragma once

#include <array>
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
  std::size_t tracked() const { return short_.size() + long_.size(); }
  // Bytes held by the tracking tables (for the memory benchmark).
  std::size_t memory_bytes() const;

  static constexpr std::size_t kInlineEpc = 16;

 private:
  // An EPC of up to kInlineEpc bytes, with its length (96-bit and 64-bit EPCs differ).
  struct ShortKey {
    std::uint32_t read_point;
    std::uint8_t size;
    std::array<std::uint8_t, kInlineEpc> epc;
    bool operator==(const ShortKey& o) const {
      return read_point == o.read_point && size == o.size && epc == o.epc;
    }
    drivers::EpcBytes bytes() const { return drivers::EpcBytes(epc.begin(), epc.begin() + size); }
  };
  struct LongKey {
    std::uint32_t read_point;
    drivers::EpcBytes epc;
    bool operator==(const LongKey& o) const { return read_point == o.read_point && epc == o.epc; }
    const drivers::EpcBytes& bytes() const { return epc; }
  };
  struct KeyHash {
    std::size_t operator()(const ShortKey& k) const;
    std::size_t operator()(const LongKey& k) const;
  };
  struct Track {
    Micros window_start = 0;
    Micros last_seen = 0;
    float best_rssi = -1000;
    std::uint16_t reads = 0;
    bool present = false;
  };
  template <class Key>
  using Table = boost::unordered_flat_map<Key, Track, KeyHash>;

  void update(Track& t, bool fresh, std::uint32_t read_point, const Smoothing& s,
              const drivers::TagRead& read, std::vector<Presence>& out);
  template <class Key>
  static void expire_in(Table<Key>& table, const std::vector<Micros>& now,
                        const std::vector<Smoothing>& settings, std::vector<Presence>& out);

  Table<ShortKey> short_;
  Table<LongKey> long_;
};

}  // namespace rfinv::inventory::pipeline
