// Business events as GS1 EPCIS 2.0 JSON-LD, so the stock history can feed other supply-chain
// systems.
//
// One ObjectEvent per business event that changed stock or observed it (receive, issue,
// transfer, seen, counted, count_adjust); unobserved, anomaly, unknown and asset_seen events
// are not exported. Identifiers:
//   epcList      the pure identity URI (urn:epc:id:sgtin:...) when the EPC decodes, else
//                urn:epc:raw:BITS.xHEX;
//   readPoint    urn:rfinv:readpoint:READER:ANTENNA;
//   bizLocation  urn:rfinv:location:CODE (locations carry no GLN, so no SGLN);
//   eventID      urn:uuid: a name-based (SHA-1, RFC 4122 version 5) UUID of the business
//                event's unique key, so exporting the same event twice gives the same id.
// Reader names and location codes are percent-encoded outside A-Z a-z 0-9 - . _ ~.
// Times are UTC: eventTime in microseconds with "Z", eventTimeZoneOffset "+00:00".
//
// Contract: pure functions over EventRecord values; no I/O; safe from any thread.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "inventory/pipeline/events.h"

namespace rfinv::inventory {

inline constexpr std::string_view kEpcisContext =
    "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";

// How a business event reads in EPCIS: action ADD, OBSERVE or DELETE, and CBV 2.0 short
// names for the business step and disposition.
struct EpcisMapping {
  std::string_view action;
  std::string_view biz_step;
  std::string_view disposition;
  bool at_location = true;  // false when the object left (no bizLocation)
};

//   receive                     ADD      receiving       in_progress
//   issue                       DELETE   shipping        in_transit           (no bizLocation)
//   transfer                    OBSERVE  storing         sellable_accessible  (+
//   source/destination) seen at a dock or portal    OBSERVE  arriving        in_progress seen
//   elsewhere              OBSERVE  storing         sellable_accessible counted OBSERVE
//   cycle_counting  sellable_accessible count_adjust, found (+1)    ADD      cycle_counting
//   sellable_accessible count_adjust, moved         OBSERVE  cycle_counting  sellable_accessible (+
//   source/destination) count_adjust, missing       DELETE   cycle_counting  unknown (no
//   bizLocation)
// nullopt for events that are not exported.
std::optional<EpcisMapping> epcis_mapping(const EventRecord& event);

std::string epcis_epc_uri(std::string_view epc_hex);
std::string epcis_read_point_uri(std::string_view reader, std::int64_t antenna);
std::string epcis_location_uri(std::string_view code);
std::string epcis_event_id(std::string_view event_key);

// The ObjectEvent for an exported event (REQUIRES: epcis_mapping(event) has a value).
boost::json::object epcis_object_event(const EventRecord& event, const EpcisMapping& mapping);
// The EPCISDocument holding the exported ones among `events`, in their order.
boost::json::object epcis_document(std::span<const EventRecord> events, Micros created);

}  // namespace rfinv::inventory
