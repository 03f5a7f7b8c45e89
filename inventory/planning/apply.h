// Applying proposed levels (`rfinv plan apply`): every changed level, through the ledger's
// level-setting use case (inventory/ledger/levels.h, which re-evaluates the alerts), with an
// audit record (who, when, old -> new, the method) per change, in one IMMEDIATE transaction
// under one idempotency key. A key already used changes nothing and returns what it did
// (replayed). Levels already at the proposal are left alone, so applying twice changes
// nothing the second time even under another key. Lines without a proposal (short history,
// no demand) keep their hand-set levels.
//
// Threading: like Store, on the Store's thread.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/planning/plan.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

struct LevelChange {
  std::string sku;
  std::optional<std::string> location;
  Levels before, after;
  std::string method;
};

struct AppliedPlan {
  std::string key;
  bool replayed = false;  // the key was used before; nothing changed now
  std::vector<LevelChange> changed;
  std::size_t unchanged = 0;  // lines already at their proposal
  std::size_t kept = 0;       // lines without a proposal: hand-set levels kept
};

// The default key: "plan:" + the week of `now` + a digest of the proposals, so the same
// plan applied again in the same week is recognised.
std::string plan_apply_key(std::span<const PlanLine> lines, Micros now);

// REQUIRES: lines come from compute_plans. `key` defaults to plan_apply_key.
Result<AppliedPlan> apply_plans(Store& store, std::span<const PlanLine> lines,
                                const std::string& actor, const std::optional<std::string>& key,
                                Micros now);

}  // namespace rfinv::inventory
