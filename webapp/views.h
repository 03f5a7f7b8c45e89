// JSON of the values the API returns, with the same snake_case keys as the CLI's --json of
// the same listing.
#pragma once

#include <boost/json.hpp>

#include "auth/users.h"
#include "service/node.h"

namespace rfinv::webapp {

boost::json::object item_json(const inventory::Item& item);
boost::json::object stock_json(const inventory::StockLine& line);
boost::json::object movement_json(const inventory::MovementRecord& m);
boost::json::object alert_json(const inventory::Alert& a);
boost::json::object reorder_json(const inventory::ReorderLine& l);
boost::json::object order_json(const inventory::PurchaseOrder& o);
boost::json::object request_json(const sync::PoolRequest& r);
boost::json::array pool_json(const service::PoolListing& pool);
boost::json::object location_json(const inventory::Location& l);
boost::json::object reader_json(const inventory::ReaderRecord& r);
boost::json::object count_json(const inventory::CountSession& s);
boost::json::object user_json(const auth::User& u);
boost::json::object asset_json(const inventory::Asset& a);
boost::json::object dept_json(const inventory::Dept& d);
boost::json::object read_point_json(const inventory::ReadPoint& rp);

// lot_views.cpp. A stock line of StockFilter::lots: stock_json with lot, expiry, expired, held.
boost::json::object lot_stock_json(const inventory::StockLine& line);
boost::json::object expiring_json(const inventory::ExpiringLot& lot);
// What a scanned barcode `input` means (each AI with its title, the element string, raw and
// Digital Link forms) and names: the item, with the lot and expiry a receipt ("receipt") and
// an issue ("issue") of it take from the barcode; the asset; what was not found ("misses").
boost::json::object scan_json(const std::string& input, const service::ScanMatch& match);
boost::json::object requisition_json(const inventory::Requisition& r);
// The units a movement took of (or added to) one lot: {"lot", "expiry", "qty"}.
boost::json::object lot_qty_json(const inventory::LotQty& lot);

template <class T, class F>
boost::json::array array_of(const std::vector<T>& values, F&& view) {
  boost::json::array a;
  for (const auto& v : values) a.push_back(view(v));
  return a;
}

}  // namespace rfinv::webapp
