// Turns a scenario into the reads it produces, one report interval at a time, with no I/O
// and no clock: the same scenario, seed and start give the same reads in the same order,
// whatever the playback speed. Private to drivers/sim.
//
// Threading: not thread-safe; the simulated reader calls it on its strand only.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "drivers/sim/internal/scenario.h"
#include "drivers/tag_read.h"

namespace rfinv::drivers::sim {

class ReadGenerator {
 public:
  // `start` is the absolute UTC time of scenario time 0. Keeps a reference to `scenario`.
  ReadGenerator(const Scenario& scenario, std::uint64_t seed, std::string reader, Micros start);

  // Appends the reads of the next report interval to `out`, ordered by time, and returns
  // true; returns false (appending nothing) once the scenario's duration is used up.
  bool next_interval(std::vector<TagRead>& out);
  // Scenario time at which the last interval returned ends.
  Micros interval_end() const { return end_; }

 private:
  // One tag in one pass's field.
  struct Stream {
    std::uint32_t pass;
    std::uint32_t tag;
    Micros next;  // next interrogation, scenario time
    Micros end;   // leaves the field
  };

  // A read before it becomes a TagRead.
  struct Pending {
    Micros at;
    std::uint32_t tag;
    std::uint16_t antenna;
    float rssi;
  };

  double uniform();   // [0, 1)
  double gaussian();  // mean 0, deviation 1
  void activate(Micros until);

  const Scenario& scenario_;
  std::mt19937_64 rng_;
  std::string reader_;
  Micros start_;
  Micros end_ = 0;
  std::vector<std::size_t> next_tag_;  // per pass: the next tag index to enter the field
  std::vector<Stream> active_;
  std::vector<Pending> pending_;
  std::optional<double> spare_gaussian_;
};

}  // namespace rfinv::drivers::sim
