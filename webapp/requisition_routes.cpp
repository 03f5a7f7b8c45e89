// Ward requisitions (inventory/requisitions/requisitions.h): the list, one requisition, a ward
// raising one, and its steps. Who takes which step:
//   raise, receive, close     the ward's side: a manager, for a ward of their own department
//   approve                   a buyer or a storekeeper (the service checks the role again)
//   pick, ship                a storekeeper
//   cancel                    either side: an approver, or the ward's manager
// Each write checks the role before it reads the body and the department before it changes
// anything; each takes an idempotency key ("key") as the CLI's --key.
#include <fmt/format.h>

#include "webapp/body.h"
#include "webapp/route.h"
#include "webapp/views.h"

namespace rfinv::webapp {
namespace {

namespace json = boost::json;
using auth::Right;
using inventory::RequestedQty;

// Fails with 403 unless the caller may act for the ward's department `dept`.
void require_ward(const Route& r, const std::string& ward, const std::string& dept) {
  if (!auth::may_act_for(r.who.user, dept))
    fail(forbidden(fmt::format("ward {} belongs to department {}, not {}", ward, dept,
                               r.who.user.dept.value_or("-"))));
}

// [{"sku": "GLOVE", "qty": 10}, ...]; anything else is a 400 naming "lines".
std::vector<RequestedQty> parse_lines(const json::array* lines) {
  std::vector<RequestedQty> out;
  if (!lines) return out;
  for (std::size_t i = 0; i < lines->size(); ++i) {
    const json::object* line = (*lines)[i].if_object();
    const json::value* sku = line ? line->if_contains("sku") : nullptr;
    const json::value* qty = line ? line->if_contains("qty") : nullptr;
    if (!line || line->size() != 2 || !sku || !sku->is_string() || !qty || !qty->is_int64())
      fail(bad_request(fmt::format("lines[{}] must be {{\"sku\": string, \"qty\": integer}}", i),
                       "lines"));
    out.push_back({std::string(sku->as_string()), qty->as_int64()});
  }
  return out;
}

json::object done_json(const Route& r, const inventory::StepDone& done, std::string_view step) {
  auto out = requisition_json(done.requisition);
  out["replayed"] = done.replayed;
  if (!done.replayed)
    r.call.publish("requisition", {{"id", done.requisition.id},
                                   {"step", step},
                                   {"status", to_string(done.requisition.status)},
                                   {"actor", r.actor()}});
  return out;
}

Response list(const Route& r) {
  std::optional<inventory::RequisitionStatus> status;
  if (auto text = r.target.param("status")) {
    status = inventory::parse_requisition_status(*text);
    if (!status)
      fail(bad_request(fmt::format("status \"{}\" is not a requisition status", *text), "status"));
  }
  return r.ok(array_of(need(r.call.node.list_requisitions(status)), requisition_json));
}

Response create(const Route& r) {
  r.require(Right::ward_requisitions, "raise requisitions");
  Body body(r.req().body(), {{"from", Type::string, true},
                             {"to", Type::string, true},
                             {"lines", Type::array, true},
                             {"note", Type::string},
                             {"key", Type::string}});
  inventory::NewRequisition n;
  n.from = body.need_string("from");
  n.to = body.need_string("to");
  n.lines = parse_lines(body.array("lines"));
  n.note = body.string("note");
  n.actor = r.actor();
  n.key = body.string("key");
  auto dept = r.call.node.ward_department(n.to);
  if (!dept) {
    auto error = api_error(dept.error());
    error.field = "to";
    fail(std::move(error));
  }
  require_ward(r, n.to, *dept);
  return r.created(done_json(r, need(r.call.node.create_requisition(n)), "create"));
}

enum class Side { store, ward, either };

struct Step {
  std::string_view name;
  Side side;
  Right right;  // what the step needs (cancel: an approver needs no more)
};
constexpr Step kSteps[] = {
    {"approve", Side::store, Right::approve_requisitions},
    {"pick", Side::store, Right::fill_requisitions},
    {"ship", Side::store, Right::fill_requisitions},
    {"receive", Side::ward, Right::ward_requisitions},
    {"close", Side::ward, Right::ward_requisitions},
    {"cancel", Side::either, Right::ward_requisitions},
};

Response step(const Route& r, const std::string& id_text, const Step& step) {
  // An approver cancels for the store; anyone else acts for the ward.
  const bool ward_side =
      step.side == Side::ward ||
      (step.side == Side::either && !auth::has_right(r.who.user.role, Right::approve_requisitions));
  // The role check, before the body is read.
  if (step.side != Side::either || ward_side)
    r.require(step.right, fmt::format("{} requisitions", step.name));
  const bool receive = step.name == "receive", close = step.name == "close";
  std::string_view text = r.req().body().empty() ? "{}" : std::string_view(r.req().body());
  Body body = receive ? Body(text, {{"key", Type::string}, {"lines", Type::array}})
              : close ? Body(text, {{"key", Type::string}, {"reason", Type::string, true}})
                      : Body(text, {{"key", Type::string}});
  inventory::RequisitionStep s{path_id(id_text), r.actor(), body.string("key")};
  if (ward_side) {
    auto requisition = need(r.call.node.get_requisition(s.id));
    require_ward(r, requisition.to, requisition.dept);
  }
  auto& node = r.call.node;
  inventory::StepDone done;
  if (step.name == "approve") {
    done = need(node.approve_requisition(s, r.actor()));
  } else if (step.name == "pick") {
    done = need(node.pick_requisition(s));
  } else if (step.name == "ship") {
    done = need(node.ship_requisition(s));
  } else if (receive) {
    // No lines receives everything in transit; an empty list would too, which is not what it says.
    const json::array* lines = body.array("lines");
    if (lines && lines->empty())
      fail(bad_request("lines must not be empty; leave it out to receive everything in transit",
                       "lines"));
    done = need(node.receive_requisition(s, parse_lines(lines)));
  } else if (close) {
    auto reason = body.need_string("reason");
    if (reason.empty()) fail(bad_request("reason must not be empty", "reason"));
    done = need(node.close_requisition(s, reason));
  } else {
    done = need(node.cancel_requisition(s));
  }
  return r.ok(done_json(r, done, step.name));
}

}  // namespace

std::optional<Response> requisition_routes(const Route& r) {
  const auto& s = r.segments();
  if (s.empty() || s[0] != "requisitions") return std::nullopt;
  const bool get = r.is(http::verb::get), post = r.is(http::verb::post);
  if (s.size() == 1 && get) return list(r);
  if (s.size() == 1 && post) return create(r);
  if (s.size() == 2 && get)
    return r.ok(requisition_json(need(r.call.node.get_requisition(path_id(s[1])))));
  if (s.size() == 3 && post)
    for (const auto& st : kSteps)
      if (st.name == s[2]) return step(r, s[1], st);
  return std::nullopt;
}

}  // namespace rfinv::webapp
