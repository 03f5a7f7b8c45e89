// Assets: the register, and a manager publishing their department's asset to the pool or
// withdrawing it (service::Node::publish_asset / withdraw_asset, sent to the hub at once
// when it answers).
#include "webapp/body.h"
#include "webapp/route.h"
#include "webapp/views.h"

namespace rfinv::webapp {
namespace {

using auth::Right;

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
Response pool_step(const Route& r, const std::string& code, const std::string& step) {
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

std::optional<Response> asset_routes(const Route& r) {
  const auto& s = r.segments();
  if (s.size() == 1 && s[0] == "assets" && r.is(http::verb::get)) return assets(r);
  if (s.size() == 4 && s[0] == "pool" && s[1] == "assets" && r.is(http::verb::post) &&
      (s[3] == "publish" || s[3] == "withdraw"))
    return pool_step(r, s[2], s[3]);
  return std::nullopt;
}

}  // namespace rfinv::webapp
