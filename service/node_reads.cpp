// The use cases around tags and reads: company prefixes and commissioning, readers and read
// points, counts, business events, anomalies and tagged units.
#include <boost/asio/io_context.hpp>

#include "drivers/reader.h"
#include "service/node.h"

namespace rfinv::service {

Status Node::add_prefix(const std::string& company_prefix) {
  return inventory::add_prefix(*store_, company_prefix);
}
Status Node::remove_prefix(const std::string& company_prefix) {
  return inventory::remove_prefix(*store_, company_prefix);
}
Result<std::vector<std::string>> Node::list_prefixes() { return inventory::list_prefixes(*store_); }
Result<int> Node::prefix_length_for_gtin(const std::string& gtin14) {
  return inventory::prefix_length_for_gtin(*store_, gtin14);
}
Result<std::vector<inventory::CommissionedTag>> Node::commission_item_tags(
    const inventory::ItemCommission& c) {
  return inventory::commission_item_tags(*store_, c);
}
Result<std::vector<inventory::CommissionedTag>> Node::commission_asset_tags(
    const inventory::AssetCommission& c) {
  // A node in the pool commissions from its department's range (the hub's number for it);
  // a node that never joined, from range 0.
  auto commission = c;
  auto settings = sync::load_settings(*store_);
  if (settings) {
    if (!settings->dept_number)
      return make_error(Errc::refused,
                        "this node joined the hub before departments had asset tag ranges; run "
                        "rfinv sync join again first");
    commission.range = static_cast<std::uint32_t>(*settings->dept_number);
  } else if (settings.error().code != Errc::not_found) {
    return settings.error();
  }
  return inventory::commission_asset_tags(*store_, commission);
}
Result<std::vector<inventory::UnknownTag>> Node::list_unknown_tags(bool include_resolved) {
  return inventory::list_unknown(*store_, include_resolved);
}
Result<inventory::Assignment> Node::assign_tag_to_item(const std::string& epc,
                                                       const std::string& sku) {
  return inventory::assign_tag_to_item(*store_, epc, sku);
}
Result<inventory::Assignment> Node::assign_tag_to_asset(const std::string& epc,
                                                        const std::string& asset_code) {
  return inventory::assign_tag_to_asset(*store_, epc, asset_code);
}

Status check_reader(const std::string& name, const std::string& uri) {
  // Opening without starting validates every part the backend understands.
  boost::asio::io_context io;
  if (auto reader = drivers::open_reader(io, name, uri); !reader) return reader.error();
  return {};
}

Status Node::add_reader(const std::string& name, const std::string& uri) {
  if (auto checked = check_reader(name, uri); !checked) return checked;
  return inventory::add_reader(*store_, name, uri, now_micros());
}
Result<int> Node::remove_reader(const std::string& name) {
  return inventory::remove_reader(*store_, name, now_micros());
}
Result<inventory::ReaderRecord> Node::get_reader(const std::string& name) {
  return inventory::get_reader(*store_, name);
}
Result<std::vector<inventory::ReaderRecord>> Node::list_readers() {
  return inventory::list_readers(*store_);
}
Status Node::record_reader_state(const std::string& name, const std::string& state,
                                 const std::string& reason) {
  return inventory::record_reader_state(*store_, name, state, reason, now_micros());
}
Result<inventory::ReadPoint> Node::add_read_point(const inventory::NewReadPoint& read_point) {
  return inventory::add_read_point(*store_, read_point);
}
Status Node::remove_read_point(const std::string& reader, int antenna) {
  return inventory::remove_read_point(*store_, reader, antenna);
}
Result<std::vector<inventory::ReadPoint>> Node::list_read_points() {
  return inventory::list_read_points(*store_);
}

Result<inventory::CountSession> Node::start_count(const std::string& location,
                                                  const std::string& actor) {
  return inventory::start_count(*store_, location, actor, now_micros());
}
Result<std::vector<inventory::CountSession>> Node::open_counts() {
  return inventory::open_counts(*store_);
}
Result<inventory::CountReport> Node::finish_count(const inventory::CountSelector& which,
                                                  inventory::CountFinish how,
                                                  const std::string& actor) {
  auto report = inventory::finish_count(*store_, which, how, actor, now_micros());
  // Only an applied count posts movements.
  return how == inventory::CountFinish::apply ? changed_stock(std::move(report)) : report;
}
Result<std::vector<inventory::EventRecord>> Node::list_events(
    const inventory::EventFilter& filter) {
  return inventory::list_events(*store_, filter);
}
Result<std::vector<inventory::Anomaly>> Node::list_anomalies(bool include_resolved) {
  return inventory::list_anomalies(*store_, include_resolved);
}
Status Node::resolve_anomaly(std::int64_t id) {
  return inventory::resolve_anomaly(*store_, id, now_micros());
}
Result<std::vector<inventory::UnitRecord>> Node::list_units(const inventory::UnitFilter& filter) {
  return inventory::list_units(*store_, filter);
}

}  // namespace rfinv::service
