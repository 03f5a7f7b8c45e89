#include "webapp/views.h"

#include "base/json_values.h"
#include "inventory/catalog/validate.h"

namespace rfinv::webapp {
using boost::json::value;

boost::json::object item_json(const inventory::Item& item) {
  const auto& f = item.fields;
  return {{"sku", item.sku},
          {"name", f.name},
          {"unit", f.unit},
          {"gtin", or_null(f.gtin)},
          {"unit_cost", inventory::format_cents(f.unit_cost_cents)},
          {"supplier", f.supplier},
          {"safety_stock", f.safety_stock},
          {"reorder_point", f.reorder_point},
          {"reorder_qty", f.reorder_qty},
          {"max_level", or_null(f.max_level)},
          {"lead_days", f.lead_days},
          {"on_hand", item.on_hand},
          {"on_order", item.on_order},
          {"lot_tracked", f.lot_tracked},
          {"expiry_tracked", f.expiry_tracked},
          {"expiry_horizon_days", f.expiry_horizon_days}};
}

boost::json::object stock_json(const inventory::StockLine& l) {
  return {
      {"sku", l.sku}, {"name", l.name}, {"location", l.location}, {"qty", l.qty}, {"unit", l.unit}};
}

boost::json::object movement_json(const inventory::MovementRecord& m) {
  return {{"id", m.id},           {"kind", m.kind},          {"sku", m.sku},
          {"qty", m.qty},         {"from", or_null(m.from)}, {"to", or_null(m.to)},
          {"actor", m.actor},     {"at", format_utc(m.at)},  {"reason", or_null(m.reason)},
          {"key", or_null(m.key)}};
}

boost::json::object alert_json(const inventory::Alert& a) {
  return {{"id", a.id},
          {"sku", a.sku},
          {"name", a.name},
          {"location", or_null(a.location)},
          {"kind", a.kind},
          {"on_hand", a.on_hand},
          {"on_order", a.on_order},
          {"suggested_qty", a.suggested_qty},
          {"raised_at", format_utc(a.raised_at)},
          {"escalated_at", time_or_null(a.escalated_at)},
          {"cleared_at", time_or_null(a.cleared_at)},
          {"acked_by", or_null(a.acked_by)},
          {"acked_at", time_or_null(a.acked_at)}};
}

boost::json::object reorder_json(const inventory::ReorderLine& l) {
  return {{"supplier", l.supplier},
          {"sku", l.sku},
          {"name", l.name},
          {"unit", l.unit},
          {"on_hand", l.on_hand},
          {"on_order", l.on_order},
          {"reorder_point", l.reorder_point},
          {"qty", l.suggested_qty},
          {"unit_cost", inventory::format_cents(l.unit_cost_cents)},
          {"value", inventory::format_cents(l.value_cents)},
          {"lead_days", l.lead_days}};
}

boost::json::object order_json(const inventory::PurchaseOrder& o) {
  return {{"id", o.id},         {"sku", o.sku},
          {"qty", o.qty},       {"received", o.received},
          {"status", o.status}, {"supplier", o.supplier},
          {"actor", o.actor},   {"placed_at", format_utc(o.placed_at)}};
}

boost::json::object request_json(const sync::PoolRequest& r) {
  return {{"id", r.id},
          {"asset", or_null(r.asset)},
          {"offer", or_null(r.offer)},
          {"qty", r.qty},
          {"from_dept", r.from_dept},
          {"to_dept", r.to_dept},
          {"kind", r.kind},
          {"until", time_or_null(r.until)},
          {"status", r.status},
          {"reason", r.reason},
          {"value", inventory::format_cents(r.value_cents)},
          {"created_at", format_utc(r.created_at)},
          {"handed_at", time_or_null(r.handed_at)},
          {"completed_at", time_or_null(r.completed_at)},
          {"returned_at", time_or_null(r.returned_at)},
          {"problem", or_null(r.problem)}};
}

boost::json::array pool_json(const service::PoolListing& pool) {
  boost::json::array a;
  for (const auto& x : pool.assets)
    a.push_back({{"kind", "asset"},
                 {"id", x.code},
                 {"sku", or_null(x.sku)},
                 {"owner", x.owner},
                 {"status", x.status},
                 {"location", or_null(x.location)},
                 {"available", 1},
                 {"value", inventory::format_cents(x.cost_cents)}});
  for (const auto& x : pool.offers)
    a.push_back({{"kind", "offer"},
                 {"id", x.id},
                 {"sku", x.sku},
                 {"owner", x.owner},
                 {"status", "offer"},
                 {"location", x.location},
                 {"qty", x.qty},
                 {"reserved", x.reserved},
                 {"available", x.qty - x.reserved},
                 {"value", inventory::format_cents(x.unit_cost_cents * (x.qty - x.reserved))}});
  return a;
}

boost::json::object location_json(const inventory::Location& l) {
  return {{"code", l.code},
          {"name", l.name},
          {"kind", l.kind},
          {"parent", or_null(l.parent)},
          {"dept", or_null(l.dept)}};
}

boost::json::object reader_json(const inventory::ReaderRecord& r) {
  return {{"name", r.name},
          {"uri", r.uri},
          {"added_at", format_utc(r.added_at)},
          {"state", or_null(r.state)},
          {"reason", or_null(r.state_reason)},
          {"state_at", time_or_null(r.state_at)}};
}

boost::json::object count_json(const inventory::CountSession& s) {
  return {{"id", s.id},
          {"location", s.location},
          {"started_at", format_utc(s.started_at)},
          {"finished_at", time_or_null(s.finished_at)},
          {"applied", s.applied},
          {"actor", s.actor},
          {"seen", s.seen}};
}

boost::json::object user_json(const auth::User& u) {
  return {{"name", u.name},
          {"role", auth::to_string(u.role)},
          {"dept", or_null(u.dept)},
          {"disabled", u.disabled},
          {"lang", u.lang}};
}

boost::json::object asset_json(const inventory::Asset& a) {
  auto dept_or_null = [](const std::string& d) { return d.empty() ? value(nullptr) : value(d); };
  return {{"id", a.code},
          {"epc", or_null(a.epc)},
          {"sku", or_null(a.sku)},
          {"dept", dept_or_null(a.dept)},
          {"holder_dept", dept_or_null(a.holder_dept)},
          {"status", inventory::to_string(a.status)},
          {"location", or_null(a.location)},
          {"cost", inventory::format_cents(a.cost_cents)},
          {"registered_at", format_utc(a.registered_at)},
          {"last_moved_at", format_utc(a.last_moved_at)},
          {"last_seen_at", time_or_null(a.last_seen_at)},
          {"last_seen_location", or_null(a.last_seen_location)}};
}

boost::json::object dept_json(const inventory::Dept& d) {
  return {{"code", d.code}, {"name", d.name}};
}

boost::json::object read_point_json(const inventory::ReadPoint& rp) {
  const auto& s = rp.smoothing;
  return {{"id", rp.id},
          {"reader", rp.reader},
          {"antenna", rp.antenna},
          {"location", rp.location},
          {"role", inventory::to_string(rp.role)},
          {"enter_reads", s.enter_reads},
          {"window_ms", s.window / 1000},
          {"leave_after_ms", s.leave_after / 1000},
          {"rssi_floor", or_null(s.rssi_floor)}};
}

}  // namespace rfinv::webapp
