#include "webapp/api.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <map>
#include <vector>

#include "auth/permissions.h"
#include "base/csv.h"
#include "base/hex.h"
#include "inventory/catalog/validate.h"
#include "webapp/body.h"
#include "webapp/route.h"
#include "webapp/views.h"

namespace rfinv::webapp {
namespace {

namespace json = boost::json;
using auth::Right;

constexpr std::string_view kCookie = "rfinv_session";

std::string url_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex_digit(text[i + 1]) >= 0 &&
               hex_digit(text[i + 2]) >= 0) {
      out += char(hex_digit(text[i + 1]) * 16 + hex_digit(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::optional<Target> parse_target(std::string_view target) {
  auto q = target.find('?');
  std::string_view path = target.substr(0, q);
  constexpr std::string_view kPrefix = "/api/v1/";
  if (path.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  Target t;
  path.remove_prefix(kPrefix.size());
  while (!path.empty()) {
    auto slash = path.find('/');
    t.segments.push_back(url_decode(path.substr(0, slash)));
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
  }
  std::string_view query = q == std::string_view::npos ? "" : target.substr(q + 1);
  while (!query.empty()) {
    auto amp = query.find('&');
    auto part = query.substr(0, amp);
    auto eq = part.find('=');
    t.query[url_decode(part.substr(0, eq))] =
        eq == std::string_view::npos ? "" : url_decode(part.substr(eq + 1));
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
  }
  return t;
}

std::optional<std::string> session_cookie(const Request& req) {
  for (auto it = req.find(http::field::cookie);
       it != req.end() && it->name() == http::field::cookie; ++it) {
    std::string_view text = it->value();
    while (!text.empty()) {
      auto semi = text.find(';');
      auto part = text.substr(0, semi);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      if (part.substr(0, kCookie.size()) == kCookie && part.size() > kCookie.size() &&
          part[kCookie.size()] == '=')
        return std::string(part.substr(kCookie.size() + 1));
      text = semi == std::string_view::npos ? std::string_view{} : text.substr(semi + 1);
    }
  }
  return std::nullopt;
}

bool same_secret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool wants_csv(const Request& req) {
  return req[http::field::accept].find("text/csv") != std::string_view::npos;
}

json::object session_json(const auth::Principal& p) {
  return {{"user", p.user.name},
          {"role", auth::to_string(p.user.role)},
          {"dept", p.user.dept ? json::value(*p.user.dept) : json::value(nullptr)},
          {"csrf", p.csrf ? json::value(*p.csrf) : json::value(nullptr)},
          {"lang", p.user.lang}};
}

std::string session_cookie_header(const std::string& value, bool tls, bool clear) {
  return fmt::format("{}={}; HttpOnly; SameSite=Strict; Path=/{}{}", kCookie, value,
                     tls ? "; Secure" : "", clear ? "; Max-Age=0" : "");
}

std::string stock_csv(const std::vector<inventory::StockLine>& lines) {
  std::string out = "sku,name,location,qty,unit\n";
  for (const auto& l : lines)
    out += fmt::format("{},{},{},{},{}\n", csv_field(l.sku), csv_field(l.name),
                       csv_field(l.location), l.qty, csv_field(l.unit));
  return out;
}

std::string reorder_csv(const std::vector<inventory::ReorderLine>& lines) {
  std::string out = "supplier,sku,name,qty,unit,unit_cost,value,on_hand,on_order,lead_days\n";
  for (const auto& l : lines)
    out += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", csv_field(l.supplier), csv_field(l.sku),
                       csv_field(l.name), l.suggested_qty, csv_field(l.unit),
                       inventory::format_cents(l.unit_cost_cents),
                       inventory::format_cents(l.value_cents), l.on_hand, l.on_order, l.lead_days);
  return out;
}

int severity(const std::string& kind) { return kind == "stockout" ? 0 : kind == "safety" ? 1 : 2; }

// On hand at the end of each day that had a movement, newest last, walking back from today's
// total through the movements given (newest first).
json::array on_hand_history(std::int64_t on_hand,
                            const std::vector<inventory::MovementRecord>& movements) {
  std::vector<std::pair<std::string, std::int64_t>> days;
  for (const auto& m : movements) {
    std::string day = format_utc(m.at).substr(0, 10);
    if (days.empty() || days.back().first != day) days.push_back({day, on_hand});
    // Undo the movement: transfers leave the item's total unchanged.
    if (m.kind == "receive" || m.kind == "adjust") on_hand -= m.qty;
    if (m.kind == "issue" || m.kind == "dispose") on_hand += m.qty;
  }
  json::array out;
  for (auto it = days.rbegin(); it != days.rend(); ++it)
    out.push_back({{"date", it->first}, {"on_hand", it->second}});
  return out;
}

class Router {
 public:
  explicit Router(ApiCall& call) : call_(call), req_(call.req) {}

  // The event stream is a read: the caller must only be logged in.
  void check_events_access() { authenticate(); }

  Response route() {
    auto target = parse_target(req_.target());
    if (!target) fail(not_found());
    t_ = std::move(*target);
    const auto& s = t_.segments;
    if (s.size() == 1 && s[0] == "session") return session();
    authenticate();
    if (s.size() == 1 && s[0] == "stock" && get()) return stock();
    if (s.size() == 1 && s[0] == "items" && get()) return items();
    if (s.size() == 2 && s[0] == "items" && get()) return item(s[1]);
    if (s.size() == 2 && s[0] == "items" && method(http::verb::patch)) return edit_item(s[1]);
    if (s.size() == 1 && s[0] == "lookup" && get()) return lookup();
    if (s.size() == 1 && s[0] == "alerts" && get()) return alerts();
    if (s.size() == 3 && s[0] == "alerts" && s[2] == "ack" && post()) return ack(s[1]);
    if (s.size() == 1 && s[0] == "reorder" && get()) return reorder();
    if (s.size() == 1 && s[0] == "dashboard" && get()) return dashboard();
    if (s.size() == 1 && s[0] == "orders" && get()) return orders();
    if (s.size() == 1 && s[0] == "orders" && post()) return place_order();
    if (s.size() == 1 && s[0] == "locations" && get()) return locations();
    if (s.size() == 1 && s[0] == "readers" && get()) return readers();
    if (s.size() == 1 && s[0] == "counts" && get()) return counts();
    if (s.size() == 1 && s[0] == "counts" && post()) return start_count();
    if (s.size() == 3 && s[0] == "counts" && s[2] == "finish" && post()) return finish_count(s[1]);
    if (s.size() == 1 && s[0] == "users" && get()) return users();
    if (s.size() == 1 && s[0] == "users" && post()) return add_user();
    const Route route{call_, t_, *who_};
    for (auto group : {movement_routes, pool_routes, admin_routes, planning_routes, lot_routes,
                       requisition_routes})
      if (auto res = group(route)) return std::move(*res);
    fail(not_found());
  }

 private:
  ApiError not_found() const {
    return {http::status::not_found, "not_found",
            fmt::format("no route {} {}", std::string(req_.method_string()),
                        std::string(req_.target().substr(0, req_.target().find('?')))),
            std::nullopt};
  }
  bool method(http::verb v) const { return req_.method() == v; }
  bool get() const { return method(http::verb::get); }
  bool post() const { return method(http::verb::post); }
  bool is_write() const { return !get() && !method(http::verb::head); }

  Response ok(const json::value& body) { return json_response(req_, http::status::ok, body); }
  Response created(const json::value& body) {
    return json_response(req_, http::status::created, body);
  }

  // The caller, from a bearer token or the session cookie; a cookie write needs the CSRF
  // token. Sets who_.
  void authenticate() {
    auto header = req_[http::field::authorization];
    constexpr std::string_view kBearer = "Bearer ";
    if (header.substr(0, kBearer.size()) == kBearer) {
      who_ = need(call_.node.token_principal(std::string(header.substr(kBearer.size()))));
      return;
    }
    auto cookie = session_cookie(req_);
    if (!cookie) fail({http::status::unauthorized, "unauthorized", "not logged in", std::nullopt});
    who_ = need(call_.node.session_principal(*cookie));
    if (is_write() && !same_secret(req_["X-CSRF-Token"], who_->csrf.value_or("")))
      fail({http::status::forbidden, "csrf", "missing or wrong X-CSRF-Token header", std::nullopt});
  }

  void require(Right right, std::string_view what) { webapp::require(*who_, right, what); }

  const std::string& actor() const { return who_->user.name; }

  // --- session
  Response session() {
    if (post()) {
      Body body(req_.body(), {{"user", Type::string, true}, {"password", Type::string, true}});
      auto opened =
          call_.node.login(body.need_string("user"), body.need_string("password"), call_.address);
      if (!opened && opened.error().code == Errc::refused)
        fail({http::status::too_many_requests, "too_many_attempts", opened.error().message,
              std::nullopt});
      auto session = need(std::move(opened));
      auto res = ok(session_json(session.principal));
      res.set(http::field::set_cookie, session_cookie_header(session.id, call_.tls, false));
      return res;
    }
    authenticate();
    if (get()) return ok(session_json(*who_));
    if (method(http::verb::delete_)) {
      if (auto cookie = session_cookie(req_)) need(call_.node.logout(*cookie));
      Response res{http::status::no_content, req_.version()};
      set_security_headers(res);
      res.set(http::field::set_cookie, session_cookie_header("", call_.tls, true));
      res.keep_alive(req_.keep_alive());
      res.prepare_payload();
      return res;
    }
    if (method(http::verb::patch)) {
      Body body(req_.body(), {{"lang", Type::string, true}});
      need(call_.node.set_language(actor(), body.need_string("lang")));
      who_->user.lang = body.need_string("lang");
      return ok(session_json(*who_));
    }
    fail(not_found());
  }

  // --- stock and items
  Response stock() {
    inventory::StockFilter filter;
    filter.sku = t_.param("sku");
    filter.location = t_.param("location");
    auto lines = need(call_.node.stock_levels(filter));
    if (wants_csv(req_)) return text_response(req_, http::status::ok, "text/csv", stock_csv(lines));
    return ok(array_of(lines, stock_json));
  }

  Response items() {
    auto q = t_.param("q");
    return ok(array_of(need(q ? call_.node.search_items(*q) : call_.node.list_items()), item_json));
  }

  Response item(const std::string& sku) {
    auto found = need(call_.node.get_item(sku));
    inventory::StockFilter filter;
    filter.sku = sku;
    auto stock = need(call_.node.stock_levels(filter));
    json::array lots;
    if (found.fields.lot_tracked || found.fields.expiry_tracked) {
      filter.lots = true;
      lots = array_of(need(call_.node.stock_levels(filter)), lot_stock_json);
    }
    auto moves = need(call_.node.movement_history(sku, 100));
    return ok({{"item", item_json(found)},
               {"stock", array_of(stock, stock_json)},
               {"lots", std::move(lots)},
               {"movements", array_of(moves, movement_json)},
               {"history", on_hand_history(found.on_hand, moves)}});
  }

  Response edit_item(const std::string& sku) {
    require(Right::edit_levels, "edit items or their levels");
    Body body(req_.body(), {{"name", Type::string},
                            {"supplier", Type::string},
                            {"safety_stock", Type::integer},
                            {"reorder_point", Type::integer},
                            {"reorder_qty", Type::integer},
                            {"max_level", Type::integer},
                            {"lead_days", Type::integer}});
    inventory::ItemChanges changes;
    changes.name = body.string("name");
    changes.supplier = body.string("supplier");
    changes.safety_stock = body.integer("safety_stock");
    changes.reorder_point = body.integer("reorder_point");
    changes.reorder_qty = body.integer("reorder_qty");
    changes.max_level = body.integer("max_level");
    changes.lead_days = body.integer("lead_days");
    return ok(item_json(need(call_.node.edit_item(sku, changes))));
  }

  Response lookup() {
    auto code = t_.param("code");
    if (!code) fail(bad_request("the code parameter is required", "code"));
    auto match = need(call_.node.lookup_item(*code));
    return ok({{"sku", match.item.sku},
               {"name", match.item.fields.name},
               {"unit", match.item.fields.unit},
               {"lot_tracked", match.item.fields.lot_tracked},
               {"expiry_tracked", match.item.fields.expiry_tracked},
               {"matched_by", match.matched_by}});
  }

  // --- alerts, purchase list, orders
  Response alerts() { return ok(array_of(need(call_.node.list_alerts(false)), alert_json)); }

  Response ack(const std::string& id) {
    require(Right::ack_alerts, "acknowledge alerts");
    auto alert = need(call_.node.ack_alert(path_id(id), actor()));
    auto out = alert_json(alert);
    call_.publish("alert", out);
    return ok(out);
  }

  Response reorder() {
    auto lines = need(call_.node.reorder_list());
    if (wants_csv(req_))
      return text_response(req_, http::status::ok, "text/csv", reorder_csv(lines));
    return ok(array_of(lines, reorder_json));
  }

  Response orders() { return ok(array_of(need(call_.node.list_orders(false)), order_json)); }

  Response place_order() {
    require(Right::place_orders, "place orders");
    Body body(req_.body(),
              {{"sku", Type::string, true}, {"qty", Type::integer, true}, {"key", Type::string}});
    auto placed = need(call_.node.place_order(body.need_string("sku"), body.need_integer("qty"),
                                              actor(), body.string("key")));
    auto out = order_json(placed.order);
    out["replayed"] = placed.replayed;
    return created(out);
  }

  // --- dashboard
  Response dashboard() {
    auto open = need(call_.node.list_alerts(false));
    std::stable_sort(open.begin(), open.end(), [](const auto& a, const auto& b) {
      return severity(a.kind) < severity(b.kind);
    });
    inventory::StockFilter low_filter;
    low_filter.low = true;
    json::array approvals;
    for (const auto& r : department_requests(call_.node))
      if (r.status == "reserved" && auth::has_right(who_->user.role, Right::manage_pool) &&
          auth::may_act_for(who_->user, r.to_dept))
        approvals.push_back(request_json(r));
    json::array overdue;
    for (const auto& a : need(call_.node.pool_alerts(true)))
      if (a.kind == "overdue")
        overdue.push_back({{"subject", a.subject},
                           {"message", a.message},
                           {"raised_at", format_utc(a.raised_at)}});
    // Lead times of the ordered items only, not of the whole catalog.
    std::map<std::string, std::int64_t> lead_days;
    json::array late;
    const Micros now = now_micros();
    for (const auto& o : need(call_.node.list_orders(false))) {
      auto days = lead_days.find(o.sku);
      if (days == lead_days.end())
        days = lead_days.emplace(o.sku, need(call_.node.get_item(o.sku)).fields.lead_days).first;
      if (o.placed_at + days->second * 24LL * 3600 * 1'000'000 < now) late.push_back(order_json(o));
    }
    json::array readers;
    for (const auto& r : need(call_.node.list_readers()))
      readers.push_back(
          {{"name", r.name}, {"state", r.state ? json::value(*r.state) : json::value(nullptr)}});
    return ok({{"alerts", array_of(open, alert_json)},
               {"low", array_of(need(call_.node.stock_levels(low_filter)), stock_json)},
               {"approvals", std::move(approvals)},
               {"overdue_loans", std::move(overdue)},
               {"late_orders", std::move(late)},
               // Lots within their item's expiry horizon, and expired ones.
               {"expiring", array_of(need(call_.node.expiring_lots(std::nullopt)), expiring_json)},
               {"readers", std::move(readers)}});
  }

  // --- locations, readers, counts, users
  Response locations() { return ok(array_of(need(call_.node.list_locations()), location_json)); }
  Response readers() { return ok(array_of(need(call_.node.list_readers()), reader_json)); }
  Response counts() { return ok(array_of(need(call_.node.open_counts()), count_json)); }

  Response start_count() {
    require(Right::run_counts, "run counts");
    Body body(req_.body(), {{"location", Type::string, true}});
    return created(count_json(need(call_.node.start_count(body.need_string("location"), actor()))));
  }

  Response finish_count(const std::string& id) {
    require(Right::run_counts, "run counts");
    Body body(req_.body(), {{"apply", Type::boolean, true}});
    inventory::CountSelector which;
    which.id = path_id(id);
    auto how =
        *body.boolean("apply") ? inventory::CountFinish::apply : inventory::CountFinish::preview;
    auto report = need(call_.node.finish_count(which, how, actor()));
    return ok({{"session", count_json(report.session)},
               {"expected_seen", report.expected_seen.size()},
               {"missing", report.missing.size()},
               {"unexpected", report.unexpected.size()},
               {"unknown", report.unknown.size()}});
  }

  Response users() {
    require(Right::administer, "list users");
    return ok(array_of(need(call_.node.list_users()), user_json));
  }

  Response add_user() {
    require(Right::administer, "add users");
    Body body(req_.body(), {{"name", Type::string, true},
                            {"role", Type::string, true},
                            {"dept", Type::string},
                            {"password", Type::string, true}});
    auto role = auth::parse_role(body.need_string("role"));
    if (!role)
      fail(bad_request(fmt::format("unknown role \"{}\"", body.need_string("role")), "role"));
    auth::NewUser user{body.need_string("name"), *role, body.string("dept"),
                       body.need_string("password")};
    return created(user_json(need(call_.node.add_user(user))));
  }

  ApiCall& call_;
  const Request& req_;
  Target t_;
  std::optional<auth::Principal> who_;
};

Response finish(Response res) {
  res.set(http::field::cache_control, "no-store");
  if (res.result() == http::status::unauthorized) res.set(http::field::www_authenticate, "Bearer");
  return res;
}

}  // namespace

std::optional<Response> refuse_events(ApiCall& call) {
  try {
    Router(call).check_events_access();
    return std::nullopt;
  } catch (const ApiFailure& f) {
    return finish(error_response(call.req, f.error));
  }
}

Response handle_api(ApiCall& call) {
  Response res;
  try {
    res = Router(call).route();
  } catch (const ApiFailure& f) {
    res = error_response(call.req, f.error);
  } catch (const std::exception& e) {
    res = error_response(call.req,
                         {http::status::internal_server_error, "failed", e.what(), std::nullopt});
  }
  return finish(std::move(res));
}

}  // namespace rfinv::webapp
