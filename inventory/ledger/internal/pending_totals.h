// Private to inventory/: the totals movements change, written once each. A single movement
// writes its own at once (apply_movement); a batch writes them when it ends instead of once per
// movement.
//
// A batch in one transaction (post_movements(), the read pipeline's decisions) often moves one
// item many times: a pallet of cases received at a dock door, a receipt and the issue that
// follows it. Each movement still writes its own row, and a raise, escalation or clear its
// alert and notice, at once; only the running totals wait: the item's stock at each location,
// its on hand and on order, and the figures of its open site-wide alert (on hand, on order,
// suggested quantity), which follow the stock between events. They are kept only for an item
// that tracks no lots and has no location levels, whose totals no other statement of the batch
// reads (lots and location levels read the stock rows).
// apply_movement() adds what is kept here to what it reads, so every check sees the true
// figure. The caller runs flush() before it commits; a batch that fails is rolled back and
// its PendingTotals dropped with it.
//
// For the same items it also remembers what the batch read of their rows as stored (the item,
// its open site-wide alert, its stock and free stock per location, the locations' ids), so a
// later movement of the item in the batch reads only what it has not read yet. Those rows stay
// as stored until flush(), with two exceptions that forget what they change: an alert event
// writes the item's open alert (alert_written) and a drawn hold changes free stock
// (forget_free_stock).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "inventory/alerts/internal/alert_engine.h"
#include "sql/database.h"

namespace rfinv::inventory {

class PendingTotals {
 public:
  // The change kept for the item's stock at the location (0 when none).
  std::int64_t stock_change(std::int64_t item_id, std::int64_t location_id) const;
  // Adds `change` to the item's stock at the location; `row_exists`: whether the stock row was
  // stored when the batch first touched it (a row is inserted only when it was not).
  void add_stock(std::int64_t item_id, std::int64_t location_id, std::int64_t change,
                 bool row_exists);

  // The change kept for the item's on hand and on order.
  PositionChange item_change(std::int64_t item_id) const;
  void add_item(std::int64_t item_id, PositionChange change);

  // Keeps `now` as alert `alert_id`'s figures; `stored`: its row's figures when the batch first
  // kept some (a row whose figures end where they began is not written).
  void keep_alert(std::int64_t alert_id, AlertFigures stored, AlertFigures now);
  // An event wrote the item's alert `alert_id` (a new one, or its open one with newer figures):
  // forgets the alert's kept figures and what the batch read of the item's open alert.
  void alert_written(std::int64_t item_id, std::int64_t alert_id);

  // Writes every kept total, each row once, and forgets them and what was remembered.
  void flush(sql::Database& db);

  // A kept item as stored: on hand and on order without the kept changes, its open site-wide
  // alert with the figures of its row.
  struct StoredItem {
    std::int64_t id = 0;
    std::string unit;
    ItemAlertState alert_state;
  };
  const StoredItem* stored_item(const std::string& sku) const;
  void remember_item(const std::string& sku, StoredItem item);

  std::optional<std::int64_t> location_id(const std::string& code) const;
  void remember_location(const std::string& code, std::int64_t id);

  // A kept item's stock at a location as stored, each part once read: its stock row (`row`
  // absent: no row) and its free stock with no hold drawn (holds.h's rule, may be below 0).
  struct StoredStock {
    bool row_read = false;
    std::optional<std::int64_t> row;
    std::optional<std::int64_t> free;
  };
  StoredStock& stored_stock(std::int64_t item_id, std::int64_t location_id);
  void forget_free_stock();

 private:
  struct StockChange {
    std::int64_t change = 0;
    bool row_exists = false;
  };
  std::map<std::pair<std::int64_t, std::int64_t>, StockChange> stock_;
  std::map<std::int64_t, PositionChange> items_;
  struct KeptFigures {
    AlertFigures stored, now;
  };
  std::map<std::int64_t, KeptFigures> alerts_;
  std::map<std::string, StoredItem, std::less<>> stored_items_;
  std::map<std::string, std::int64_t, std::less<>> location_ids_;
  std::map<std::pair<std::int64_t, std::int64_t>, StoredStock> stored_stock_;
};

}  // namespace rfinv::inventory
