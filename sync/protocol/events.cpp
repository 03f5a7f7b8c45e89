#include "sync/protocol/events.h"

#include "sync/protocol/internal/wire_names.h"

namespace rfinv::sync {
namespace {

constexpr WireNames<EventType, 11> kNames{{{
    {EventType::publish, "publish"},
    {EventType::withdraw, "withdraw"},
    {EventType::offer, "offer"},
    {EventType::offer_withdraw, "offer_withdraw"},
    {EventType::request, "request"},
    {EventType::approve, "approve"},
    {EventType::decline, "decline"},
    {EventType::handover, "handover"},
    {EventType::receive, "receive"},
    {EventType::give_back, "return"},
    {EventType::cancel, "cancel"},
}}};

}  // namespace

std::string_view to_wire(EventType type) { return kNames.name(type); }

std::optional<EventType> parse_event_type(std::string_view wire) { return kNames.parse(wire); }

}  // namespace rfinv::sync
