// rfinv recall: a lot's trace with the pool's hand-overs named by their receiving department.
#include <map>

#include "service/node.h"

namespace rfinv::service {
namespace {

// The pool writes its stock movements with the keys "pool:REQ:issue" and "pool:REQ:receipt".
std::optional<std::pair<std::string, std::string>> pool_key(const std::optional<std::string>& key) {
  if (!key || !key->starts_with("pool:")) return std::nullopt;
  auto last = key->rfind(':');
  if (last <= 5) return std::nullopt;
  return std::pair{key->substr(5, last - 5), key->substr(last + 1)};
}

std::string name_move(const inventory::LotMove& m, const std::optional<std::string>& pool_step) {
  if (pool_step) return *pool_step == "issue" ? "pool hand-over" : "pool receipt";
  if (m.requisition_leg) return "requisition " + *m.requisition_leg;
  if (m.kind == "receive") return "receipt";
  return m.kind == "dispose" ? "disposal" : m.kind == "adjust" ? "adjustment" : m.kind;
}

}  // namespace

Result<Recall> Node::recall(const std::string& sku, const std::string& lot) {
  auto trace = inventory::trace_lot(*store_, sku, lot);
  if (!trace) return trace.error();
  auto requests = sync::list_pool_requests(*store_);
  if (!requests) return requests.error();
  std::map<std::string, const sync::PoolRequest*> by_id;
  for (const auto& r : *requests) by_id[r.id] = &r;

  Recall out{.sku = trace->sku,
             .name = trace->name,
             .unit = trace->unit,
             .lot = trace->lot,
             .expiry = trace->expiry,
             .held_reason = trace->held_reason,
             .places = trace->places};
  for (const auto& p : out.places) (p.requisition ? out.in_transit : out.on_hand) += p.qty;
  for (const auto& m : trace->moves) {
    auto pool = pool_key(m.key);
    RecallMove r{.move = m,
                 .as = name_move(m, pool ? std::optional(pool->second) : std::nullopt),
                 .dept = m.dept};
    if (pool) {
      r.pool_request = pool->first;
      // A hand-over's units go to the department that asked for them; a pool receipt's came
      // from the department that gave them.
      if (auto it = by_id.find(pool->first); it != by_id.end())
        r.dept = pool->second == "issue" ? it->second->from_dept : it->second->to_dept;
    }
    if (r.as == "receipt" || r.as == "pool receipt" || (m.kind == "adjust" && m.qty > 0))
      out.received += m.qty;
    else if (r.as == "issue")
      out.issued += m.qty;
    else if (r.as == "pool hand-over")
      out.handed_over += m.qty;
    else if (r.as == "disposal")
      out.disposed += m.qty;
    else if (m.kind == "adjust")
      out.disposed -= m.qty;  // a requisition's write-off, or a count that found less
    out.moves.push_back(std::move(r));
  }
  out.balanced =
      out.received == out.on_hand + out.issued + out.disposed + out.handed_over + out.in_transit;
  return out;
}

}  // namespace rfinv::service
