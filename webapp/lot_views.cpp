// JSON of lots, scans and requisitions: the web API's views, which the CLI's --json prints too.
#include <chrono>

#include "base/json_values.h"
#include "epc/gs1_ai.h"
#include "webapp/views.h"

namespace rfinv::webapp {
namespace {

using boost::json::value;

value date_or_null(const std::optional<std::chrono::year_month_day>& d) {
  return d ? value(epc::iso_date(*d)) : value(nullptr);
}

std::string_view syntax_name(epc::Gs1Syntax s) {
  switch (s) {
    case epc::Gs1Syntax::bracketed:
      return "element string";
    case epc::Gs1Syntax::raw:
      return "raw";
    case epc::Gs1Syntax::digital_link:
      return "digital link";
  }
  return "";
}

// The lot and expiry a movement of `item` of this kind takes from the barcode, by the rule
// receipts and issues by scan follow (inventory::add_carried_lot): a front end fills its form
// from this instead of knowing the rule.
value carried(const inventory::Item& item, const epc::Gs1Data& d, inventory::MovementKind kind) {
  inventory::MovementRequest r;
  r.kind = kind;
  inventory::add_carried_lot(item.fields.lot_tracked, item.fields.expiry_tracked, d.lot,
                             d.expiry ? std::optional(epc::iso_date(*d.expiry)) : std::nullopt, r);
  boost::json::object o{{"lot", or_null(r.lot)}};
  if (kind == inventory::MovementKind::receive) o["expiry"] = or_null(r.expiry);
  return o;
}

}  // namespace

boost::json::object lot_qty_json(const inventory::LotQty& lot) {
  return {{"lot", lot.lot}, {"expiry", or_null(lot.expiry)}, {"qty", lot.qty}};
}

boost::json::object lot_stock_json(const inventory::StockLine& l) {
  auto o = stock_json(l);
  o["lot"] = or_null(l.lot);
  o["expiry"] = or_null(l.expiry);
  o["expired"] = l.expired;
  o["held"] = l.held;
  return o;
}

boost::json::object expiring_json(const inventory::ExpiringLot& l) {
  return {{"sku", l.sku},
          {"name", l.name},
          {"unit", l.unit},
          {"lot", l.lot},
          {"expiry", l.expiry},
          {"days_left", l.days_left},
          {"expired", l.expired},
          {"held", l.held},
          {"location", l.location},
          {"quarantine", l.quarantine},
          {"qty", l.qty}};
}

boost::json::object scan_json(const std::string& input, const service::ScanMatch& m) {
  const epc::Gs1Data& d = m.scan.data;
  const std::chrono::year_month_day today{
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  boost::json::array elements;
  for (const epc::AiElement& e : d.elements) {
    const epc::AiSpec* spec = epc::find_ai(e.ai);
    boost::json::object o{{"ai", e.ai}, {"title", std::string(spec->title)}, {"value", e.value}};
    if (spec->date == epc::AiDate::yymmd0 || spec->date == epc::AiDate::yymmdd)
      o["date"] = epc::iso_date(epc::ai_date(e.value, today));
    elements.push_back(std::move(o));
  }
  auto dl = epc::to_digital_link(d);
  boost::json::object o{
      {"input", input},
      {"syntax", std::string(syntax_name(m.scan.syntax))},
      {"symbology", m.scan.symbology.empty() ? value(nullptr) : value(m.scan.symbology)},
      {"element_string", epc::to_bracketed(d)},
      {"raw", epc::to_raw(d)},
      {"digital_link", dl ? value(*dl) : value(nullptr)},
      {"elements", std::move(elements)},
      {"gtin", or_null(d.gtin)},
      {"sscc", or_null(d.sscc)},
      {"lot", or_null(d.lot)},
      {"serial", or_null(d.serial)},
      {"expiry", date_or_null(d.expiry)},
      {"best_before", date_or_null(d.best_before)},
      {"giai", or_null(d.giai)},
      {"grai", or_null(d.grai)},
      {"count", d.count ? value(*d.count) : value(nullptr)},
  };
  if (m.item) {
    const auto& f = m.item->fields;
    o["item"] = boost::json::object{{"sku", m.item->sku},
                                    {"name", f.name},
                                    {"unit", f.unit},
                                    {"lot_tracked", f.lot_tracked},
                                    {"expiry_tracked", f.expiry_tracked}};
    o["receipt"] = carried(*m.item, d, inventory::MovementKind::receive);
    o["issue"] = carried(*m.item, d, inventory::MovementKind::issue);
  } else {
    o["item"] = nullptr;
    o["receipt"] = nullptr;
    o["issue"] = nullptr;
  }
  o["asset"] = m.asset ? value(boost::json::object{
                             {"code", m.asset->code},
                             {"dept", m.asset->dept},
                             {"status", std::string(inventory::to_string(m.asset->status))},
                             {"location", or_null(m.asset->location)}})
                       : value(nullptr);
  boost::json::array misses;
  for (const std::string& miss : m.misses) misses.push_back(value(miss));
  o["misses"] = std::move(misses);
  return o;
}

boost::json::object requisition_json(const inventory::Requisition& r) {
  boost::json::array lines;
  for (const auto& l : r.lines) {
    boost::json::array lots;
    for (const auto& lot : l.lots)
      lots.push_back({{"lot", lot.lot.empty() ? value(nullptr) : value(lot.lot)},
                      {"picked", lot.picked},
                      {"shipped", lot.shipped}});
    lines.push_back({{"sku", l.sku},
                     {"name", l.name},
                     {"unit", l.unit},
                     {"qty", l.qty},
                     {"picked", l.picked},
                     {"shipped", l.shipped},
                     {"received", l.received},
                     {"in_transit", l.closed ? 0 : l.shipped - l.received},
                     {"closed", l.closed},
                     {"shortfall", l.shortfall},
                     {"lots", std::move(lots)}});
  }
  return {{"id", r.id},
          {"from", r.from},
          {"to", r.to},
          {"dept", r.dept},
          {"status", to_string(r.status)},
          {"origin", r.origin},
          {"note", or_null(r.note)},
          {"transit", or_null(r.transit)},
          {"created_by", r.created_by},
          {"created_at", format_utc(r.created_at)},
          {"approved_by", or_null(r.approved_by)},
          {"updated_at", format_utc(r.updated_at)},
          {"lines", std::move(lines)}};
}

}  // namespace rfinv::webapp
