// Cycle counts of tagged units: open a session for a location, let shelf and handheld read
// points inside it record what they see (the read pipeline writes count_seen), then finish it
// to compare what was seen with what the ledger says is there.
//
// A count covers its location and everything below it. A shelf read point that stops seeing
// a tag while the count is open withdraws its sighting (the tag left), unless another read
// point inside the count saw it since. Finishing sorts every seen tag and
// every unit on hand inside the location into four lists:
//   expected_seen  units on hand inside the location that were seen;
//   missing        units on hand inside the location that were not seen;
//   unexpected     seen units of items that are on hand elsewhere (belongs_at says where) or
//                  not on hand at all (belongs_at empty);
//   unknown        seen tags that resolve to no item and no asset.
// Seen asset tags are listed apart (assets are not stock).
//
// A count can be previewed any number of times while it is open (the lists as they stand,
// nothing written, the session stays open and keeps recording), then either applied or
// discarded, which closes it.
//
// Applying posts, in the same transaction that closes the session, one movement per line
// with the idempotency key "count<id>:<epc>": a missing unit is adjusted out (-1) where it was
// booked and marked not on hand; a unit on hand elsewhere is transferred to where it was
// seen; a unit not on hand anywhere is adjusted in (+1) where it was seen and booked there.
// Each is also a business event of kind count_adjust. Either everything commits or nothing.
// A closed session (applied or discarded) cannot be closed again, so its lists are never
// recomputed against a ledger that moved on.
//
// Threading: like Store, every function runs on the Store's thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/ledger/ledger.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

struct CountSession {
  std::int64_t id = 0;
  std::string location;
  Micros started_at = 0;
  std::optional<Micros> finished_at;
  bool applied = false;
  std::string actor;
  std::int64_t seen = 0;  // distinct tags recorded so far
};

// Fails with not_found for an unknown location, conflict when the location already has an
// open count.
Result<CountSession> start_count(Store& store, const std::string& location,
                                 const std::string& actor, Micros at);
// Open sessions, oldest first.
Result<std::vector<CountSession>> open_counts(Store& store);

struct CountLine {
  std::string epc;  // canonical hex
  std::string uri;  // pure identity URI, or urn:epc:raw:... when the EPC does not decode
  std::optional<std::string> sku;    // the item; empty for unknown tags and assets
  std::optional<std::string> asset;  // assets only
  // expected_seen, missing: where the unit is booked; unexpected, unknown, assets: where the
  // tag was seen.
  std::string location;
  std::optional<std::string> belongs_at;  // unexpected: where the unit is on hand, if anywhere
  // After applying: the movement posted for this line (missing, unexpected), and what was
  // done ("adjusted out", "transferred", "adjusted in", "marked not on hand").
  std::optional<std::int64_t> movement_id;
  std::string applied;
  std::vector<AlertChange> alerts;
};

struct CountReport {
  CountSession session;  // as finished
  std::vector<CountLine> expected_seen, missing, unexpected, unknown, assets;
};

// Which session to finish: by id, by location, or (both empty) the only open one.
struct CountSelector {
  std::optional<std::int64_t> id;
  std::optional<std::string> location;
};

enum class CountFinish {
  preview,  // the lists; nothing written, the session stays open
  apply,    // post the adjustments (see above) and close the session
  discard,  // close the session, posting nothing
};

// Lists the session's differences and does `how`. Fails with not_found when no open session
// matches (or there is none), invalid_argument when several are open and none was chosen,
// conflict when the chosen session is already closed; then nothing is written.
Result<CountReport> finish_count(Store& store, const CountSelector& which, CountFinish how,
                                 const std::string& actor, Micros at);

}  // namespace rfinv::inventory
