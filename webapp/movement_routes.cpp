// Movements: the history with filters, posting one, and reversing one.
#include "base/json_values.h"
#include "webapp/body.h"
#include "webapp/route.h"
#include "webapp/views.h"

namespace rfinv::webapp {
namespace {

namespace json = boost::json;
using auth::Right;

std::optional<Micros> date_param(const Target& t, const std::string& key) {
  auto text = t.param(key);
  if (!text) return std::nullopt;
  auto at = parse_utc(*text);
  if (!at) fail(bad_request(fmt::format("{} \"{}\" is not a date (YYYY-MM-DD)", key, *text), key));
  return at;
}

Response movements(const Route& r) {
  inventory::MovementFilter filter;
  filter.sku = r.target.param("sku");
  filter.location = r.target.param("location");
  filter.since = date_param(r.target, "since");
  // until is a day: movements of that whole day are in.
  if (auto until = date_param(r.target, "until")) filter.until = *until + 24LL * 3600 * 1'000'000;
  return r.ok(array_of(need(r.call.node.list_movements(filter)), movement_json));
}

Response post_movement(const Route& r) {
  r.require(Right::post_movements, "post stock movements");
  Body body(r.req().body(), {{"kind", Type::string, true},
                             {"sku", Type::string, true},
                             {"qty", Type::integer, true},
                             {"from", Type::string},
                             {"to", Type::string},
                             {"reason", Type::string},
                             {"key", Type::string},
                             {"lot", Type::string},
                             {"expiry", Type::string}});
  std::optional<inventory::MovementKind> kind;
  for (auto k : {inventory::MovementKind::receive, inventory::MovementKind::issue,
                 inventory::MovementKind::transfer, inventory::MovementKind::adjust})
    if (inventory::to_string(k) == body.need_string("kind")) kind = k;
  if (!kind)
    fail(bad_request(fmt::format("kind \"{}\" is not receive, issue, transfer or adjust",
                                 body.need_string("kind")),
                     "kind"));
  inventory::MovementRequest m;
  m.kind = *kind;
  m.sku = body.need_string("sku");
  m.qty = body.need_integer("qty");
  m.from = body.string("from");
  m.to = body.string("to");
  m.reason = body.string("reason");
  m.key = body.string("key");
  m.lot = body.string("lot");
  m.expiry = body.string("expiry");
  m.actor = r.actor();
  auto posted = need(r.call.node.post_movement(m));
  json::object out{{"id", posted.id},
                   {"replayed", posted.replayed},
                   {"lots", array_of(posted.lots, lot_qty_json)}};
  if (!posted.replayed)
    r.call.publish("movement", {{"id", posted.id},
                                {"kind", body.need_string("kind")},
                                {"sku", m.sku},
                                {"qty", m.qty},
                                {"from", or_null(m.from)},
                                {"to", or_null(m.to)},
                                {"actor", m.actor}});
  return r.created(out);
}

// A reversal is a new compensating movement; reversing the same movement again answers the
// earlier reversal (replayed).
Response reverse(const Route& r, const std::string& id) {
  r.require(Right::post_movements, "reverse stock movements");
  Body body(r.req().body(), {{"reason", Type::string, true}});
  auto reason = body.need_string("reason");
  if (reason.empty()) fail(bad_request("reason must not be empty", "reason"));
  auto reversal = need(r.call.node.reverse_movement(path_id(id), reason, r.actor()));
  json::object out{{"id", reversal.posted.id},
                   {"replayed", reversal.posted.replayed},
                   {"reverses", path_id(id)},
                   {"sku", reversal.sku},
                   {"description", reversal.description}};
  if (!reversal.posted.replayed) r.call.publish("movement", out);
  return r.created(out);
}

}  // namespace

std::optional<Response> movement_routes(const Route& r) {
  const auto& s = r.segments();
  if (s.empty() || s[0] != "movements") return std::nullopt;
  if (s.size() == 1 && r.is(http::verb::get)) return movements(r);
  if (s.size() == 1 && r.is(http::verb::post)) return post_movement(r);
  if (s.size() == 3 && s[2] == "reverse" && r.is(http::verb::post)) return reverse(r, s[1]);
  return std::nullopt;
}

}  // namespace rfinv::webapp
