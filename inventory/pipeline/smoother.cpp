#include "inventory/pipeline/internal/smoother.h"

#include <boost/container_hash/hash.hpp>

namespace rfinv::inventory::pipeline {

std::size_t Smoother::KeyHash::operator()(const Key& k) const {
  std::size_t h = k.read_point;
  boost::hash_range(h, k.epc.begin(), k.epc.end());
  return h;
}

bool Smoother::on_read(std::uint32_t read_point, const Smoothing& s, const drivers::TagRead& read,
                       std::vector<Presence>& out) {
  if (s.rssi_floor && read.rssi_dbm && *read.rssi_dbm < *s.rssi_floor) return false;
  float rssi = read.rssi_dbm.value_or(0.0f);
  Micros first = read.first_seen, last = std::max(read.last_seen, read.first_seen);
  auto [it, fresh] = tracks_.try_emplace(Key{read_point, read.epc});
  Track& t = it->second;
  if (t.present) {
    if (first - t.last_seen <= s.leave_after) {
      t.last_seen = std::max(t.last_seen, last);
      return true;
    }
    // Gone longer than the leave time before expire() noticed (reads can arrive faster
    // than the clock ticks): the tag left, and this read starts a new presence.
    out.push_back({Presence::Kind::leave, read_point, read.epc, t.last_seen, 0.0f});
    t.present = false;
    t.window_start = first;
    t.reads = 0;
    t.best_rssi = rssi;
  } else if (fresh || first - t.window_start > s.window) {
    t.window_start = first;
    t.reads = 0;
    t.best_rssi = rssi;
  }
  t.last_seen = std::max(t.last_seen, last);
  t.best_rssi = std::max(t.best_rssi, rssi);
  t.reads = std::uint16_t(
      std::min<std::uint32_t>(t.reads + std::max<std::uint32_t>(read.seen_count, 1), 60000));
  if (t.reads >= s.enter_reads) {
    t.present = true;
    out.push_back({Presence::Kind::enter, read_point, read.epc, t.window_start, t.best_rssi});
  }
  return true;
}

void Smoother::expire(const std::vector<Micros>& now_by_read_point,
                      const std::vector<Smoothing>& settings, std::vector<Presence>& out) {
  boost::unordered::erase_if(tracks_, [&](auto& entry) {
    Micros now = now_by_read_point[entry.first.read_point];
    if (now == 0) return false;
    const Smoothing& s = settings[entry.first.read_point];
    const Track& t = entry.second;
    if (t.present) {
      if (now - t.last_seen <= s.leave_after) return false;
      out.push_back(
          {Presence::Kind::leave, entry.first.read_point, entry.first.epc, t.last_seen, 0.0f});
      return true;
    }
    return now - t.window_start > s.window;  // never qualified: forget it
  });
}

std::size_t Smoother::memory_bytes() const {
  // Open addressing: one slot of (key, value) per bucket, plus one metadata byte per slot.
  return tracks_.bucket_count() * (sizeof(std::pair<const Key, Track>) + 1);
}

}  // namespace rfinv::inventory::pipeline
