// A pool request's life and the one rule table for it. The hub applies these rules when a
// node pushes a step, the node checks them before it queues one (so obvious mistakes fail
// at once, offline), and the node's effects follow the status a step leads to; all three
// read the table behind transition(), so they cannot drift apart.
//
//   request -> reserved -approve-> approved -handover-> in_transit -receive-> completed
//           -> refused      |                  |                               | (loans)
//                           +-decline, cancel--+-> declined, cancelled         +-return-> returned
//
// Threading: stateless.
#pragma once

#include <optional>
#include <string_view>

#include "sync/protocol/events.h"

namespace rfinv::sync {

// Wire and database names as in API.md (REQUEST.status).
enum class RequestStatus {
  reserved,
  refused,
  approved,
  declined,
  in_transit,
  completed,
  returned,
  cancelled
};
std::string_view to_wire(RequestStatus status);
std::optional<RequestStatus> parse_request_status(std::string_view wire);

// A transfer changes the owner at receive; a loan changes only the holder, until returned.
enum class RequestKind { transfer, loan };
std::string_view to_wire(RequestKind kind);
std::optional<RequestKind> parse_request_kind(std::string_view wire);

// Who may take a step: the request's owner (to_dept), its requester (from_dept), or either.
enum class Party { owner, requester, either };

// Where the acting department stands in a request (both false: a bystander).
struct Sides {
  bool owner = false;
  bool requester = false;
};

// Why a step is refused, in the order the rules are checked: the first that applies wins.
enum class Refusal {
  not_a_step,    // the event does not move an existing request (publish, offer, request...)
  not_a_loan,    // only a loan can be returned
  wrong_party,   // the acting department is not the side the step belongs to
  wrong_status,  // the request is not in a status the step starts from
};

// The outcome of transition(): the status after the step, or why it may not be taken.
// The callers word the refusal themselves (the hub answers the pushing node, the node
// answers its user), so it is a value, not a message.
struct Verdict {
  std::optional<RequestStatus> next;
  Refusal refusal = Refusal::not_a_step;  // meaningful only when next is empty
  explicit operator bool() const { return next.has_value(); }
};

// Whether `event`, taken by a department standing at `sides` of a request of `kind` that
// is `from`, is allowed, and the status it leads to.
Verdict transition(RequestStatus from, EventType event, Sides sides, RequestKind kind);

// Who may take `event`; nullopt when it is not a step of an existing request.
std::optional<Party> step_party(EventType event);
// The status `event` leaves a request in when allowed (a request event: reserved, when the
// hub won the reservation); nullopt for events that are not about requests.
std::optional<RequestStatus> step_outcome(EventType event);

}  // namespace rfinv::sync
