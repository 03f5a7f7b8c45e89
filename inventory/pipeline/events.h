// What the read pipeline and cycle counts left behind, for people and other systems: the
// business event log, open anomalies for the storekeeper, and the tagged units on hand.
//
// Threading: like Store, every function runs on the Store's thread. Only resolve_anomaly
// writes (one statement).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

struct EventRecord {
  std::int64_t id = 0;
  std::string key;  // unique per business event (read point, EPC, entry time, kind)
  Micros at = 0;
  // receive, issue, transfer, seen, unobserved, counted, anomaly, unknown, asset_seen,
  // count_adjust
  std::string kind;
  std::string epc;  // canonical hex
  std::optional<std::string> reader;
  std::optional<std::int64_t> antenna;
  std::optional<std::string> role;      // the read point's role
  std::optional<std::string> location;  // where it happened
  std::optional<std::string> sku;
  std::optional<std::string> asset;
  // The ledger movement the event posted, if any.
  std::optional<std::int64_t> movement_id;
  std::optional<std::string> movement_kind;
  std::optional<std::int64_t> movement_qty;
  std::optional<std::string> from_location, to_location;
  std::string detail;
};

struct EventFilter {
  std::optional<Micros> since;  // at >= since
  std::optional<Micros> until;  // at < until
};

// Oldest first (by time, then id).
Result<std::vector<EventRecord>> list_events(Store& store, const EventFilter& filter);

struct Anomaly {
  std::int64_t id = 0;
  Micros at = 0;
  std::string kind;  // issued_not_on_hand, shelf_not_on_hand, movement_refused, ...
  std::string epc;
  std::optional<std::string> sku;  // the item the tag belongs to, if it resolves to one
  std::optional<std::string> reader;
  std::optional<std::int64_t> antenna;
  std::optional<std::string> location;
  std::string detail;
  std::optional<Micros> resolved_at;
};

// Open anomalies (all when `include_resolved`), newest first.
Result<std::vector<Anomaly>> list_anomalies(Store& store, bool include_resolved);
// Marks an anomaly resolved. not_found for an unknown id, conflict when already resolved.
Status resolve_anomaly(Store& store, std::int64_t id, Micros at);

struct UnitRecord {
  std::string epc;
  std::string sku;
  std::string location;
  bool observed = true;  // false: a shelf reader stopped seeing it (still counted)
  Micros last_seen = 0;
};

struct UnitFilter {
  std::optional<std::string> location;  // this location and everything below it
  bool unobserved_only = false;
};

// Tagged units on hand, by location then EPC. not_found for an unknown location.
Result<std::vector<UnitRecord>> list_units(Store& store, const UnitFilter& filter);

}  // namespace rfinv::inventory
