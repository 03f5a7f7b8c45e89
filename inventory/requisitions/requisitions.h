// Ward requisitions: a ward (a location with its department) asks a store for consumables.
//
// A requisition moves through requested -> approved -> picked -> shipped -> (partially_received)
// -> received, or ends closed (received with a shortfall) or cancelled. Each step is one
// IMMEDIATE transaction; a step asked for in the wrong status is refused naming the status. A
// step may carry an idempotency key: repeating it with the same key and content changes
// nothing and returns the requisition (replayed); a key used for anything else is a conflict.
//
// Stock: pick holds the picked units at the store, per lot (inventory/ledger/holds.h, hold
// "requisition:ID:SKU:LOT" on lot LOT), so nobody else issues them; ship transfers exactly those
// lots, drawing their holds, into the requisition's own transit location (TRANSIT-RID, a zone
// under the site TRANSIT), which no stock figure of the store or the ward counts, held there
// again; receive transfers from there to the ward.
//
// Threading: like Store; every function runs on the Store's thread.
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

enum class RequisitionStatus {
  requested,
  approved,
  picked,
  shipped,
  partially_received,
  received,
  closed,
  cancelled
};
std::string_view to_string(RequisitionStatus status);
std::optional<RequisitionStatus> parse_requisition_status(std::string_view text);

struct RequestedQty {
  std::string sku;
  std::int64_t qty = 0;  // 1..kMaxQuantity
};

struct NewRequisition {
  std::string from;  // the store's location code
  std::string to;    // the ward's location code: it, or a location above it, has a department
  std::vector<RequestedQty> lines;  // one per SKU
  std::optional<std::string> note;
  std::string actor;
  std::optional<std::string> key;
  bool par_level = false;  // raised by a par level (raise_par_requisitions), not by a person
};

// What pick set aside of one lot ("" for an item not tracked by lot), and how it went on.
struct RequisitionLot {
  std::string lot;
  std::int64_t picked = 0;
  std::int64_t shipped = 0;
};

struct RequisitionLine {
  std::string sku;
  std::string name;
  std::string unit;
  std::int64_t qty = 0;  // asked for
  std::int64_t picked = 0;
  std::int64_t shipped = 0;
  std::int64_t received = 0;
  bool closed = false;
  std::int64_t shortfall = 0;  // qty - received, once the line closed short
  std::vector<RequisitionLot> lots;
};

struct Requisition {
  std::int64_t id = 0;
  std::string from, to, dept;
  RequisitionStatus status = RequisitionStatus::requested;
  std::string origin;  // "manual", or "par_level" when `rfinv run` raised it
  std::optional<std::string> note;
  std::optional<std::string> transit;  // the transit location, once shipped
  std::string created_by;
  Micros created_at = 0;
  std::optional<std::string> approved_by;
  Micros updated_at = 0;
  std::vector<RequisitionLine> lines;
};

struct RequisitionStep {
  std::int64_t id = 0;  // the requisition
  std::string actor;
  std::optional<std::string> key;
};

struct StepDone {
  Requisition requisition;
  bool replayed = false;  // the key was used by this very step before; nothing changed
};

// invalid_argument for a bad quantity, no lines, a SKU twice, the same location twice or a
// ward without a department; not_found for an unknown SKU or location.
Result<StepDone> create_requisition(Store& store, const NewRequisition& request);
// Who may approve is the caller's rule (service/); this records `step.actor`.
Result<StepDone> approve_requisition(Store& store, const RequisitionStep& step);
// Holds, per line, what is free at the store (less tagged units, which move by their tags), up
// to the quantity asked, lot by lot first-expiry-first-out. refused when nothing is free.
Result<StepDone> pick_requisition(Store& store, const RequisitionStep& step);
// Moves the picked units into transit, lot by lot as picked (less what a count found missing
// of them since); a line nothing was shipped of closes short.
Result<StepDone> ship_requisition(Store& store, const RequisitionStep& step);
// Moves `lines` (all that is still in transit when empty) to the ward; a line closes when all
// that was shipped of it arrived (short when less was shipped than asked). refused for more
// than a line has in transit. Status received once every line closed, else
// partially_received.
Result<StepDone> receive_requisition(Store& store, const RequisitionStep& step,
                                     const std::vector<RequestedQty>& lines);
// The ward will receive no more: what is still in transit is written off as lost (an
// adjustment at the transit location, reason `reason`) and every open line closes short.
// Status closed.
Result<StepDone> close_requisition(Store& store, const RequisitionStep& step,
                                   const std::string& reason);
// Before ship: releases the holds. After ship: what is still in transit goes back to the store.
// refused once received, closed or cancelled.
Result<StepDone> cancel_requisition(Store& store, const RequisitionStep& step);

Result<std::vector<Requisition>> list_requisitions(Store& store,
                                                   std::optional<RequisitionStatus> status);
// not_found for an unknown id.
Result<Requisition> get_requisition(Store& store, std::int64_t id);
// The code of the department whose ward `location` is (its own department, or the nearest
// above it), as create_requisition records it. not_found for an unknown location,
// invalid_argument for one that is no ward.
Result<std::string> ward_department(Store& store, const std::string& location);

// Par levels: for every location level (inventory/ledger/levels.h) with a reorder point at a
// ward, a requisition from `store_location` when the ward's stock (it and everything below it)
// is at or below the reorder point and no open requisition to that ward asks for the item.
// Each is its own transaction. Returns the requisitions raised.
Result<std::vector<Requisition>> raise_par_requisitions(Store& store,
                                                        const std::string& store_location);

}  // namespace rfinv::inventory
