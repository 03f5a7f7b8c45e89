#include "inventory/planning/refresh.h"

#include "inventory/planning/history.h"
#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::inventory {

Result<bool> plan_refresh_due(Store& store, Micros now) {
  return sql::guarded("reading the plan refresh", [&]() -> Result<bool> {
    auto st = database_of(store).prepare("SELECT week FROM plan_refresh WHERE id = 1");
    return !st.step() || st.int64(0) != week_start(now);
  });
}

Status record_plan_refresh(Store& store, Micros now) {
  return sql::guarded("recording the plan refresh", [&]() -> Status {
    database_of(store)
        .prepare(
            "INSERT INTO plan_refresh(id, week, at) VALUES (1, ?1, ?2) "
            "ON CONFLICT(id) DO UPDATE SET week = ?1, at = ?2")
        .bind(1, week_start(now))
        .bind(2, now)
        .run();
    return {};
  });
}

}  // namespace rfinv::inventory
