// The read pipeline: raw tag reads in, business events out.
//
//   reads -> read point (reader, antenna) -> smoothing (enter after k reads in a window,
//   leave after t unseen, RSSI floor) -> role: dock-in receives, dock-out issues, a portal
//   pair decides the direction by which antenna saw the tag first, a shelf keeps presence
//   and moves units between locations, a handheld counts -> one transaction per batch:
//   ledger movements (with idempotency keys made from the read point, the EPC and its entry
//   time), tagged units, asset sightings, unknown tags, anomalies, count sightings and the
//   business event log.
//
// A tagged unit is one unit, identified by its EPC: receiving a tag already on hand records
// it as seen; issuing one that is not on hand is an anomaly, never negative stock; a unit a
// shelf stops seeing becomes unobserved but stays counted. Replaying the same reads (a
// reader resending, the service restarting a simulator) produces the same keys, so nothing
// counts twice.
//
// Threading: one Pipeline and its Store belong to one thread (the service's io_context).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "drivers/tag_read.h"
#include "inventory/ledger/ledger.h"
#include "inventory/pipeline/readpoints.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

struct BusinessEvent {
  std::int64_t id = 0;  // business_event row
  // receive, issue, transfer, seen, unobserved, counted, anomaly, unknown, asset_seen
  std::string kind;
  Micros at = 0;
  std::string epc;  // canonical hex
  std::string reader;
  std::uint16_t antenna = 0;
  ReadPointRole role = ReadPointRole::shelf;
  std::string location;
  std::optional<std::string> sku;
  std::optional<std::string> asset;
  std::optional<std::int64_t> movement_id;
  bool replayed = false;  // the movement was already in the ledger (same key)
  std::string detail;
  std::vector<AlertChange> alerts;
};

struct PipelineStats {
  std::uint64_t reads = 0;
  std::uint64_t below_rssi_floor = 0;
  std::uint64_t unknown_read_point = 0;  // reads from an antenna without a read point
  std::uint64_t enters = 0;
  std::uint64_t leaves = 0;
  std::uint64_t movements = 0;
  std::uint64_t replayed = 0;
  std::uint64_t anomalies = 0;
  std::uint64_t unknown_tags = 0;
};

class Pipeline {
 public:
  // Loads read points and open count sessions from the store.
  static Result<std::unique_ptr<Pipeline>> open(Store& store);
  ~Pipeline();

  // Smooths a batch of reads and writes the business events it causes, with every decision
  // still pending from earlier batches, in one transaction. Reads from unknown read points
  // are counted and skipped. Fails only when the database fails (locked past its busy
  // timeout, full, unusable): then nothing is written and the batch's decisions stay
  // pending, to be written first by the next ingest(), tick() or flush(). Nothing a reader
  // reported is dropped; the caller bounds how many may wait (pending()).
  Result<std::vector<BusinessEvent>> ingest(std::span<const drivers::TagRead> reads);
  // Lets time pass (`wall_now` is the wall clock): tags unseen too long leave their read
  // points (a shelf unit becomes unobserved). Each reader's own clock is carried forward by
  // the wall time since its last read. Call it a few times a second; it also retries what is
  // pending.
  Result<std::vector<BusinessEvent>> tick(Micros wall_now);
  // Retries the pending decisions alone. Succeeds at once when none is pending.
  Result<std::vector<BusinessEvent>> flush();
  // Decisions (presence changes) routed but not yet committed.
  std::size_t pending() const;
  // Re-reads read points and count sessions (after `rfinv readpoint add` or `count start`).
  Status reload();

  const PipelineStats& stats() const;
  std::size_t tracked_tags() const;
  std::size_t tracking_bytes() const;

 private:
  struct State;
  explicit Pipeline(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace rfinv::inventory
