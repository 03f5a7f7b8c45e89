// The pool's event types and their wire names. The names are the "type" of pushed events,
// of the hub's log (event_log.type) and of a node's outbox (sync_outbox.type): changing one
// breaks every stored log and every node that has not been upgraded.
//
// Threading: stateless.
#pragma once

#include <optional>
#include <string_view>

namespace rfinv::sync {

enum class EventType {
  publish,         // an asset joins the pool
  withdraw,        // a pooled asset leaves it
  offer,           // surplus stock is offered
  offer_withdraw,  // an open offer is withdrawn
  request,         // the hub reserved (or refused) an asset or part of an offer; never pushed
  approve,
  decline,
  handover,
  receive,
  give_back,  // "return" on the wire (a keyword here): a loan ends
  cancel,
};

std::string_view to_wire(EventType type);
// nullopt for any other text, including names that differ only in case.
std::optional<EventType> parse_event_type(std::string_view wire);

}  // namespace rfinv::sync
