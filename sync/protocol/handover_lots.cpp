#include "sync/protocol/handover_lots.h"

#include <set>

#include "inventory/catalog/validate.h"
#include "inventory/ledger/lots.h"
#include "sync/protocol/json_fields.h"

namespace rfinv::sync {
namespace json = boost::json;

Result<std::vector<HandoverLot>> parse_handover_lots(const json::object& data, std::int64_t qty) {
  std::vector<HandoverLot> out;
  auto it = data.find("lots");
  if (it == data.end() || it->value().is_null()) return out;
  if (!it->value().is_array())
    return make_error(Errc::invalid_argument, "field \"lots\" must be an array");
  const auto& lots = it->value().as_array();
  if (lots.size() > kMaxHandoverLots)
    return make_error(Errc::invalid_argument, "field \"lots\" names more than {} lots",
                      kMaxHandoverLots);
  std::set<std::string> seen;
  std::int64_t total = 0;
  for (std::size_t i = 0; i < lots.size(); ++i) {
    const std::string at = fmt::format("lots[{}]", i);
    if (!lots[i].is_object()) return make_error(Errc::invalid_argument, "{} must be an object", at);
    const auto& o = lots[i].as_object();
    HandoverLot lot;
    auto code = o.find("lot");
    if (code == o.end() || !code->value().is_string())
      return make_error(Errc::invalid_argument, "{}.lot must be a string", at);
    lot.lot = std::string(code->value().as_string());
    if (lot.lot.empty()) return make_error(Errc::invalid_argument, "{}.lot is empty", at);
    if (auto ok = check_text(at + ".lot", lot.lot, TextKind::code); !ok) return ok.error();
    if (!seen.insert(lot.lot).second)
      return make_error(Errc::invalid_argument, "{}.lot: lot {} is named twice", at, lot.lot);
    if (auto expiry = o.find("expiry"); expiry != o.end() && !expiry->value().is_null()) {
      if (!expiry->value().is_string())
        return make_error(Errc::invalid_argument, "{}.expiry must be a date YYYY-MM-DD or null",
                          at);
      lot.expiry = std::string(expiry->value().as_string());
      if (auto ok = inventory::check_date(at + ".expiry", *lot.expiry); !ok) return ok.error();
    }
    auto units = int_field(o, "qty");
    if (!units) return make_error(Errc::invalid_argument, "{}.qty must be an integer", at);
    if (*units <= 0 || *units > inventory::kMaxQuantity)
      return make_error(Errc::invalid_argument, "{}.qty must be 1..{}, got {}", at,
                        inventory::kMaxQuantity, *units);
    lot.qty = *units;
    total += lot.qty;  // at most kMaxHandoverLots x 10^9: no overflow
    out.push_back(std::move(lot));
  }
  if (!out.empty() && total != qty)
    return make_error(Errc::invalid_argument,
                      "field \"lots\": the lots add up to {} units, the hand-over is {}", total,
                      qty);
  return out;
}

json::array to_json(const std::vector<HandoverLot>& lots) {
  json::array out;
  for (const auto& l : lots)
    out.push_back(json::object{{"lot", l.lot},
                               {"expiry", l.expiry ? json::value(*l.expiry) : json::value(nullptr)},
                               {"qty", l.qty}});
  return out;
}

}  // namespace rfinv::sync
