#include "inventory/planning/lead_time.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <vector>

#include "inventory/planning/history.h"
#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::inventory {
namespace {

struct Order {
  Micros placed_at = 0;
  std::int64_t outstanding = 0;
};

struct Receipt {
  Micros at = 0;
  std::int64_t qty = 0;
};

}  // namespace

Result<std::unordered_map<std::int64_t, LeadTime>> order_lead_times(Store& store) {
  using Out = std::unordered_map<std::int64_t, LeadTime>;
  return sql::guarded("reading order lead times", [&]() -> Result<Out> {
    auto& db = database_of(store);
    std::map<std::int64_t, std::vector<Order>> orders;  // by item, in id order
    {
      auto st = db.prepare(
          "SELECT item_id, placed_at, qty FROM purchase_order WHERE status != 'cancelled' "
          "AND item_id IN (SELECT item_id FROM purchase_order WHERE status = 'closed' "
          "GROUP BY item_id HAVING count(*) >= ?) ORDER BY item_id, id");
      st.bind(1, static_cast<std::int64_t>(kMinOrders));
      while (st.step()) orders[st.int64(0)].push_back({st.int64(1), st.int64(2)});
    }
    Out out;
    for (auto& [item, list] : orders) {
      std::vector<Receipt> receipts;
      {
        auto st = db.prepare(
            "SELECT at, qty FROM movement WHERE item_id = ? AND kind = 'receive' ORDER BY at, id");
        st.bind(1, item);
        while (st.step()) receipts.push_back({st.int64(0), st.int64(1)});
      }
      std::vector<double> weeks;
      std::size_t next = 0;  // orders before `next` were placed by the current receipt
      std::deque<Order*> open;
      for (const auto& r : receipts) {
        while (next < list.size() && list[next].placed_at <= r.at) open.push_back(&list[next++]);
        std::int64_t left = r.qty;
        while (left > 0 && !open.empty()) {
          Order& o = *open.front();
          std::int64_t take = std::min(left, o.outstanding);
          o.outstanding -= take;
          left -= take;
          if (o.outstanding == 0) {
            weeks.push_back(static_cast<double>(r.at - o.placed_at) / kWeekMicros);
            open.pop_front();
          }
        }
      }
      if (weeks.size() < kMinOrders) continue;
      double sum = 0, sum2 = 0;
      for (double w : weeks) {
        sum += w;
        sum2 += w * w;
      }
      double n = static_cast<double>(weeks.size());
      LeadTime lead;
      lead.source = "orders";
      lead.orders = weeks.size();
      lead.mean_weeks = sum / n;
      lead.sd_weeks = std::sqrt(std::max(0.0, (sum2 - sum * sum / n) / (n - 1)));
      lead.weeks = std::max(1, static_cast<int>(std::ceil(lead.mean_weeks - 1e-9)));
      out.emplace(item, lead);
    }
    return out;
  });
}

}  // namespace rfinv::inventory
