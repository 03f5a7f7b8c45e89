#include "inventory/pipeline/internal/tag_lot.h"

#include <chrono>

#include "epc/tag_gs1_data.h"
#include "inventory/ledger/lots.h"

namespace rfinv::inventory::pipeline {

void add_tag_lot(sql::Database& db, const epc::Epc& epc, std::int64_t item_id, Micros at,
                 MovementRequest& r) {
  if (!epc::is_plus(epc.scheme)) return;
  using namespace std::chrono;
  year_month_day today{floor<days>(sys_time<microseconds>(microseconds(at)))};
  auto data = epc::gs1_data(epc, today);
  if (!data || (!data->lot && !data->expiry)) return;
  auto item = db.prepare("SELECT lot_tracked, expiry_tracked FROM item WHERE id = ?");
  if (!item.bind(1, item_id).step()) return;
  add_carried_lot(item.int64(0) != 0, item.int64(1) != 0, data->lot,
                  data->expiry ? std::optional(epc::iso_date(*data->expiry)) : std::nullopt, r);
}

}  // namespace rfinv::inventory::pipeline
