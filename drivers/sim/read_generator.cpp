#include "drivers/sim/internal/read_generator.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace rfinv::drivers::sim {

ReadGenerator::ReadGenerator(const Scenario& scenario, std::uint64_t seed, std::string reader,
                             Micros start)
    : scenario_(scenario),
      rng_(seed),
      reader_(std::move(reader)),
      start_(start),
      next_tag_(scenario.passes.size(), 0) {}

// Our own uniform and Gaussian draws (not std::*_distribution, whose algorithms differ between
// standard libraries), so a seed means the same reads on every platform.
double ReadGenerator::uniform() { return double(rng_() >> 11) * 0x1.0p-53; }

double ReadGenerator::gaussian() {
  if (spare_gaussian_) {
    double value = *spare_gaussian_;
    spare_gaussian_.reset();
    return value;
  }
  double u1 = 1.0 - uniform();  // (0, 1], so the log is finite
  double u2 = uniform();
  double radius = std::sqrt(-2.0 * std::log(u1));
  spare_gaussian_ = radius * std::sin(2 * std::numbers::pi * u2);
  return radius * std::cos(2 * std::numbers::pi * u2);
}

void ReadGenerator::activate(Micros until) {
  for (std::uint32_t p = 0; p < scenario_.passes.size(); ++p) {
    const Pass& pass = scenario_.passes[p];
    std::size_t& i = next_tag_[p];
    for (; i < pass.tags.size(); ++i) {
      Micros enter = pass.at + Micros(i) * pass.stagger;
      if (enter >= until) break;
      Micros leave = std::min(enter + pass.duration, scenario_.duration);
      auto phase = Micros(uniform() * double(pass.period));
      if (enter + phase < leave) active_.push_back(Stream{p, pass.tags[i], enter + phase, leave});
    }
  }
}

bool ReadGenerator::next_interval(std::vector<TagRead>& out) {
  if (end_ >= scenario_.duration) return false;
  end_ = std::min(end_ + scenario_.report_interval, scenario_.duration);
  activate(end_);
  // Reads are collected as small records and sorted before any TagRead exists: sorting
  // TagReads themselves cost most of the generator's time.
  pending_.clear();
  for (Stream& s : active_) {
    const Pass& pass = scenario_.passes[s.pass];
    Micros stop = std::min(end_, s.end);
    for (; s.next < stop; s.next += pass.period) {
      if (pass.miss_rate > 0 && uniform() < pass.miss_rate) continue;
      double rssi = pass.rssi_mean;
      if (pass.rssi_noise > 0) rssi += pass.rssi_noise * gaussian();
      rssi = std::clamp(std::round(rssi * 10) / 10, -127.0, 20.0);
      pending_.push_back(Pending{s.next, s.tag, pass.antenna, static_cast<float>(rssi)});
    }
  }
  std::erase_if(active_, [](const Stream& s) { return s.next >= s.end; });
  std::stable_sort(pending_.begin(), pending_.end(),
                   [](const Pending& a, const Pending& b) { return a.at < b.at; });
  out.reserve(out.size() + pending_.size());
  for (const Pending& p : pending_) {
    TagRead& read = out.emplace_back();
    read.reader = reader_;
    read.antenna = p.antenna;
    read.epc = scenario_.tags[p.tag];
    read.epc_bits = static_cast<std::uint16_t>(read.epc.size() * 8);
    read.rssi_dbm = p.rssi;
    read.first_seen = read.last_seen = start_ + p.at;
  }
  return true;
}

}  // namespace rfinv::drivers::sim
