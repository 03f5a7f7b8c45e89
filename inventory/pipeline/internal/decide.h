// Private to the pipeline: what one presence change at one read point means for the
// ledger, the tagged units, assets, counts and the event log. Runs inside the pipeline's
// batch transaction, which the caller passes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "inventory/ledger/internal/pending_totals.h"
#include "inventory/pipeline/internal/smoother.h"
#include "inventory/pipeline/pipeline.h"
#include "inventory/store/store.h"

namespace rfinv::inventory::pipeline {

// A presence change the pipeline has already routed: for portals, `direction_in` says
// which way the tag went (the portal pair is decided before this point).
struct Decision {
  enum class Action { arrive, depart, shelf_enter, shelf_leave, handheld };
  Action action;
  ReadPoint read_point;  // a copy: a decision waiting to be written outlives a reload
  drivers::EpcBytes epc;
  Micros at;                                  // entry time (leave: last read)
  std::string key_base;                       // "rp<id>" or "portal<location id>"
  std::optional<std::int64_t> count_session;  // an open count covering this read point
};

// Writes the decision's effects; appends the business events it produced. The movements'
// totals wait in `totals`, which the caller flushes before it commits.
void decide(sql::Transaction& tx, Store& store, const Decision& d, std::vector<BusinessEvent>& out,
            PipelineStats& stats, PendingTotals& totals);

}  // namespace rfinv::inventory::pipeline
