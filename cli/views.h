// JSON and text views of inventory values shared by several command files.
#pragma once

#include <boost/json.hpp>
#include <string>

#include "inventory/alerts/alerts.h"
#include "inventory/ledger/ledger.h"
#include "inventory/pipeline/pipeline.h"
#include "sync/node/node.h"
#include "webapp/views.h"

namespace rfinv::cli {

using webapp::alert_json;  // the web API's view: one set of keys for both
boost::json::object alert_change_json(const inventory::AlertChange& change);
// "alert 3 raised: reorder for BOLT-M8, on hand 8, suggested order 50"
void print_alert_change(const inventory::AlertChange& change, const std::string& sku);

// One line per business event: text for people, or a JSON object per line.
boost::json::object business_event_json(const inventory::BusinessEvent& event);
void print_business_event(const inventory::BusinessEvent& event, bool json);

// On stderr, one line per event of a sync round the hub refused: "rfinv: hub refused ...".
void print_rejections(const sync::RoundCounts& round);

}  // namespace rfinv::cli
