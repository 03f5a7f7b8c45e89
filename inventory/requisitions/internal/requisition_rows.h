// Private to inventory/requisitions: reading requisitions, the step rules (status, keys) and
// the stock each step moves, inside the caller's transaction.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "inventory/ledger/ledger.h"
#include "inventory/requisitions/requisitions.h"
#include "sql/database.h"

namespace rfinv::inventory {

std::optional<Requisition> read_requisition(sql::Database& db, std::int64_t id);
// The department a ward belongs to: its own, or the nearest one above it; none: not a ward.
std::optional<std::int64_t> ward_dept(sql::Database& db, std::int64_t location_id);
// The code of that department; none: not a ward.
std::optional<std::string> ward_dept_code(sql::Database& db, std::int64_t location_id);

// A step that may go on, or one already taken with this key (replay: return it as it is).
struct StepStart {
  Requisition requisition;
  bool replay = false;
};

// Checks `step.key` (conflict when it was used by another step or content) and the status
// (refused, naming it, unless it is one of `allowed`). On success the step may go on.
Result<StepStart> begin_step(sql::Database& db, const RequisitionStep& step, std::string_view name,
                             const std::string& content,
                             std::initializer_list<RequisitionStatus> allowed);
// Appends the step (with its key), sets the requisition's new status and reads it back.
Requisition finish_step(sql::Database& db, const RequisitionStep& step, std::string_view name,
                        const std::string& content, RequisitionStatus status);
// The key a step already used, or conflict when it names something else; nullopt when new.
Result<std::optional<std::int64_t>> keyed_step(sql::Database& db,
                                               const std::optional<std::string>& key,
                                               std::string_view name, const std::string& content);
void record_step(sql::Database& db, std::int64_t requisition_id, std::string_view name,
                 const std::string& content, const std::string& actor,
                 const std::optional<std::string>& key);

// Stock of one item at one location by lot ("" for stock not tracked by lot), first expiry
// first. `free`: only what no hold covers and no tagged unit is (what a pick may take).
struct LotOnHand {
  std::string lot;
  std::int64_t qty = 0;
};
std::vector<LotOnHand> stock_by_lot(sql::Database& db, std::int64_t item_id,
                                    std::int64_t location_id, bool free);

// A transfer of `qty` units of one lot, applied in the caller's transaction.
struct LotTransfer {
  std::string sku;
  std::string lot;
  std::int64_t qty = 0;
  std::string from, to;
  std::optional<std::string> hold;
  std::string key, reason, actor;
};
Result<PostedMovement> transfer_lot(sql::Transaction& tx, const LotTransfer& t);
// Writes off `qty` units of one lot at `at` (a negative adjustment).
Result<PostedMovement> write_off_lot(sql::Transaction& tx, const std::string& sku,
                                     const std::string& lot, std::int64_t qty,
                                     const std::string& at, const std::string& key,
                                     const std::string& reason, const std::string& actor);

}  // namespace rfinv::inventory
