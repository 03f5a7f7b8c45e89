#include "inventory/pipeline/internal/smoother.h"

#include <boost/container_hash/hash.hpp>
#include <cstring>

namespace rfinv::inventory::pipeline {

std::size_t Smoother::KeyHash::operator()(const ShortKey& k) const {
  // Two word loads instead of a byte loop: this runs once per read.
  std::uint64_t words[2];
  std::memcpy(words, k.epc.data(), sizeof words);
  std::size_t h = (std::size_t(k.read_point) << 8) | k.size;
  boost::hash_combine(h, words[0]);
  boost::hash_combine(h, words[1]);
  return h;
}

std::size_t Smoother::KeyHash::operator()(const LongKey& k) const {
  std::size_t h = k.read_point;
  boost::hash_range(h, k.epc.begin(), k.epc.end());
  return h;
}

bool Smoother::on_read(std::uint32_t read_point, const Smoothing& s, const drivers::TagRead& read,
                       std::vector<Presence>& out) {
  if (s.rssi_floor && read.rssi_dbm && *read.rssi_dbm < *s.rssi_floor) return false;
  if (read.epc.size() <= kInlineEpc) {
    ShortKey key{read_point, std::uint8_t(read.epc.size()), {}};
    std::memcpy(key.epc.data(), read.epc.data(), read.epc.size());
    auto [it, fresh] = short_.try_emplace(key);
    update(it->second, fresh, read_point, s, read, out);
  } else {
    auto [it, fresh] = long_.try_emplace(LongKey{read_point, read.epc});
    update(it->second, fresh, read_point, s, read, out);
  }
  return true;
}

void Smoother::update(Track& t, bool fresh, std::uint32_t read_point, const Smoothing& s,
                      const drivers::TagRead& read, std::vector<Presence>& out) {
  float rssi = read.rssi_dbm.value_or(0.0f);
  Micros first = read.first_seen, last = std::max(read.last_seen, read.first_seen);
  if (t.present) {
    if (first - t.last_seen <= s.leave_after) {
      t.last_seen = std::max(t.last_seen, last);
      return;
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
}

template <class Key>
void Smoother::expire_in(Table<Key>& table, const std::vector<Micros>& now_by_read_point,
                         const std::vector<Smoothing>& settings, std::vector<Presence>& out) {
  boost::unordered::erase_if(table, [&](auto& entry) {
    Micros now = now_by_read_point[entry.first.read_point];
    if (now == 0) return false;
    const Smoothing& s = settings[entry.first.read_point];
    const Track& t = entry.second;
    if (t.present) {
      if (now - t.last_seen <= s.leave_after) return false;
      out.push_back(
          {Presence::Kind::leave, entry.first.read_point, entry.first.bytes(), t.last_seen, 0.0f});
      return true;
    }
    return now - t.window_start > s.window;  // never qualified: forget it
  });
}

void Smoother::expire(const std::vector<Micros>& now_by_read_point,
                      const std::vector<Smoothing>& settings, std::vector<Presence>& out) {
  expire_in(short_, now_by_read_point, settings, out);
  expire_in(long_, now_by_read_point, settings, out);
}

std::size_t Smoother::memory_bytes() const {
  // Open addressing: one slot of (key, value) per bucket, plus one metadata byte per slot; a
  // long EPC's bytes beyond the key's inline buffer are not counted.
  return short_.bucket_count() * (sizeof(std::pair<const ShortKey, Track>) + 1) +
         long_.bucket_count() * (sizeof(std::pair<const LongKey, Track>) + 1);
}

}  // namespace rfinv::inventory::pipeline
