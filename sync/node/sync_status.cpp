#include "sync/node/sync_status.h"

#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::sync {

Result<SyncStatus> sync_status(inventory::Store& store) {
  auto settings = load_settings(store);
  if (!settings) return settings.error();
  auto pending = list_outbox(store, true);
  if (!pending) return pending.error();
  SyncStatus status{std::move(*settings), 0, std::nullopt, std::nullopt, pending->size()};
  return sql::guarded("node database", [&]() -> Result<SyncStatus> {
    auto st = inventory::database_of(store).prepare(
        "SELECT cursor, last_sync_at, last_error FROM sync_settings WHERE id = 1");
    if (st.step()) {
      status.cursor = st.int64(0);
      status.last_sync_at = st.optional_int64(1);
      status.last_error = st.optional_text(2);
    }
    return status;
  });
}

}  // namespace rfinv::sync
