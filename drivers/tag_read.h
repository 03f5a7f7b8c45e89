// The one value that crosses from drivers/ into inventory/: a tag seen by a reader antenna.
// Deliberately free of Asio and of any backend type, so inventory/ can include it alone.
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.h"

namespace rfinv::drivers {

// EPC bytes as read from the tag's EPC bank (MSB first). 32 bytes inline covers every
// TDS scheme up to GIAI-202; longer EPCs (up to 496 bits) spill to the heap.
using EpcBytes = boost::container::small_vector<std::uint8_t, 32>;

struct TagRead {
  std::string reader;         // the reader's configured name
  std::uint16_t antenna = 0;  // 1-based antenna port; 0 = unknown
  EpcBytes epc;
  std::uint16_t epc_bits = 0;     // EPC length in bits (EPCData may carry odd lengths)
  std::optional<float> rssi_dbm;  // peak RSSI when the reader reports it
  Micros first_seen = 0;          // UTC microseconds
  Micros last_seen = 0;
  std::uint32_t seen_count = 1;  // reads merged into this report by the reader
};

}  // namespace rfinv::drivers
