#include "inventory/ledger/internal/pending_totals.h"

namespace rfinv::inventory {

std::int64_t PendingTotals::stock_change(std::int64_t item_id, std::int64_t location_id) const {
  auto it = stock_.find({item_id, location_id});
  return it == stock_.end() ? 0 : it->second.change;
}

void PendingTotals::add_stock(std::int64_t item_id, std::int64_t location_id, std::int64_t change,
                              bool row_exists) {
  stock_.try_emplace({item_id, location_id}, StockChange{0, row_exists}).first->second.change +=
      change;
}

PositionChange PendingTotals::item_change(std::int64_t item_id) const {
  auto it = items_.find(item_id);
  return it == items_.end() ? PositionChange{} : it->second;
}

void PendingTotals::add_item(std::int64_t item_id, PositionChange change) {
  auto& kept = items_[item_id];
  kept.on_hand += change.on_hand;
  kept.on_order += change.on_order;
}

void PendingTotals::keep_alert(std::int64_t alert_id, AlertFigures stored, AlertFigures now) {
  alerts_.try_emplace(alert_id, KeptFigures{stored, now}).first->second.now = now;
}

void PendingTotals::alert_written(std::int64_t item_id, std::int64_t alert_id) {
  alerts_.erase(alert_id);
  std::erase_if(stored_items_, [&](const auto& kept) { return kept.second.id == item_id; });
}

void PendingTotals::flush(sql::Database& db) {
  for (const auto& [key, s] : stock_) {
    // A row that nets to nothing is left as it is; one never stored stays absent (no stock).
    if (s.change == 0) continue;
    db.prepare(s.row_exists
                   ? "UPDATE stock SET qty = qty + ?3 WHERE item_id = ?1 AND location_id = ?2"
                   : "INSERT INTO stock(item_id, location_id, qty) VALUES (?1, ?2, ?3)")
        .bind(1, key.first)
        .bind(2, key.second)
        .bind(3, s.change)
        .run();
  }
  for (const auto& [item_id, c] : items_) {
    if (c.on_hand == 0 && c.on_order == 0) continue;
    db.prepare("UPDATE item SET on_hand = on_hand + ?, on_order = on_order + ? WHERE id = ?")
        .bind(1, c.on_hand)
        .bind(2, c.on_order)
        .bind(3, item_id)
        .run();
  }
  for (const auto& [alert_id, kept] : alerts_) {
    if (kept.now == kept.stored) continue;
    db.prepare("UPDATE alert SET on_hand = ?, on_order = ?, suggested_qty = ? WHERE id = ?")
        .bind(1, kept.now.on_hand)
        .bind(2, kept.now.on_order)
        .bind(3, kept.now.suggested_qty)
        .bind(4, alert_id)
        .run();
  }
  stock_.clear();
  items_.clear();
  alerts_.clear();
  stored_items_.clear();
  location_ids_.clear();
  stored_stock_.clear();
}

const PendingTotals::StoredItem* PendingTotals::stored_item(const std::string& sku) const {
  auto it = stored_items_.find(sku);
  return it == stored_items_.end() ? nullptr : &it->second;
}

void PendingTotals::remember_item(const std::string& sku, StoredItem item) {
  stored_items_.insert_or_assign(sku, std::move(item));
}

std::optional<std::int64_t> PendingTotals::location_id(const std::string& code) const {
  auto it = location_ids_.find(code);
  if (it == location_ids_.end()) return std::nullopt;
  return it->second;
}

void PendingTotals::remember_location(const std::string& code, std::int64_t id) {
  location_ids_.insert_or_assign(code, id);
}

PendingTotals::StoredStock& PendingTotals::stored_stock(std::int64_t item_id,
                                                        std::int64_t location_id) {
  return stored_stock_[{item_id, location_id}];
}

void PendingTotals::forget_free_stock() {
  for (auto& [key, s] : stored_stock_) s.free.reset();
}

}  // namespace rfinv::inventory
