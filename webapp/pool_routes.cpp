// The pool and the assets: the listing, this department's requests, asking, the steps of a
// request (approve, decline, hand-over, receive), the asset register, and a manager
// publishing their department's asset to the pool or withdrawing it. Steps are sent to the
// hub at once when it answers (service::Node).
#include <algorithm>

#include "webapp/body.h"
#include "webapp/route.h"
#include "webapp/views.h"

namespace rfinv::webapp {
namespace {

namespace json = boost::json;
using auth::Right;

Response pool(const Route& r) {
  return r.ok(pool_json(need(r.call.node.pool_listing(std::nullopt))));
}

Response pool_request(const Route& r) {
  r.require(Right::manage_pool, "request from the pool");
  Body body(r.req().body(), {{"asset", Type::string},
                             {"offer", Type::string},
                             {"qty", Type::integer},
                             {"until", Type::string},
                             {"reason", Type::string}});
  auto asset = body.string("asset"), offer = body.string("offer");
  if (asset.has_value() == offer.has_value())
    fail(bad_request("give exactly one of \"asset\" and \"offer\"", asset ? "offer" : "asset"));
  std::optional<Micros> until;
  if (auto text = body.string("until")) {
    until = parse_utc(*text);
    if (!until) fail(bad_request(fmt::format("until \"{}\" is not a date", *text), "until"));
  }
  auto request = need(r.call.node.request_from_pool(asset ? *asset : *offer, body.integer("qty"),
                                                    body.string("reason").value_or(""), until));
  auto out = request_json(request);
  r.call.publish("pool", out);
  return r.created(out);
}

struct Step {
  std::string_view name;
  sync::RequestStep step;
  Right right;
  bool owner_side;  // else the requester's side takes it
};
constexpr Step kSteps[] = {
    {"approve", sync::RequestStep::approve, Right::manage_pool, true},
    {"decline", sync::RequestStep::decline, Right::manage_pool, true},
    {"handover", sync::RequestStep::handover, Right::pool_custody, true},
    {"receive", sync::RequestStep::receive, Right::pool_custody, false},
};

Response request_step(const Route& r, const std::string& id, const Step& step) {
  r.require(step.right, fmt::format("{} pool requests", step.name));
  Body body(r.req().body().empty() ? std::string_view("{}") : std::string_view(r.req().body()),
            {{"location", Type::string}});
  auto requests = need(r.call.node.pool_requests(true));
  auto request = std::find_if(requests.begin(), requests.end(),
                              [&](const sync::PoolRequest& q) { return q.id == id; });
  if (request == requests.end())
    fail({http::status::not_found, "not_found", fmt::format("unknown pool request {}", id),
          std::nullopt});
  const std::string& dept = step.owner_side ? request->to_dept : request->from_dept;
  if (!auth::may_act_for(r.who.user, dept))
    fail(forbidden(fmt::format("request {} is for department {}, not {}", id, dept,
                               r.who.user.dept.value_or("-"))));
  auto sent = need(r.call.node.request_step(step.step, id, body.string("location"), false));
  json::object out{{"id", id}, {"step", step.name}, {"sent", sent.sent}, {"seq", sent.seq}};
  r.call.publish("pool", out);
  return r.ok(out);
}

Response assets(const Route& r) {
  std::optional<inventory::AssetStatus> status;
  if (auto text = r.target.param("status")) {
    status = inventory::parse_asset_status(*text);
    if (!status)
      fail(bad_request(fmt::format("status \"{}\" is not an asset status", *text), "status"));
  }
  return r.ok(array_of(need(r.call.node.list_assets(r.target.param("dept"), status)), asset_json));
}

// publish or withdraw: the department check comes before anything is queued for the hub.
Response asset_step(const Route& r, const std::string& code, const std::string& step) {
  r.require(Right::manage_pool, fmt::format("{} pool assets", step));
  // No fields: an empty body or {} (anything else is a 400 naming the field).
  Body body(r.req().body().empty() ? std::string_view("{}") : std::string_view(r.req().body()),
            std::initializer_list<Field>{});
  auto asset = need(r.call.node.get_asset(code));
  if (!auth::may_act_for(r.who.user, asset.dept))
    fail(forbidden(fmt::format("asset {} belongs to department {}, not {}", code, asset.dept,
                               r.who.user.dept.value_or("-"))));
  auto sent = need(step == "publish" ? r.call.node.publish_asset(code, false)
                                     : r.call.node.withdraw_asset(code, false));
  boost::json::object out{{"asset", code}, {"step", step}, {"sent", sent.sent}, {"seq", sent.seq}};
  r.call.publish("pool", out);
  return r.ok(out);
}

}  // namespace

std::vector<sync::PoolRequest> department_requests(service::Node& node) {
  auto requests = node.pool_requests(false);
  if (!requests && requests.error().code == Errc::not_found) return {};
  return need(std::move(requests));
}

std::optional<Response> pool_routes(const Route& r) {
  const auto& s = r.segments();
  const bool get = r.is(http::verb::get), post = r.is(http::verb::post);
  if (s.size() == 1 && s[0] == "assets" && get) return assets(r);
  if (s.empty() || s[0] != "pool") return std::nullopt;
  if (s.size() == 1 && get) return pool(r);
  if (s.size() == 2 && s[1] == "requests" && get)
    return r.ok(array_of(department_requests(r.call.node), request_json));
  if (s.size() == 2 && s[1] == "requests" && post) return pool_request(r);
  if (s.size() == 4 && s[1] == "requests" && post)
    for (const auto& step : kSteps)
      if (step.name == s[3]) return request_step(r, s[2], step);
  if (s.size() == 4 && s[1] == "assets" && post && (s[3] == "publish" || s[3] == "withdraw"))
    return asset_step(r, s[2], s[3]);
  return std::nullopt;
}

}  // namespace rfinv::webapp
