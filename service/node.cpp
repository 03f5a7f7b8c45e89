// Opening the node, the hook after a stock change, and the stock use cases: catalog,
// ledger, alerts, orders, location levels and settings.
#include "service/node.h"

#include <fmt/format.h>

#include "base/subprocess.h"
#include "inventory/pipeline/manual_movement.h"
#include "sync/node/node_schema.h"

namespace rfinv::service {

Result<std::unique_ptr<Node>> Node::open(const std::string& db_path, sql::Access access) {
  auto store = inventory::Store::open(db_path, sync::node_schema(), access);
  if (!store) return store.error();
  return std::unique_ptr<Node>(new Node(std::move(*store)));
}

Result<std::vector<std::string>> Node::check(const std::string& db_path) {
  auto store = inventory::Store::open_as_is(db_path, sync::node_schema());
  if (!store) return store.error();
  return inventory::integrity_problems(**store, sql::CheckDepth::full);
}

Status Node::backup(const std::string& to) { return inventory::backup(*store_, to); }

Result<std::vector<std::string>> Node::quick_check() {
  return inventory::integrity_problems(*store_, sql::CheckDepth::quick);
}

void Node::after_stock_change() {
  auto warn = [this](const std::string& line) {
    if (warn_) warn_(line);
  };
  auto backlog = inventory::alert_notice_backlog(*store_);
  if (!backlog)
    return warn(fmt::format("alert notices not delivered: {}", backlog.error().message));
  if (backlog->failing)
    warn(
        fmt::format("{} alert notice(s) not delivered yet: the alert command failed ({}); they "
                    "will be retried",
                    backlog->pending, backlog->last_error));
  if (!backlog->due || courier_.empty()) return;
  auto command = inventory::get_config(*store_, "alert.command");
  if (!command || !*command) return;  // kept until an alert command is configured
  SpawnOptions courier;
  courier.argv = courier_;
  courier.err = courier.out = Stdio::null;
  if (auto started = spawn_detached(courier); !started)
    warn(fmt::format("alert notices not delivered: {}", started.error().message));
}

Result<inventory::Dept> Node::add_dept(const std::string& code, const std::string& name) {
  return inventory::add_dept(*store_, code, name);
}
Result<std::vector<inventory::Dept>> Node::list_depts() { return inventory::list_depts(*store_); }
Result<inventory::Location> Node::add_location(const inventory::NewLocation& location) {
  return inventory::add_location(*store_, location);
}
Result<std::vector<inventory::Location>> Node::list_locations() {
  return inventory::list_locations(*store_);
}
Result<inventory::Item> Node::add_item(const std::string& sku,
                                       const inventory::ItemFields& fields) {
  return inventory::add_item(*store_, sku, fields);
}
Result<inventory::Item> Node::edit_item(const std::string& sku,
                                        const inventory::ItemChanges& changes) {
  return changed_stock(inventory::edit_item(*store_, sku, changes));
}
Result<inventory::Item> Node::get_item(const std::string& sku) {
  return inventory::get_item(*store_, sku);
}
Result<std::vector<inventory::Item>> Node::list_items() { return inventory::list_items(*store_); }
Result<std::vector<inventory::Item>> Node::search_items(const std::string& text) {
  return inventory::search_items(*store_, text);
}
Result<std::size_t> Node::import_items_csv(const std::string& path) {
  return inventory::import_items_csv(*store_, path);
}

Result<inventory::PostedMovement> Node::post_movement(const inventory::MovementRequest& request) {
  auto posted = inventory::post_manual_movement(*store_, request);
  // An issue refused for lack of stock is demand turned away: recorded for planning in a
  // transaction of its own, after the refusal. Failing to record it never changes the answer.
  if (!posted && posted.error().code == Errc::refused)
    (void)inventory::record_refused_issue(*store_, request, now_micros());
  return changed_stock(std::move(posted));
}
Result<inventory::Reversal> Node::reverse_movement(std::int64_t id, const std::string& reason,
                                                   const std::string& actor) {
  return changed_stock(inventory::reverse_movement(*store_, id, reason, actor));
}
Result<std::vector<inventory::StockLine>> Node::stock_levels(const inventory::StockFilter& filter) {
  return inventory::stock_levels(*store_, filter);
}
Result<std::vector<inventory::MovementRecord>> Node::movement_history(const std::string& sku,
                                                                      std::size_t limit) {
  return inventory::movement_history(*store_, sku, limit);
}

Result<std::vector<inventory::Alert>> Node::list_alerts(bool include_cleared) {
  return inventory::list_alerts(*store_, include_cleared);
}
Result<inventory::Alert> Node::ack_alert(std::int64_t id, const std::string& by) {
  return inventory::ack_alert(*store_, id, by);
}
Result<inventory::DeliveryReport> Node::deliver_alert_notices(const inventory::DeliveryMode& mode) {
  auto policy = inventory::configured_delivery_policy(*store_);
  if (!policy) return policy.error();
  return inventory::deliver_alert_notices(*store_, *policy, mode);
}
Result<std::vector<inventory::ReorderLine>> Node::reorder_list() {
  return inventory::reorder_list(*store_);
}
Result<inventory::PlacedOrder> Node::place_order(const std::string& sku, std::int64_t qty,
                                                 const std::string& actor,
                                                 const std::optional<std::string>& key) {
  return changed_stock(inventory::place_order(*store_, sku, qty, actor, key));
}
Result<inventory::PlacedOrder> Node::cancel_order(std::int64_t id) {
  return changed_stock(inventory::cancel_order(*store_, id));
}
Result<std::vector<inventory::PurchaseOrder>> Node::list_orders(bool include_closed) {
  return inventory::list_orders(*store_, include_closed);
}
Result<std::vector<inventory::AlertChange>> Node::set_location_level(
    const inventory::LevelChanges& changes) {
  return changed_stock(inventory::set_location_level(*store_, changes));
}
Status Node::clear_location_level(const std::string& sku, const std::string& location) {
  return inventory::clear_location_level(*store_, sku, location);
}
Result<std::vector<inventory::LocationLevel>> Node::list_location_levels() {
  return inventory::list_location_levels(*store_);
}

Status Node::set_config(const std::string& key, const std::string& value) {
  return inventory::set_config(*store_, key, value);
}
Status Node::unset_config(const std::string& key) { return inventory::unset_config(*store_, key); }
Result<std::optional<std::string>> Node::get_config(const std::string& key) {
  return inventory::get_config(*store_, key);
}
Result<std::vector<std::pair<std::string, std::string>>> Node::list_config() {
  return inventory::list_config(*store_);
}

}  // namespace rfinv::service
