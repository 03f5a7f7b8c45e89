#include "sync/protocol/requests.h"

#include <array>

#include "sync/protocol/internal/wire_names.h"

namespace rfinv::sync {
namespace {

constexpr WireNames<RequestStatus, 8> kStatusNames{{{
    {RequestStatus::reserved, "reserved"},
    {RequestStatus::refused, "refused"},
    {RequestStatus::approved, "approved"},
    {RequestStatus::declined, "declined"},
    {RequestStatus::in_transit, "in_transit"},
    {RequestStatus::completed, "completed"},
    {RequestStatus::returned, "returned"},
    {RequestStatus::cancelled, "cancelled"},
}}};

constexpr WireNames<RequestKind, 2> kKindNames{{{
    {RequestKind::transfer, "transfer"},
    {RequestKind::loan, "loan"},
}}};

// A set of statuses, one bit each.
template <class... Statuses>
constexpr unsigned any_of(Statuses... statuses) {
  return ((1u << static_cast<unsigned>(statuses)) | ...);
}

// One row per step: who takes it, from which statuses, to which one.
struct Step {
  EventType event;
  Party by;
  unsigned from;  // any_of(...)
  RequestStatus to;
  bool loans_only = false;
};

using S = RequestStatus;
constexpr std::array<Step, 6> kSteps{{
    {EventType::approve, Party::owner, any_of(S::reserved), S::approved},
    {EventType::decline, Party::owner, any_of(S::reserved, S::approved), S::declined},
    {EventType::handover, Party::owner, any_of(S::approved), S::in_transit},
    {EventType::receive, Party::requester, any_of(S::in_transit), S::completed},
    {EventType::give_back, Party::either, any_of(S::completed), S::returned, true},
    {EventType::cancel, Party::requester, any_of(S::reserved, S::approved), S::cancelled},
}};

constexpr const Step* find_step(EventType event) {
  for (const auto& step : kSteps)
    if (step.event == event) return &step;
  return nullptr;
}

bool may_act(Party by, Sides sides) {
  switch (by) {
    case Party::owner:
      return sides.owner;
    case Party::requester:
      return sides.requester;
    case Party::either:
      return sides.owner || sides.requester;
  }
  return false;
}

}  // namespace

std::string_view to_wire(RequestStatus status) { return kStatusNames.name(status); }
std::optional<RequestStatus> parse_request_status(std::string_view wire) {
  return kStatusNames.parse(wire);
}

std::string_view to_wire(RequestKind kind) { return kKindNames.name(kind); }
std::optional<RequestKind> parse_request_kind(std::string_view wire) {
  return kKindNames.parse(wire);
}

Verdict transition(RequestStatus from, EventType event, Sides sides, RequestKind kind) {
  // The order of the checks decides which refusal a user reads; it is the one the hub and
  // the node have always used.
  const Step* step = find_step(event);
  if (!step) return {std::nullopt, Refusal::not_a_step};
  if (step->loans_only && kind != RequestKind::loan) return {std::nullopt, Refusal::not_a_loan};
  if (!may_act(step->by, sides)) return {std::nullopt, Refusal::wrong_party};
  if (!(step->from & any_of(from))) return {std::nullopt, Refusal::wrong_status};
  return {step->to};
}

std::optional<Party> step_party(EventType event) {
  const Step* step = find_step(event);
  return step ? std::optional<Party>(step->by) : std::nullopt;
}

std::optional<RequestStatus> step_outcome(EventType event) {
  if (event == EventType::request) return RequestStatus::reserved;
  const Step* step = find_step(event);
  return step ? std::optional<RequestStatus>(step->to) : std::nullopt;
}

}  // namespace rfinv::sync
