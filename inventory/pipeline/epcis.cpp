#include "inventory/pipeline/epcis.h"

#include <fmt/format.h>

#include <boost/uuid/name_generator_sha1.hpp>
#include <boost/uuid/uuid_io.hpp>

#include "epc/epc.h"

namespace rfinv::inventory {
namespace {

// The namespace of rfinv business event ids (a fixed random UUID; never change it, or every
// exported event gets a new id).
constexpr boost::uuids::uuid kEventNamespace = {{0x5b, 0x2e, 0x9f, 0x4c, 0x71, 0xa3, 0x4d, 0x0e,
                                                 0x8c, 0x16, 0xe2, 0x47, 0x93, 0xd8, 0x0a, 0x5f}};

std::string percent_encode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '.' || c == '_' || c == '~';
    if (plain)
      out.push_back(char(c));
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

bool at_door(const std::optional<std::string>& role) {
  return role && (*role == "dock-in" || *role == "dock-out" || role->starts_with("portal"));
}

void add_source_destination(boost::json::object& out, const EventRecord& e) {
  if (e.from_location)
    out["sourceList"] = boost::json::array{
        {{"type", "location"}, {"source", epcis_location_uri(*e.from_location)}}};
  if (e.to_location)
    out["destinationList"] = boost::json::array{
        {{"type", "location"}, {"destination", epcis_location_uri(*e.to_location)}}};
}

}  // namespace

std::optional<EpcisMapping> epcis_mapping(const EventRecord& e) {
  if (e.kind == "receive") return EpcisMapping{"ADD", "receiving", "in_progress", true};
  if (e.kind == "issue") return EpcisMapping{"DELETE", "shipping", "in_transit", false};
  if (e.kind == "transfer") return EpcisMapping{"OBSERVE", "storing", "sellable_accessible", true};
  if (e.kind == "seen") {
    if (at_door(e.role)) return EpcisMapping{"OBSERVE", "arriving", "in_progress", true};
    return EpcisMapping{"OBSERVE", "storing", "sellable_accessible", true};
  }
  if (e.kind == "counted")
    return EpcisMapping{"OBSERVE", "cycle_counting", "sellable_accessible", true};
  if (e.kind == "count_adjust") {
    if (e.movement_kind == "transfer")
      return EpcisMapping{"OBSERVE", "cycle_counting", "sellable_accessible", true};
    if (e.movement_kind == "adjust" && e.movement_qty && *e.movement_qty > 0)
      return EpcisMapping{"ADD", "cycle_counting", "sellable_accessible", true};
    // Adjusted out, or marked not on hand without a movement.
    return EpcisMapping{"DELETE", "cycle_counting", "unknown", false};
  }
  return std::nullopt;
}

std::string epcis_epc_uri(std::string_view epc_hex) {
  auto decoded = epc::decode_hex(epc_hex);
  if (decoded) return epc::pure_uri(*decoded);
  // Stored EPCs are hex of whole bytes, so this only happens for odd stored text.
  return fmt::format("urn:epc:raw:{}.x{}", epc_hex.size() * 4, epc_hex);
}

std::string epcis_read_point_uri(std::string_view reader, std::int64_t antenna) {
  return fmt::format("urn:rfinv:readpoint:{}:{}", percent_encode(reader), antenna);
}

std::string epcis_location_uri(std::string_view code) {
  return "urn:rfinv:location:" + percent_encode(code);
}

std::string epcis_event_id(std::string_view event_key) {
  boost::uuids::name_generator_sha1 generate(kEventNamespace);
  return "urn:uuid:" + boost::uuids::to_string(generate(event_key.data(), event_key.size()));
}

boost::json::object epcis_object_event(const EventRecord& e, const EpcisMapping& m) {
  boost::json::object out{
      {"type", "ObjectEvent"},
      {"eventTime", format_utc(e.at)},
      {"eventTimeZoneOffset", "+00:00"},
      {"eventID", epcis_event_id(e.key)},
      {"epcList", boost::json::array{boost::json::string(epcis_epc_uri(e.epc))}},
      {"action", m.action},
      {"bizStep", m.biz_step},
      {"disposition", m.disposition},
  };
  if (e.reader && e.antenna)
    out["readPoint"] = {{"id", epcis_read_point_uri(*e.reader, *e.antenna)}};
  if (m.at_location && e.location) out["bizLocation"] = {{"id", epcis_location_uri(*e.location)}};
  if (e.movement_kind == "transfer") add_source_destination(out, e);
  return out;
}

boost::json::object epcis_document(std::span<const EventRecord> events, Micros created) {
  boost::json::array list;
  for (const auto& e : events)
    if (auto m = epcis_mapping(e)) list.push_back(epcis_object_event(e, *m));
  return {{"@context", kEpcisContext},
          {"type", "EPCISDocument"},
          {"schemaVersion", "2.0"},
          {"creationDate", format_utc(created)},
          {"epcisBody", {{"eventList", std::move(list)}}}};
}

}  // namespace rfinv::inventory
