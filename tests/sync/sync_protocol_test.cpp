#define BOOST_TEST_MODULE sync_protocol
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "sync/protocol/events.h"
#include "sync/protocol/pool_assets.h"
#include "sync/protocol/requests.h"

using namespace rfinv::sync;

namespace {

const std::vector<EventType> kEvents{
    EventType::publish, EventType::withdraw,  EventType::offer,   EventType::offer_withdraw,
    EventType::request, EventType::approve,   EventType::decline, EventType::handover,
    EventType::receive, EventType::give_back, EventType::cancel};

const std::vector<RequestStatus> kStatuses{RequestStatus::reserved,   RequestStatus::refused,
                                           RequestStatus::approved,   RequestStatus::declined,
                                           RequestStatus::in_transit, RequestStatus::completed,
                                           RequestStatus::returned,   RequestStatus::cancelled};

constexpr Sides kOwner{true, false}, kRequester{false, true}, kBystander{false, false};

// API.md's table, written out once more by hand: every step a request may take.
struct Allowed {
  EventType event;
  RequestStatus from;
  Sides sides;
  RequestKind kind;
  RequestStatus to;
};

std::vector<Allowed> allowed_steps() {
  using E = EventType;
  using S = RequestStatus;
  std::vector<Allowed> out;
  for (RequestKind kind : {RequestKind::transfer, RequestKind::loan}) {
    out.push_back({E::approve, S::reserved, kOwner, kind, S::approved});
    out.push_back({E::decline, S::reserved, kOwner, kind, S::declined});
    out.push_back({E::decline, S::approved, kOwner, kind, S::declined});
    out.push_back({E::handover, S::approved, kOwner, kind, S::in_transit});
    out.push_back({E::receive, S::in_transit, kRequester, kind, S::completed});
    out.push_back({E::cancel, S::reserved, kRequester, kind, S::cancelled});
    out.push_back({E::cancel, S::approved, kRequester, kind, S::cancelled});
  }
  out.push_back({E::give_back, S::completed, kOwner, RequestKind::loan, S::returned});
  out.push_back({E::give_back, S::completed, kRequester, RequestKind::loan, S::returned});
  return out;
}

std::string name(EventType e, RequestStatus s, Sides sides, RequestKind kind) {
  return std::string(to_wire(e)) + " from " + std::string(to_wire(s)) +
         (sides.owner       ? " by owner"
          : sides.requester ? " by requester"
                            : " by bystander") +
         " of a " + std::string(to_wire(kind));
}

}  // namespace

BOOST_AUTO_TEST_CASE(event_types_keep_their_wire_names) {
  std::vector<std::string> names;
  for (EventType e : kEvents) {
    names.emplace_back(to_wire(e));
    BOOST_TEST((parse_event_type(to_wire(e)) == e), to_wire(e));
  }
  BOOST_TEST(names == (std::vector<std::string>{"publish", "withdraw", "offer", "offer_withdraw",
                                                "request", "approve", "decline", "handover",
                                                "receive", "return", "cancel"}),
             boost::test_tools::per_element());
  for (const char* other : {"", "give_back", "Return", "APPROVE", "publish "})
    BOOST_TEST(!parse_event_type(other).has_value(), other);
}

BOOST_AUTO_TEST_CASE(request_statuses_and_kinds_keep_their_wire_names) {
  std::vector<std::string> names;
  for (RequestStatus s : kStatuses) {
    names.emplace_back(to_wire(s));
    BOOST_TEST((parse_request_status(to_wire(s)) == s), to_wire(s));
  }
  BOOST_TEST(
      names == (std::vector<std::string>{"reserved", "refused", "approved", "declined",
                                         "in_transit", "completed", "returned", "cancelled"}),
      boost::test_tools::per_element());
  BOOST_TEST(!parse_request_status("pending").has_value());
  BOOST_TEST(to_wire(RequestKind::transfer) == "transfer");
  BOOST_TEST(to_wire(RequestKind::loan) == "loan");
  BOOST_TEST((parse_request_kind("loan") == RequestKind::loan));
  BOOST_TEST((parse_request_kind("transfer") == RequestKind::transfer));
  BOOST_TEST(!parse_request_kind("gift").has_value());
}

BOOST_AUTO_TEST_CASE(pool_asset_statuses_keep_their_wire_names) {
  for (auto [s, wire] :
       {std::pair{PoolAssetStatus::pooled, "pooled"},
        std::pair{PoolAssetStatus::reserved, "reserved"}, std::pair{PoolAssetStatus::off, "off"},
        std::pair{PoolAssetStatus::lent, "lent"}}) {
    BOOST_TEST(to_wire(s) == wire);
    BOOST_TEST((parse_pool_asset_status(wire) == s), wire);
  }
  BOOST_TEST(!parse_pool_asset_status("idle").has_value());
}

BOOST_AUTO_TEST_CASE(every_allowed_step_leads_where_api_md_says) {
  for (const auto& a : allowed_steps()) {
    Verdict v = transition(a.from, a.event, a.sides, a.kind);
    BOOST_TEST_CONTEXT(name(a.event, a.from, a.sides, a.kind)) {
      BOOST_TEST(bool(v));
      BOOST_TEST((v.next == a.to));
      BOOST_TEST((step_outcome(a.event) == a.to));
    }
  }
}

BOOST_AUTO_TEST_CASE(every_other_combination_is_refused) {
  const auto allowed = allowed_steps();
  int refused = 0;
  for (EventType e : kEvents)
    for (RequestStatus s : kStatuses)
      for (Sides sides : {kOwner, kRequester, kBystander})
        for (RequestKind kind : {RequestKind::transfer, RequestKind::loan}) {
          bool listed = false;
          for (const auto& a : allowed)
            listed = listed || (a.event == e && a.from == s && a.sides.owner == sides.owner &&
                                a.sides.requester == sides.requester && a.kind == kind);
          if (listed) continue;
          ++refused;
          Verdict v = transition(s, e, sides, kind);
          BOOST_TEST(!v, name(e, s, sides, kind));
          BOOST_TEST(!v.next.has_value(), name(e, s, sides, kind));
        }
  BOOST_TEST(refused == 11 * 8 * 3 * 2 - 16);
}

BOOST_AUTO_TEST_CASE(a_refusal_says_which_rule_failed_first) {
  using E = EventType;
  using S = RequestStatus;
  using R = Refusal;
  struct Case {
    E event;
    S from;
    Sides sides;
    RequestKind kind;
    R why;
  };
  const RequestKind transfer = RequestKind::transfer, loan = RequestKind::loan;
  for (const auto& c : std::vector<Case>{
           // Events that do not move an existing request.
           {E::publish, S::reserved, kOwner, transfer, R::not_a_step},
           {E::withdraw, S::reserved, kOwner, transfer, R::not_a_step},
           {E::offer, S::reserved, kOwner, transfer, R::not_a_step},
           {E::offer_withdraw, S::reserved, kOwner, transfer, R::not_a_step},
           {E::request, S::reserved, kRequester, transfer, R::not_a_step},
           // Only a loan comes back, whoever asks and whatever its status.
           {E::give_back, S::completed, kOwner, transfer, R::not_a_loan},
           {E::give_back, S::reserved, kBystander, transfer, R::not_a_loan},
           // The side is checked before the status.
           {E::approve, S::reserved, kRequester, transfer, R::wrong_party},
           {E::approve, S::completed, kBystander, transfer, R::wrong_party},
           {E::decline, S::reserved, kRequester, loan, R::wrong_party},
           {E::handover, S::approved, kRequester, transfer, R::wrong_party},
           {E::receive, S::in_transit, kOwner, transfer, R::wrong_party},
           {E::cancel, S::reserved, kOwner, transfer, R::wrong_party},
           {E::give_back, S::completed, kBystander, loan, R::wrong_party},
           // Then the status.
           {E::approve, S::approved, kOwner, transfer, R::wrong_status},
           {E::approve, S::refused, kOwner, transfer, R::wrong_status},
           {E::decline, S::in_transit, kOwner, transfer, R::wrong_status},
           {E::handover, S::reserved, kOwner, transfer, R::wrong_status},
           {E::receive, S::approved, kRequester, transfer, R::wrong_status},
           {E::receive, S::completed, kRequester, transfer, R::wrong_status},
           {E::cancel, S::in_transit, kRequester, transfer, R::wrong_status},
           {E::cancel, S::declined, kRequester, transfer, R::wrong_status},
           {E::give_back, S::returned, kOwner, loan, R::wrong_status},
           {E::give_back, S::in_transit, kRequester, loan, R::wrong_status},
       }) {
    Verdict v = transition(c.from, c.event, c.sides, c.kind);
    BOOST_TEST_CONTEXT(name(c.event, c.from, c.sides, c.kind)) {
      BOOST_TEST(!v);
      BOOST_TEST((v.refusal == c.why));
    }
  }
}

BOOST_AUTO_TEST_CASE(final_statuses_accept_no_step) {
  for (RequestStatus s : {RequestStatus::refused, RequestStatus::declined, RequestStatus::returned,
                          RequestStatus::cancelled})
    for (EventType e : kEvents)
      for (Sides sides : {kOwner, kRequester})
        BOOST_TEST(!transition(s, e, sides, RequestKind::loan),
                   name(e, s, sides, RequestKind::loan));
}

BOOST_AUTO_TEST_CASE(who_takes_each_step) {
  BOOST_TEST((step_party(EventType::approve) == Party::owner));
  BOOST_TEST((step_party(EventType::decline) == Party::owner));
  BOOST_TEST((step_party(EventType::handover) == Party::owner));
  BOOST_TEST((step_party(EventType::receive) == Party::requester));
  BOOST_TEST((step_party(EventType::cancel) == Party::requester));
  BOOST_TEST((step_party(EventType::give_back) == Party::either));
  for (EventType e : {EventType::publish, EventType::withdraw, EventType::offer,
                      EventType::offer_withdraw, EventType::request}) {
    BOOST_TEST(!step_party(e).has_value(), to_wire(e));
  }
}

BOOST_AUTO_TEST_CASE(a_request_event_leads_to_reserved_and_pool_events_to_no_status) {
  BOOST_TEST((step_outcome(EventType::request) == RequestStatus::reserved));
  for (EventType e :
       {EventType::publish, EventType::withdraw, EventType::offer, EventType::offer_withdraw})
    BOOST_TEST(!step_outcome(e).has_value(), to_wire(e));
}
