// The node as an application: its store, opened (created or migrated) here, and the use cases
// a front end calls, one call per user action: the CLI today, a web API tomorrow. Each use
// case does one operation and returns values; nothing here prints or parses arguments.
//
// After any use case that changed stock or stock levels, the node starts the alert courier (a
// detached process that delivers the notices due; after_stock_change, the one hook), so a slow
// or hung alert command never holds up the use case. A delivery problem never fails the use
// case: the next one reports it to the warning sink as one line of text; it is retried later.
//
// The business rules a front end must not hold are applied here: which pool id names a stock
// offer, which requests and pool entries a department sees, which asset statuses only the
// pool workflow may set, what a refused pool step looks like.
//
// Threading: a Node is one SQLite connection; use it from one thread at a time. The running
// node (service/run.h) uses it on the thread that calls run().
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/sessions.h"
#include "auth/users.h"
#include "base/clock.h"
#include "base/result.h"
#include "epc/gs1_element_string.h"
#include "inventory/alerts/alerts.h"
#include "inventory/alerts/expiry_alerts.h"
#include "inventory/assets/assets.h"
#include "inventory/catalog/catalog.h"
#include "inventory/counts/counts.h"
#include "inventory/ledger/ledger.h"
#include "inventory/ledger/levels.h"
#include "inventory/ledger/lots.h"
#include "inventory/ledger/movement_query.h"
#include "inventory/ledger/orders.h"
#include "inventory/pipeline/events.h"
#include "inventory/pipeline/readers.h"
#include "inventory/pipeline/readpoints.h"
#include "inventory/planning/abc.h"
#include "inventory/planning/apply.h"
#include "inventory/planning/forecast.h"
#include "inventory/planning/plan.h"
#include "inventory/requisitions/requisitions.h"
#include "inventory/store/config.h"
#include "inventory/store/store.h"
#include "inventory/tags/tags.h"
#include "service/recall.h"
#include "sync/node/node.h"
#include "sync/node/pool.h"
#include "sync/node/pool_report.h"
#include "sync/node/sync_status.h"

namespace rfinv::service {

// An asset status change: the asset before and after it.
struct StatusChange {
  inventory::Asset before, after;
};

// The idle scan: assets that became idle now, and whether asset.idle_days is set at all
// (without it no asset ever becomes idle by itself).
struct IdleScan {
  std::vector<std::string> idle;
  bool idle_days_set = false;
};

// What became of a pool step queued in the outbox. A step the hub refused is an error
// (refused), not a SentStep.
struct SentStep {
  std::int64_t seq = 0;  // its outbox sequence number
  bool sent = false;     // the hub acknowledged it; else it waits for the next sync
  std::optional<std::string> hub_unreachable;  // why it was not sent, when the hub was tried
};

// A stock offer: its id, and the sync round that tried to send it (none when offline or
// when the hub was not reached; `hub_unreachable` says why in the latter case).
struct SentOffer {
  std::string id;
  std::optional<sync::RoundCounts> round;
  std::optional<std::string> hub_unreachable;
};

// What a scanned code found, and how ("sku", "gtin" or "epc").
struct ItemMatch {
  inventory::Item item;
  std::string matched_by;
};

// What a scanned GS1 barcode means and names here: the item whose GTIN ((01), or (02) on a
// logistic label) it carries, the asset whose GIAI (8004) or GRAI (8003) it is. A valid barcode
// that names nothing here is still a result: `misses` says what was not found.
struct ScanMatch {
  epc::Gs1Scan scan;
  std::optional<inventory::Item> item;
  std::optional<inventory::Asset> asset;
  std::vector<std::string> misses;  // "no item has GTIN 09506000134352"
};

// A receipt or issue from a scanned GS1 barcode (epc/gs1_element_string.h): the item by its
// GTIN (01), its lot (10) and expiry (17) where the item tracks them, the quantity `qty` or
// else the barcode's count (30 or 37) or else 1; the rest as in MovementRequest.
struct ScannedMovement {
  inventory::MovementKind kind = inventory::MovementKind::receive;  // receive or issue
  std::string text;
  std::optional<std::int64_t> qty;
  std::optional<std::string> location;  // receive: to; issue: from
  std::string actor;
  std::optional<std::string> key, reason;
  bool allow_expired = false;
};

// What a scanned movement did: the movement and the request it was posted as.
struct PostedScan {
  inventory::MovementRequest request;
  inventory::PostedMovement posted;
};

// What a department sees of the pool: assets pooled or reserved, and offers still open.
struct PoolListing {
  std::vector<sync::PoolAsset> assets;
  std::vector<sync::PoolOffer> offers;
};

// Checks a reader's name, URI and the backend's options (antennas, baud, the scenario file)
// without touching a device, the network or any database, so a front end can refuse a bad
// one before it opens the node.
Status check_reader(const std::string& name, const std::string& uri);

class Node {
 public:
  // Opens the node database at `db_path`, creating or migrating it. read_only (for use cases
  // that only read) neither creates nor writes it, so it works in a directory the user may
  // only read; a use case that writes then fails.
  static Result<std::unique_ptr<Node>> open(const std::string& db_path,
                                            sql::Access access = sql::Access::read_write);
  // SQLite's full integrity check of the database at `db_path`, opened read-only and as it is
  // (never migrated): one line per problem, empty when it is sound. A missing, empty or
  // foreign file is an error.
  static Result<std::vector<std::string>> check(const std::string& db_path);

  const std::string& path() const { return store_->path(); }
  // A consistent copy of the database in the new file `to` (0600), taken while others may
  // write; an existing `to` is refused (conflict) and left alone.
  Status backup(const std::string& to);
  // SQLite's quick check, which `rfinv run` passes before it starts: empty when sound.
  Result<std::vector<std::string>> quick_check();
  // For service/ itself (the running node); front ends call the use cases below.
  inventory::Store& store() { return *store_; }

  // Where after_stock_change reports delivery problems, one line each, e.g. "2 alert notice(s)
  // not delivered yet: the alert command failed (exit status 3); they will be retried".
  // Default: dropped.
  void set_warning_sink(std::function<void(const std::string&)> sink) { warn_ = std::move(sink); }
  // The program (argv) after_stock_change starts, detached, when notices are due and an alert
  // command is configured: one that runs deliver_alert_notices without waiting for others
  // (`rfinv --db PATH alerts deliver --if-idle`). Default: none, and notices wait for
  // deliver_alert_notices or the running node.
  void set_alert_courier(std::vector<std::string> argv) { courier_ = std::move(argv); }

  // Catalog.
  Result<inventory::Dept> add_dept(const std::string& code, const std::string& name);
  Result<std::vector<inventory::Dept>> list_depts();
  Result<inventory::Location> add_location(const inventory::NewLocation& location);
  Result<std::vector<inventory::Location>> list_locations();
  Result<inventory::Item> add_item(const std::string& sku, const inventory::ItemFields& fields);
  Result<inventory::Item> edit_item(const std::string& sku, const inventory::ItemChanges& changes);
  Result<inventory::Item> get_item(const std::string& sku);
  Result<std::vector<inventory::Item>> list_items();
  Result<std::vector<inventory::Item>> search_items(const std::string& text);
  Result<std::size_t> import_items_csv(const std::string& path);

  // Ledger. A person's movement takes untagged units only (inventory/pipeline/manual_movement.h).
  Result<inventory::PostedMovement> post_movement(const inventory::MovementRequest& request);
  Result<inventory::Reversal> reverse_movement(std::int64_t id, const std::string& reason,
                                               const std::string& actor);
  Result<std::vector<inventory::StockLine>> stock_levels(const inventory::StockFilter& filter);
  Result<std::vector<inventory::MovementRecord>> movement_history(const std::string& sku,
                                                                  std::size_t limit);
  Result<std::vector<inventory::MovementRecord>> list_movements(
      const inventory::MovementFilter& filter);
  // Lots (inventory/ledger/lots.h): hold (quarantine) and release a lot, list lots, and mark a
  // location as a quarantine location.
  Result<inventory::LotHoldChange> hold_lot(const std::string& sku, const std::string& lot,
                                            const std::string& reason, const std::string& actor);
  Result<inventory::LotHoldChange> release_lot(const std::string& sku, const std::string& lot);
  Result<std::vector<inventory::LotInfo>> list_lots(const std::optional<std::string>& sku);
  Result<inventory::Location> set_location_quarantine(const std::string& code, bool quarantine);
  // Posts the movement a scanned barcode asks for, as post_movement() does. invalid_argument
  // for a bad barcode (naming the AI and why) or one without a GTIN; not_found for a GTIN no
  // item has.
  Result<PostedScan> post_scanned_movement(const ScannedMovement& scan);
  // The item a scanned code names: its SKU, a GTIN-8/12/13/14 of it, or an EPC (hex) of one
  // of its tags (or an SGTIN of its GTIN). not_found when none does.
  Result<ItemMatch> lookup_item(const std::string& code);
  // Parses a barcode (epc/gs1_element_string.h; invalid_argument naming the AI when bad) and
  // finds what it names. Reads only.
  Result<ScanMatch> resolve_scan(const std::string& text);

  // Alerts, the purchase list, orders and location levels.
  Result<std::vector<inventory::Alert>> list_alerts(bool include_cleared);
  Result<inventory::Alert> ack_alert(std::int64_t id, const std::string& by);
  // Runs the alert command for the notices due now (see inventory::deliver_alert_notices).
  Result<inventory::DeliveryReport> deliver_alert_notices(const inventory::DeliveryMode& mode);
  Result<std::vector<inventory::ReorderLine>> reorder_list();
  Result<inventory::PlacedOrder> place_order(const std::string& sku, std::int64_t qty,
                                             const std::string& actor,
                                             const std::optional<std::string>& key);
  Result<inventory::PlacedOrder> cancel_order(std::int64_t id);
  Result<std::vector<inventory::PurchaseOrder>> list_orders(bool include_closed);
  Result<std::vector<inventory::AlertChange>> set_location_level(
      const inventory::LevelChanges& changes);
  Status clear_location_level(const std::string& sku, const std::string& location);
  Result<std::vector<inventory::LocationLevel>> list_location_levels();

  // Settings.
  Status set_config(const std::string& key, const std::string& value);
  Status unset_config(const std::string& key);
  Result<std::optional<std::string>> get_config(const std::string& key);
  Result<std::vector<std::pair<std::string, std::string>>> list_config();

  // EPC tags and company prefixes.
  Status add_prefix(const std::string& company_prefix);
  Status remove_prefix(const std::string& company_prefix);
  Result<std::vector<std::string>> list_prefixes();
  Result<int> prefix_length_for_gtin(const std::string& gtin14);
  Result<std::vector<inventory::CommissionedTag>> commission_item_tags(
      const inventory::ItemCommission& c);
  Result<std::vector<inventory::CommissionedTag>> commission_asset_tags(
      const inventory::AssetCommission& c);
  Result<std::vector<inventory::UnknownTag>> list_unknown_tags(bool include_resolved);
  Result<inventory::Assignment> assign_tag_to_item(const std::string& epc, const std::string& sku);
  Result<inventory::Assignment> assign_tag_to_asset(const std::string& epc,
                                                    const std::string& asset_code);

  // Readers and read points. add_reader checks the reader first (check_reader), so a bad
  // URI writes nothing.
  Status add_reader(const std::string& name, const std::string& uri);
  // Returns how many read points went with the reader.
  Result<int> remove_reader(const std::string& name);
  Result<inventory::ReaderRecord> get_reader(const std::string& name);
  Result<std::vector<inventory::ReaderRecord>> list_readers();
  Status record_reader_state(const std::string& name, const std::string& state,
                             const std::string& reason);
  Result<inventory::ReadPoint> add_read_point(const inventory::NewReadPoint& read_point);
  Status remove_read_point(const std::string& reader, int antenna);
  Result<std::vector<inventory::ReadPoint>> list_read_points();

  // Counts, business events, anomalies, tagged units.
  Result<inventory::CountSession> start_count(const std::string& location,
                                              const std::string& actor);
  Result<std::vector<inventory::CountSession>> open_counts();
  Result<inventory::CountReport> finish_count(const inventory::CountSelector& which,
                                              inventory::CountFinish how, const std::string& actor);
  Result<std::vector<inventory::EventRecord>> list_events(const inventory::EventFilter& filter);
  Result<std::vector<inventory::Anomaly>> list_anomalies(bool include_resolved);
  Status resolve_anomaly(std::int64_t id);
  Result<std::vector<inventory::UnitRecord>> list_units(const inventory::UnitFilter& filter);

  // Assets.
  Result<inventory::Asset> register_asset(const inventory::NewAsset& asset,
                                          const std::string& actor);
  Result<std::vector<inventory::Asset>> list_assets(
      const std::optional<std::string>& dept, const std::optional<inventory::AssetStatus>& status);
  Result<inventory::Asset> get_asset(const std::string& code);
  Result<std::vector<inventory::AssetEvent>> asset_history(const std::string& code);
  // Refused (invalid_argument) for pooled, reserved and in_transit: only the pool workflow
  // sets those, so the hub stays the one place that decides who gets an asset.
  Result<StatusChange> set_asset_status(const std::string& code, inventory::AssetStatus status,
                                        const std::string& actor, const std::string& why);
  Result<IdleScan> idle_scan();

  // The link to the pool hub.
  Status join_hub(const sync::NodeSettings& settings);
  Result<sync::SyncStatus> sync_status();
  Result<std::vector<sync::OutboxEntry>> list_outbox(bool pending_only);
  Result<sync::RoundCounts> sync_round();

  // The pool. Steps other than a request are queued in the outbox and, unless `offline`,
  // sent at once when the hub answers (a hub that is down only delays them).
  Result<PoolListing> pool_listing(const std::optional<std::string>& sku);
  Result<SentStep> publish_asset(const std::string& code, bool offline);
  Result<SentStep> withdraw_asset(const std::string& code, bool offline);
  Result<SentOffer> offer_stock(const std::string& sku, std::int64_t qty,
                                const std::string& from_location, bool offline);
  // Asks the hub now for an asset, or for `qty` units of a stock offer: an offer when `qty`
  // is given or `target` names an offer (then one unit by default). `until` makes an asset
  // request a loan. The answer is the request, reserved or refused.
  Result<sync::PoolRequest> request_from_pool(const std::string& target,
                                              std::optional<std::int64_t> qty,
                                              const std::string& reason,
                                              std::optional<Micros> until);
  Result<SentStep> request_step(sync::RequestStep step, const std::string& request_id,
                                const std::optional<std::string>& location, bool offline);
  // This department's incoming and outgoing requests (`all`: every one this node knows of;
  // a node that has not joined a hub sees every one).
  Result<std::vector<sync::PoolRequest>> pool_requests(bool all);
  // Only lists: overdue loans are raised by every sync round and by the running node.
  Result<std::vector<sync::PoolAlert>> pool_alerts(bool open_only);
  Result<sync::PoolReport> pool_report(std::optional<Micros> from, std::optional<Micros> to);

  // Demand planning (inventory/planning/). Demand includes issues refused for lack of stock
  // (recorded by post_movement) and this department's pool requests for stock that were
  // refused or declined (unfilled), which the node hands to the planning area.
  Result<inventory::HistoryImport> import_demand_history(const std::string& path);
  Result<std::vector<inventory::PlanLine>> plan(const inventory::PlanOptions& options);
  // Applies the plan of the items chosen (all, one SKU, or one ABC class) with an audit
  // record; see inventory/planning/apply.h.
  struct PlanSelection {
    std::optional<std::string> sku;
    std::optional<char> abc_class;  // 'A', 'B' or 'C'
  };
  Result<inventory::AppliedPlan> apply_plan(const PlanSelection& which, const std::string& actor,
                                            const std::optional<std::string>& key);
  Result<std::vector<inventory::AbcLine>> abc_report();
  // The weekly refresh `rfinv run` makes: none when this week's was made; else the plans
  // computed and, with plan.auto_apply on, applied as `actor`.
  struct PlanRefresh {
    std::size_t lines = 0, proposals = 0;
    std::optional<inventory::AppliedPlan> applied;  // none: plan.auto_apply is off
  };
  Result<std::optional<PlanRefresh>> refresh_plans_if_due(const std::string& actor);
  // The weekly demand history of `sku` (site-wide, or at a location with its own levels) and
  // its forecast for `horizon_weeks` with 80% and 95% bands (inventory/planning/forecast.h).
  Result<inventory::DemandForecast> demand_forecast(const std::string& sku,
                                                    const std::optional<std::string>& location,
                                                    int horizon_weeks);

  // Users of the web app and the API, their sessions and tokens (auth/).
  Result<auth::User> add_user(const auth::NewUser& user);
  Result<std::vector<auth::User>> list_users();
  Status set_password(const std::string& name, const std::string& password);
  Status disable_user(const std::string& name);
  Status set_language(const std::string& name, const std::string& lang);
  Result<std::string> issue_token(const std::string& name);
  Result<auth::NewSession> login(const std::string& name, const std::string& password,
                                 const std::string& address);
  Result<auth::Principal> session_principal(const std::string& session_id);
  Result<auth::Principal> token_principal(const std::string& token);
  Status logout(const std::string& session_id);

  // Ward requisitions (inventory/requisitions/requisitions.h). approve: with `as_user`, that
  // user must exist, be enabled and have a role that approves (buyer or storekeeper, or admin),
  // else unauthorized; the approval is recorded in their name. Without it the caller is the
  // node's administrator (the CLI), as for every other command.
  Result<inventory::StepDone> create_requisition(const inventory::NewRequisition& request);
  Result<inventory::StepDone> approve_requisition(inventory::RequisitionStep step,
                                                  const std::optional<std::string>& as_user);
  Result<inventory::StepDone> pick_requisition(const inventory::RequisitionStep& step);
  Result<inventory::StepDone> ship_requisition(const inventory::RequisitionStep& step);
  Result<inventory::StepDone> receive_requisition(
      const inventory::RequisitionStep& step, const std::vector<inventory::RequestedQty>& lines);
  Result<inventory::StepDone> close_requisition(const inventory::RequisitionStep& step,
                                                const std::string& reason);
  Result<inventory::StepDone> cancel_requisition(const inventory::RequisitionStep& step);
  Result<std::vector<inventory::Requisition>> list_requisitions(
      std::optional<inventory::RequisitionStatus> status);
  Result<inventory::Requisition> get_requisition(std::int64_t id);
  // The department a requisition to `location` would be for (inventory::ward_department).
  Result<std::string> ward_department(const std::string& location);

  // Expiry and recall. Lots expiring within `within_days` (default: each item's horizon),
  // today; the expiry alerts (raised by the running node); one lot's recall.
  Result<std::vector<inventory::ExpiringLot>> expiring_lots(
      std::optional<std::int64_t> within_days);
  Result<std::vector<inventory::ExpiryAlert>> list_expiry_alerts(bool include_cleared);
  Result<Recall> recall(const std::string& sku, const std::string& lot);

 private:
  explicit Node(std::unique_ptr<inventory::Store> store) : store_(std::move(store)) {}

  // The hook: runs after every use case that changed stock or levels and succeeded.
  void after_stock_change();
  template <class T>
  Result<T> changed_stock(Result<T> result) {
    if (result) after_stock_change();
    return result;
  }
  // Unfilled pool requests of this department, as demand turned away.
  std::vector<inventory::ExternalDemand> unfilled_pool_demand();
  // Sends a queued pool step when the hub answers; the hub's refusal is an error.
  Result<SentStep> send(Result<std::int64_t> queued, bool offline);

  std::unique_ptr<inventory::Store> store_;
  std::function<void(const std::string&)> warn_;
  std::vector<std::string> courier_;
};

}  // namespace rfinv::service
