// Private to inventory/: the lot and expiry a tag's EPC carries (a DSGTIN+, or an SGTIN+ with
// +AIDC lot (10) and expiry (17)), for the movement a read of it (or a count) makes.
#pragma once

#include "base/clock.h"
#include "epc/epc.h"
#include "inventory/ledger/ledger.h"
#include "sql/database.h"

namespace rfinv::inventory::pipeline {

// Gives `r` the lot (every kind) and, on a receipt, the expiry the EPC carries, where the
// item tracks them: a plain SGTIN, or an item that tracks neither, leaves `r` as it is, so
// only "+" tags of tracked items cost a lookup. Two-digit years resolve against `at`.
void add_tag_lot(sql::Database& db, const epc::Epc& epc, std::int64_t item_id, Micros at,
                 MovementRequest& r);

}  // namespace rfinv::inventory::pipeline
