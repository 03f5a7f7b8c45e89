#include "epc/tag_gs1_data.h"

#include "epc/internal/plus_codec.h"

namespace rfinv::epc {

Result<Gs1Data> gs1_data(const Epc& epc, std::chrono::year_month_day today) {
  if (epc.scheme == Scheme::raw)
    return make_error(Errc::not_found, "a raw EPC carries no GS1 data");
  if (is_plus(epc.scheme)) return make_gs1_data(detail::plus_elements(epc), today);
  std::vector<AiElement> elements;
  std::string key = *gs1_key(epc);
  std::optional<std::string> serial = serial_text(epc);
  switch (family(epc.scheme)) {
    case Family::sgtin:
      elements = {{"01", key}, {"21", *serial}};
      break;
    case Family::sscc:
      elements = {{"00", key}};
      break;
    case Family::sgln:
      elements = {{"414", key}};
      if (*serial != "0") elements.push_back({"254", *serial});  // 0: no extension (TDS 7.5)
      break;
    case Family::grai:
      elements = {{"8003", key}};
      break;
    case Family::giai:
      elements = {{"8004", key}};
      break;
    case Family::raw:
      break;
  }
  return make_gs1_data(std::move(elements), today);
}

Result<Epc> plus_epc(Scheme scheme, int filter, const Gs1Data& data, std::string_view date_ai) {
  if (!is_plus(scheme))
    return make_error(Errc::invalid_argument, "{} is not a TDS 2.x \"+\" scheme",
                      scheme_name(scheme));
  auto bytes = detail::encode_plus(scheme, filter, data.elements, date_ai);
  if (!bytes) return bytes.error();
  return decode(*bytes);
}

}  // namespace rfinv::epc
