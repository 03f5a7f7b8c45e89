#include "sync/node/sync_status.h"

namespace rfinv::sync {

Result<SyncStatus> sync_status(inventory::Store& store) {
  auto settings = load_settings(store);
  if (!settings) return settings.error();
  auto pending = list_outbox(store, true);
  if (!pending) return pending.error();
  SyncStatus status{std::move(*settings), 0, std::nullopt, std::nullopt, pending->size()};
  try {
    auto&& st = store.db().prepare(
        "SELECT cursor, last_sync_at, last_error FROM sync_settings WHERE id = 1");
    // One row at most (id 1); stepping to the end leaves no read snapshot open.
    while (st.step()) {
      status.cursor = st.int64(0);
      status.last_sync_at = st.optional_int64(1);
      status.last_error = st.optional_text(2);
    }
  } catch (const sql::DbError& e) {
    return make_error(Errc::io, "node database: {}", e.what());
  }
  return status;
}

}  // namespace rfinv::sync
