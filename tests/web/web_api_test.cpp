// The web API over real HTTP on loopback against a real `rfinv run`: roles, departments,
// CSRF, login throttling, session expiry and bad bodies, each refusal writing nothing; GS1
// scans, expiring lots and ward requisitions step by step.
#define BOOST_TEST_MODULE web_api
#include <fmt/format.h>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <cctype>
#include <ctime>
#include <fstream>
#include <map>

#include "tests/support/raw_sql.h"
#include "tests/web/web_client.h"

using namespace rfinv::test;
namespace json = boost::json;

namespace {

const std::string kReceive5 = R"({"kind":"receive","sku":"GLOVE","qty":5,"to":"DOCK","key":"r-1"})";

std::int64_t on_hand(const WebNode& node, const Login& as) {
  auto reply = node.get("/api/v1/items/GLOVE", as);
  BOOST_REQUIRE_EQUAL(reply.status, 200);
  return reply.json().at("item").at("on_hand").as_int64();
}

std::string code_of(const HttpReply& reply) {
  return std::string(reply.json().at("code").as_string());
}

// The node joined as WARD-A, as `rfinv sync join` stores it, to a hub that does not answer:
// a pool step is queued in the outbox, not sent.
void join_as_ward_a(const WebNode& node) {
  raw_exec(node.db(),
           "INSERT INTO sync_settings(id, hub_url, dept, token) VALUES (1, "
           "'https://127.0.0.1:1', 'WARD-A', 't0k3n')");
}

// On WARD-A's node, a pool request owned by WARD-A (to_dept), asked for by WARD-B, waiting
// for approval, as a sync round from the hub would have stored it.
void store_pool_request(const WebNode& node) {
  join_as_ward_a(node);
  raw_exec(node.db(),
           "INSERT INTO pool_request(id, asset, qty, from_dept, to_dept, kind, reason, status, "
           "created_at) VALUES ('R1', 'PUMP-1', 1, 'WARD-B', 'WARD-A', 'transfer', '', "
           "'reserved', 0)");
}

// A refused pool step leaves the request as it was, and queues nothing for the hub.
void check_request_untouched(const WebNode& node, const Login& as) {
  auto reply = node.get("/api/v1/pool/requests", as);
  BOOST_REQUIRE_EQUAL(reply.status, 200);
  auto requests = reply.json();
  BOOST_REQUIRE_EQUAL(requests.as_array().size(), 1u);
  BOOST_CHECK_EQUAL(requests.as_array()[0].at("status").as_string(), "reserved");
  BOOST_CHECK_EQUAL(node.rfinv({"sync", "outbox", "--json"}), "[]\n");
}

}  // namespace

BOOST_AUTO_TEST_CASE(storekeeper_posts_a_receipt_but_may_not_approve_or_edit_levels) {
  WebNode node;
  store_pool_request(node);
  auto keeper = node.login("keeper");
  auto posted = node.send("POST", "/api/v1/movements", kReceive5, keeper);
  BOOST_REQUIRE_EQUAL(posted.status, 201);
  BOOST_CHECK_EQUAL(posted.json().at("replayed").as_bool(), false);
  BOOST_CHECK_EQUAL(on_hand(node, keeper), 5);
  // The movement's actor is the logged-in user.
  auto moves = node.get("/api/v1/movements?sku=GLOVE", keeper).json().as_array();
  BOOST_REQUIRE_EQUAL(moves.size(), 1u);
  BOOST_CHECK_EQUAL(moves[0].at("actor").as_string(), "keeper");

  auto approve = node.send("POST", "/api/v1/pool/requests/R1/approve", "", keeper);
  BOOST_CHECK_EQUAL(approve.status, 403);
  BOOST_CHECK_EQUAL(code_of(approve), "forbidden");
  check_request_untouched(node, keeper);

  auto edit = node.send("PATCH", "/api/v1/items/GLOVE", R"({"reorder_point":9})", keeper);
  BOOST_CHECK_EQUAL(edit.status, 403);
  auto item = node.get("/api/v1/items/GLOVE", keeper).json();
  BOOST_CHECK_EQUAL(item.at("item").at("reorder_point").as_int64(), 4);

  // The buyer may edit the levels.
  auto buyer = node.login("buyer");
  BOOST_CHECK_EQUAL(
      node.send("PATCH", "/api/v1/items/GLOVE", R"({"reorder_point":9})", buyer).status, 200);
}

BOOST_AUTO_TEST_CASE(viewer_reads_but_may_not_post) {
  WebNode node;
  auto viewer = node.login("viewer");
  BOOST_CHECK_EQUAL(node.get("/api/v1/stock", viewer).status, 200);
  BOOST_CHECK_EQUAL(node.get("/api/v1/dashboard", viewer).status, 200);
  auto posted = node.send("POST", "/api/v1/movements", kReceive5, viewer);
  BOOST_CHECK_EQUAL(posted.status, 403);
  BOOST_CHECK_EQUAL(code_of(posted), "forbidden");
  BOOST_CHECK_EQUAL(on_hand(node, viewer), 0);
  BOOST_CHECK_EQUAL(node.get("/api/v1/users", viewer).status, 403);
}

BOOST_AUTO_TEST_CASE(a_node_not_joined_to_a_hub_shows_no_pool_requests_on_the_dashboard) {
  WebNode node;
  auto viewer = node.login("viewer");
  auto requests = node.get("/api/v1/pool/requests", viewer);
  BOOST_CHECK_EQUAL(requests.status, 200);
  BOOST_CHECK_EQUAL(requests.body, "[]");
  auto dashboard = node.get("/api/v1/dashboard", viewer);
  BOOST_REQUIRE_EQUAL(dashboard.status, 200);
  BOOST_CHECK(dashboard.json().at("approvals").as_array().empty());
}

BOOST_AUTO_TEST_CASE(another_departments_manager_may_not_approve) {
  WebNode node;
  store_pool_request(node);
  auto mgr_b = node.login("mgr-b");
  auto approve = node.send("POST", "/api/v1/pool/requests/R1/approve", "", mgr_b);
  BOOST_CHECK_EQUAL(approve.status, 403);
  BOOST_CHECK(approve.json().at("error").as_string().find("WARD-A") != json::string::npos);
  check_request_untouched(node, mgr_b);
  // WARD-A's manager sees it among the approvals waiting on the dashboard; WARD-B's does not.
  auto mgr_a = node.login("mgr-a");
  BOOST_CHECK_EQUAL(node.get("/api/v1/dashboard", mgr_a).json().at("approvals").as_array().size(),
                    1u);
  BOOST_CHECK_EQUAL(node.get("/api/v1/dashboard", mgr_b).json().at("approvals").as_array().size(),
                    0u);
}

BOOST_AUTO_TEST_CASE(cookie_write_without_csrf_token_is_refused) {
  WebNode node;
  auto keeper = node.login("keeper");
  auto refused = node.send("POST", "/api/v1/movements", kReceive5, keeper, false);
  BOOST_CHECK_EQUAL(refused.status, 403);
  BOOST_CHECK_EQUAL(code_of(refused), "csrf");
  Login wrong = keeper;
  wrong.csrf = std::string(keeper.csrf.size(), '0');
  BOOST_CHECK_EQUAL(node.send("POST", "/api/v1/movements", kReceive5, wrong).status, 403);
  BOOST_CHECK_EQUAL(on_hand(node, keeper), 0);
  BOOST_CHECK_EQUAL(node.send("POST", "/api/v1/movements", kReceive5, keeper).status, 201);
}

BOOST_AUTO_TEST_CASE(bearer_token_writes_without_csrf_and_a_disabled_users_token_stops) {
  WebNode node;
  std::string token = node.rfinv({"user", "token", "keeper"});
  token.erase(token.find_last_not_of('\n') + 1);
  HttpCall post{"POST",
                "/api/v1/movements",
                kReceive5,
                {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}}};
  BOOST_CHECK_EQUAL(node.call(post).status, 201);
  node.rfinv({"user", "disable", "keeper"});
  BOOST_CHECK_EQUAL(node.call(post).status, 401);
  BOOST_CHECK_EQUAL(node.try_login("keeper", "keeper-secret-pw").status, 401);
}

BOOST_AUTO_TEST_CASE(repeated_wrong_passwords_get_429_until_the_window_passes) {
  WebNode node;
  for (int i = 0; i < 5; ++i) {
    auto wrong = node.try_login("buyer", "not-the-password");
    BOOST_CHECK_EQUAL(wrong.status, 401);
    BOOST_CHECK(wrong.headers.count("set-cookie") == 0);
  }
  // Now even the right password is refused, with no session.
  auto throttled = node.try_login("buyer", "buyer-secret-pw");
  BOOST_CHECK_EQUAL(throttled.status, 429);
  BOOST_CHECK_EQUAL(code_of(throttled), "too_many_attempts");
  BOOST_CHECK(throttled.headers.count("set-cookie") == 0);
  // The window passing (the failures aged by 16 minutes) lets the user in again.
  raw_exec(node.db(), "UPDATE auth_login_failure SET at = at - 16 * 60 * 1000000");
  BOOST_CHECK_EQUAL(node.try_login("buyer", "buyer-secret-pw").status, 200);
}

BOOST_AUTO_TEST_CASE(idle_session_expires_with_401) {
  WebNode node;
  auto keeper = node.login("keeper");
  BOOST_CHECK_EQUAL(node.get("/api/v1/session", keeper).status, 200);
  // Two minutes unused: alive under the default limit of 30, over after it is set to 1.
  auto viewer = node.login("viewer");
  raw_exec(node.db(), "UPDATE auth_session SET last_seen_at = last_seen_at - 2 * 60 * 1000000");
  BOOST_CHECK_EQUAL(node.get("/api/v1/session", viewer).status, 200);
  raw_exec(node.db(), "UPDATE auth_session SET last_seen_at = last_seen_at - 2 * 60 * 1000000");
  node.rfinv({"config", "set", "web.session_idle_minutes", "1"});
  BOOST_CHECK_EQUAL(node.get("/api/v1/session", viewer).status, 401);
  node.rfinv({"config", "unset", "web.session_idle_minutes"});
  keeper = node.login("keeper");
  // 31 minutes unused: past the default idle limit of 30.
  raw_exec(node.db(), "UPDATE auth_session SET last_seen_at = last_seen_at - 31 * 60 * 1000000");
  auto expired = node.get("/api/v1/session", keeper);
  BOOST_CHECK_EQUAL(expired.status, 401);
  BOOST_CHECK_EQUAL(node.send("POST", "/api/v1/movements", kReceive5, keeper).status, 401);
  auto admin = node.login("admin");
  BOOST_CHECK_EQUAL(on_hand(node, admin), 0);
}

BOOST_AUTO_TEST_CASE(logout_ends_the_session) {
  WebNode node;
  auto viewer = node.login("viewer");
  BOOST_CHECK_EQUAL(node.send("DELETE", "/api/v1/session", "", viewer).status, 204);
  BOOST_CHECK_EQUAL(node.get("/api/v1/session", viewer).status, 401);
}

BOOST_AUTO_TEST_CASE(bad_bodies_are_400_naming_the_field_and_write_nothing) {
  WebNode node;
  auto keeper = node.login("keeper");
  struct Case {
    std::string body;
    std::optional<std::string> field;
  };
  for (const Case& c :
       {Case{R"({"kind":"receive","sku":"GLOVE",)", std::nullopt}, Case{R"([1,2])", std::nullopt},
        Case{R"({"kind":"receive","sku":"GLOVE","qty":5,"to":"DOCK","colour":1})", "colour"},
        Case{R"({"kind":"receive","sku":"GLOVE","qty":"5","to":"DOCK"})", "qty"},
        Case{R"({"kind":"receive","qty":5,"to":"DOCK"})", "sku"},
        Case{R"({"kind":"steal","sku":"GLOVE","qty":5,"to":"DOCK"})", "kind"}}) {
    auto reply = node.send("POST", "/api/v1/movements", c.body, keeper);
    BOOST_CHECK_EQUAL(reply.status, 400);
    BOOST_CHECK_EQUAL(code_of(reply), "invalid_argument");
    if (c.field) {
      BOOST_CHECK_EQUAL(reply.json().at("field").as_string(), *c.field);
      BOOST_CHECK(reply.json().at("error").as_string().find(*c.field) != json::string::npos);
    }
  }
  BOOST_CHECK_EQUAL(on_hand(node, keeper), 0);
}

BOOST_AUTO_TEST_CASE(body_over_64_kib_is_413_and_writes_nothing) {
  WebNode node;
  auto keeper = node.login("keeper");
  std::string big = R"({"kind":"receive","sku":"GLOVE","qty":5,"to":"DOCK","reason":")" +
                    std::string(70 * 1024, 'x') + "\"}";
  auto reply = node.send("POST", "/api/v1/movements", big, keeper);
  BOOST_CHECK_EQUAL(reply.status, 413);
  BOOST_CHECK_EQUAL(code_of(reply), "too_large");
  BOOST_CHECK_EQUAL(on_hand(node, keeper), 0);
}

BOOST_AUTO_TEST_CASE(responses_carry_the_security_headers_and_the_cookie_its_attributes) {
  WebNode node;
  auto reply = node.try_login("viewer", "viewer-secret-pw");
  BOOST_REQUIRE_EQUAL(reply.status, 200);
  const std::string cookie = reply.headers["set-cookie"];
  BOOST_CHECK(cookie.find("HttpOnly") != std::string::npos);
  BOOST_CHECK(cookie.find("SameSite=Strict") != std::string::npos);
  BOOST_CHECK(cookie.find("Path=/") != std::string::npos);
  BOOST_CHECK(cookie.find("Secure") == std::string::npos);  // plain HTTP on loopback
  for (const auto& r : {reply, node.call({"GET", "/api/v1/stock", "", {}})}) {
    BOOST_CHECK_EQUAL(r.headers.at("x-content-type-options"), "nosniff");
    BOOST_CHECK_EQUAL(r.headers.at("referrer-policy"), "no-referrer");
    BOOST_CHECK_EQUAL(r.headers.at("cache-control"), "no-store");
    BOOST_CHECK(r.headers.at("content-security-policy").find("frame-ancestors 'none'") !=
                std::string::npos);
  }
  auto missing = node.call({"GET", "/no-such-page.html", "", {}});
  BOOST_CHECK_EQUAL(missing.status, 404);
  BOOST_CHECK(missing.headers.count("content-security-policy") == 1);
  BOOST_CHECK_EQUAL(node.call({"GET", "/../CMakeLists.txt", "", {}}).status, 404);
}

BOOST_AUTO_TEST_CASE(lookup_finds_an_item_by_sku_gtin_13_and_gtin_14) {
  WebNode node;
  auto viewer = node.login("viewer");
  for (auto [code, by] : {std::pair{"GLOVE", "sku"}, std::pair{"80614141123458", "gtin"}}) {
    auto reply = node.get(std::string("/api/v1/lookup?code=") + code, viewer);
    BOOST_REQUIRE_EQUAL(reply.status, 200);
    BOOST_CHECK_EQUAL(reply.json().at("sku").as_string(), "GLOVE");
    BOOST_CHECK_EQUAL(reply.json().at("matched_by").as_string(), by);
  }
  BOOST_CHECK_EQUAL(node.get("/api/v1/lookup?code=4006381333931", viewer).status, 404);
}

BOOST_AUTO_TEST_CASE(item_search_matches_sku_name_and_gtin_literally_and_ignores_case) {
  WebNode node;
  node.rfinv({"item", "add", "MASK-50%", "--name", "FFP2 masks", "--gtin", "00614141543212"});
  auto viewer = node.login("viewer");
  auto skus = [&](const std::string& q) {
    auto reply = node.get("/api/v1/items?q=" + q, viewer);
    BOOST_REQUIRE_EQUAL(reply.status, 200);
    std::vector<std::string> out;
    auto items = reply.json();
    for (const auto& item : items.as_array())
      out.push_back(std::string(item.at("sku").as_string()));
    return out;
  };
  using List = std::vector<std::string>;
  BOOST_TEST((skus("glo") == List{"GLOVE"}));       // SKU, any case
  BOOST_TEST((skus("ffp2") == List{"MASK-50%"}));   // name, any case
  BOOST_TEST((skus("4112345") == List{"GLOVE"}));   // part of a GTIN
  BOOST_TEST((skus("50%25") == List{"MASK-50%"}));  // '%' is a character, not a wildcard
  BOOST_TEST((skus("G_OVE") == List{}));            // '_' too
  BOOST_TEST((skus("") == List{"GLOVE", "MASK-50%"}));
}

BOOST_AUTO_TEST_CASE(event_stream_reports_a_posted_movement_and_needs_a_login) {
  WebNode node;
  auto refused = node.call({"GET", "/api/v1/events", "", {}});
  BOOST_CHECK_EQUAL(refused.status, 401);
  auto viewer = node.login("viewer");
  EventStream events(node.port(), viewer.cookie);
  BOOST_REQUIRE_MESSAGE(events.wait_for("text/event-stream"), events.received());
  BOOST_CHECK(events.received().find("frame-ancestors 'none'") != std::string::npos);
  auto keeper = node.login("keeper");
  BOOST_REQUIRE_EQUAL(node.send("POST", "/api/v1/movements", kReceive5, keeper).status, 201);
  BOOST_REQUIRE_MESSAGE(events.wait_for("\"actor\":\"keeper\""), events.received());
  BOOST_CHECK(events.received().find("event: movement\ndata: {") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(stock_and_reorder_answer_csv_and_the_buyer_acks_the_alert) {
  WebNode node;
  auto keeper = node.login("keeper");
  BOOST_REQUIRE_EQUAL(node.send("POST", "/api/v1/movements", kReceive5, keeper).status, 201);
  auto csv =
      node.call({"GET", "/api/v1/stock", "", {{"Cookie", keeper.cookie}, {"Accept", "text/csv"}}});
  BOOST_CHECK_EQUAL(csv.status, 200);
  BOOST_CHECK_EQUAL(csv.headers.at("content-type"), "text/csv");
  BOOST_CHECK_EQUAL(csv.body, "sku,name,location,qty,unit\nGLOVE,Gloves,DOCK,5,each\n");
  // Below the reorder point (4) the item is on the purchase list.
  BOOST_REQUIRE_EQUAL(
      node.send("POST", "/api/v1/movements",
                R"({"kind":"issue","sku":"GLOVE","qty":3,"from":"DOCK","key":"i-1"})", keeper)
          .status,
      201);
  auto list = node.call(
      {"GET", "/api/v1/reorder", "", {{"Cookie", keeper.cookie}, {"Accept", "text/csv"}}});
  BOOST_CHECK_EQUAL(list.status, 200);
  BOOST_CHECK(list.body.rfind("supplier,sku,name,qty,unit,unit_cost,value,on_hand,on_order,"
                              "lead_days\n",
                              0) == 0);
  BOOST_CHECK(list.body.find(",GLOVE,Gloves,") != std::string::npos);
  auto alerts = node.get("/api/v1/alerts", keeper).json().as_array();
  BOOST_REQUIRE(!alerts.empty());
  // Acknowledging is the buyer's: the storekeeper is refused, the buyer is not.
  std::string ack = "/api/v1/alerts/" + std::to_string(alerts[0].at("id").as_int64()) + "/ack";
  BOOST_CHECK_EQUAL(node.send("POST", ack, "", keeper).status, 403);
  auto buyer = node.login("buyer");
  auto acked = node.send("POST", ack, "", buyer);
  BOOST_CHECK_EQUAL(acked.status, 200);
  BOOST_CHECK_EQUAL(acked.json().at("acked_by").as_string(), "buyer");
}

BOOST_AUTO_TEST_CASE(storekeeper_reverses_a_movement_with_a_reason_and_a_buyer_may_not) {
  WebNode node;
  auto keeper = node.login("keeper");
  auto posted = node.send("POST", "/api/v1/movements", kReceive5, keeper);
  BOOST_REQUIRE_EQUAL(posted.status, 201);
  auto target = fmt::format("/api/v1/movements/{}/reverse", posted.json().at("id").as_int64());

  auto buyer = node.login("buyer");
  auto refused = node.send("POST", target, R"({"reason":"miscounted"})", buyer);
  BOOST_CHECK_EQUAL(refused.status, 403);
  BOOST_CHECK_EQUAL(code_of(refused), "forbidden");
  auto no_reason = node.send("POST", target, "{}", keeper);
  BOOST_CHECK_EQUAL(no_reason.status, 400);
  BOOST_CHECK_EQUAL(no_reason.json().at("field").as_string(), "reason");
  BOOST_CHECK_EQUAL(
      node.send("POST", "/api/v1/movements/999/reverse", R"({"reason":"miscounted"})", keeper)
          .status,
      404);
  BOOST_CHECK_EQUAL(on_hand(node, keeper), 5);

  auto reversed = node.send("POST", target, R"({"reason":"miscounted"})", keeper);
  BOOST_REQUIRE_EQUAL(reversed.status, 201);
  BOOST_CHECK_EQUAL(reversed.json().at("replayed").as_bool(), false);
  BOOST_CHECK_EQUAL(on_hand(node, keeper), 0);
  auto moves = node.get("/api/v1/movements?sku=GLOVE", keeper).json().as_array();
  BOOST_REQUIRE_EQUAL(moves.size(), 2u);
  for (const auto& m : moves) BOOST_CHECK_EQUAL(m.at("actor").as_string(), "keeper");
  // Reversing again answers the earlier reversal and moves nothing.
  auto again = node.send("POST", target, R"({"reason":"miscounted"})", keeper);
  BOOST_CHECK_EQUAL(again.status, 201);
  BOOST_CHECK_EQUAL(again.json().at("replayed").as_bool(), true);
  BOOST_CHECK_EQUAL(on_hand(node, keeper), 0);
}

BOOST_AUTO_TEST_CASE(manager_publishes_and_withdraws_only_their_departments_assets) {
  WebNode node;
  node.rfinv({"config", "prefix", "add", "0614141"});
  auto tags = json::parse(node.rfinv({"tag", "commission", "--giai", "--count", "2", "--json"}));
  node.rfinv({"asset", "register", "PUMP-7", "--epc",
              std::string(tags.as_array()[0].at("hex").as_string()), "--dept", "WARD-A"});
  node.rfinv({"asset", "register", "PUMP-8", "--epc",
              std::string(tags.as_array()[1].at("hex").as_string()), "--dept", "WARD-B"});
  join_as_ward_a(node);
  auto outbox_size = [&] {
    return json::parse(node.rfinv({"sync", "outbox", "--json"})).as_array().size();
  };

  auto viewer = node.login("viewer");
  auto listed = node.get("/api/v1/assets", viewer);
  BOOST_REQUIRE_EQUAL(listed.status, 200);
  BOOST_CHECK_EQUAL(listed.json().as_array().size(), 2u);
  BOOST_CHECK_EQUAL(listed.json().as_array()[0].at("id").as_string(), "PUMP-7");
  auto bad_status = node.get("/api/v1/assets?status=lost", viewer);
  BOOST_CHECK_EQUAL(bad_status.status, 400);
  BOOST_CHECK_EQUAL(bad_status.json().at("field").as_string(), "status");

  auto mgr_a = node.login("mgr-a");
  auto other_dept = node.send("POST", "/api/v1/pool/assets/PUMP-8/publish", "", mgr_a);
  BOOST_CHECK_EQUAL(other_dept.status, 403);
  auto keeper = node.login("keeper");
  BOOST_CHECK_EQUAL(node.send("POST", "/api/v1/pool/assets/PUMP-7/publish", "", keeper).status,
                    403);
  BOOST_CHECK_EQUAL(node.send("POST", "/api/v1/pool/assets/NOPE/publish", "", mgr_a).status, 404);
  auto bad_body = node.send("POST", "/api/v1/pool/assets/PUMP-7/publish", R"({"to":"hub"})", mgr_a);
  BOOST_CHECK_EQUAL(bad_body.status, 400);
  BOOST_CHECK_EQUAL(bad_body.json().at("field").as_string(), "to");
  BOOST_CHECK_EQUAL(outbox_size(), 0u);

  auto published = node.send("POST", "/api/v1/pool/assets/PUMP-7/publish", "", mgr_a);
  BOOST_REQUIRE_EQUAL(published.status, 200);
  BOOST_CHECK_EQUAL(published.json().at("sent").as_bool(), false);
  BOOST_CHECK_EQUAL(outbox_size(), 1u);
  // Not pooled until the hub has applied the publication: a withdrawal is refused till then.
  auto early = node.send("POST", "/api/v1/pool/assets/PUMP-7/withdraw", "", mgr_a);
  BOOST_CHECK_EQUAL(early.status, 409);
  BOOST_CHECK_EQUAL(outbox_size(), 1u);
  raw_exec(node.db(), "UPDATE asset SET status = 'pooled' WHERE code = 'PUMP-7'");
  auto withdrawn = node.send("POST", "/api/v1/pool/assets/PUMP-7/withdraw", "", mgr_a);
  BOOST_CHECK_EQUAL(withdrawn.status, 200);
  BOOST_CHECK_EQUAL(outbox_size(), 2u);
}

BOOST_AUTO_TEST_CASE(admin_adds_departments_and_locations_and_other_roles_are_refused) {
  WebNode node;
  auto admin = node.login("admin");
  auto keeper = node.login("keeper");
  auto depts = [&] { return node.get("/api/v1/departments", keeper).json().as_array().size(); };
  auto locations = [&] { return node.get("/api/v1/locations", keeper).json().as_array().size(); };
  const auto depts_before = depts(), locations_before = locations();

  BOOST_CHECK_EQUAL(node.send("POST", "/api/v1/departments", R"({"code":"WARD-C"})", keeper).status,
                    403);
  auto no_code = node.send("POST", "/api/v1/departments", R"({"name":"Ward C"})", admin);
  BOOST_CHECK_EQUAL(no_code.status, 400);
  BOOST_CHECK_EQUAL(no_code.json().at("field").as_string(), "code");
  BOOST_CHECK_EQUAL(depts(), depts_before);
  auto dept =
      node.send("POST", "/api/v1/departments", R"({"code":"WARD-C","name":"Ward C"})", admin);
  BOOST_CHECK_EQUAL(dept.status, 201);
  BOOST_CHECK_EQUAL(depts(), depts_before + 1);

  auto manager = node.login("mgr-a");
  BOOST_CHECK_EQUAL(
      node.send("POST", "/api/v1/locations", R"({"code":"BIN-1","parent":"SHELF"})", manager)
          .status,
      403);
  auto bad_code = node.send("POST", "/api/v1/locations", R"({"code":5})", admin);
  BOOST_CHECK_EQUAL(bad_code.status, 400);
  BOOST_CHECK_EQUAL(bad_code.json().at("field").as_string(), "code");
  BOOST_CHECK_EQUAL(locations(), locations_before);
  auto bin = node.send("POST", "/api/v1/locations", R"({"code":"BIN-1","parent":"SHELF"})", admin);
  BOOST_REQUIRE_EQUAL(bin.status, 201);
  BOOST_CHECK_EQUAL(bin.json().at("parent").as_string(), "SHELF");
  BOOST_CHECK_EQUAL(locations(), locations_before + 1);
  // A second location of the same code is a conflict.
  BOOST_CHECK_EQUAL(node.send("POST", "/api/v1/locations", R"({"code":"BIN-1"})", admin).status,
                    409);
}

BOOST_AUTO_TEST_CASE(admin_adds_and_removes_readers_and_read_points_and_other_roles_are_refused) {
  WebNode node;
  auto admin = node.login("admin");
  auto buyer = node.login("buyer");
  const std::string reader = R"({"name":"dock-1","uri":"llrp://127.0.0.1:1?antennas=1,2"})";
  auto readers = [&] { return node.get("/api/v1/readers", buyer).json().as_array().size(); };

  BOOST_CHECK_EQUAL(node.send("POST", "/api/v1/readers", reader, buyer).status, 403);
  auto no_uri = node.send("POST", "/api/v1/readers", R"({"name":"dock-1"})", admin);
  BOOST_CHECK_EQUAL(no_uri.status, 400);
  BOOST_CHECK_EQUAL(no_uri.json().at("field").as_string(), "uri");
  BOOST_CHECK_EQUAL(readers(), 0u);
  BOOST_REQUIRE_EQUAL(node.send("POST", "/api/v1/readers", reader, admin).status, 201);
  BOOST_CHECK_EQUAL(readers(), 1u);

  const std::string points = "/api/v1/readers/dock-1/read-points";
  auto count_points = [&] { return node.get(points, buyer).json().as_array().size(); };
  const std::string dock_in = R"({"antenna":1,"location":"DOCK","role":"dock-in"})";
  BOOST_CHECK_EQUAL(node.send("POST", points, dock_in, buyer).status, 403);
  auto bad_role =
      node.send("POST", points, R"({"antenna":1,"location":"DOCK","role":"door"})", admin);
  BOOST_CHECK_EQUAL(bad_role.status, 400);
  BOOST_CHECK_EQUAL(bad_role.json().at("field").as_string(), "role");
  auto bad_antenna =
      node.send("POST", points, R"({"antenna":0,"location":"DOCK","role":"dock-in"})", admin);
  BOOST_CHECK_EQUAL(bad_antenna.status, 400);
  BOOST_CHECK_EQUAL(bad_antenna.json().at("field").as_string(), "antenna");
  BOOST_CHECK_EQUAL(count_points(), 0u);
  auto added = node.send("POST", points, dock_in, admin);
  BOOST_REQUIRE_EQUAL(added.status, 201);
  BOOST_CHECK_EQUAL(added.json().at("role").as_string(), "dock-in");
  BOOST_CHECK_EQUAL(count_points(), 1u);

  BOOST_CHECK_EQUAL(node.send("DELETE", points + "/1", "", buyer).status, 403);
  BOOST_CHECK_EQUAL(count_points(), 1u);
  BOOST_CHECK_EQUAL(node.send("DELETE", points + "/1", "", admin).status, 204);
  BOOST_CHECK_EQUAL(count_points(), 0u);

  BOOST_CHECK_EQUAL(node.send("DELETE", "/api/v1/readers/dock-1", "", buyer).status, 403);
  BOOST_CHECK_EQUAL(readers(), 1u);
  BOOST_CHECK_EQUAL(node.send("DELETE", "/api/v1/readers/dock-1", "", admin).status, 200);
  BOOST_CHECK_EQUAL(readers(), 0u);
}

BOOST_AUTO_TEST_CASE(stock_card_demand_chart_is_an_svg_with_the_forecast_in_the_users_language) {
  WebNode node;
  // A year of weekly history the store brought from its old system, ending last week: enough
  // for a forecast (the planning area needs 38 weeks and the lead time).
  std::string csv = "date,sku,location,qty\n";
  std::int64_t week = 7LL * 24 * 3600;
  std::int64_t last = std::time(nullptr) - week;
  for (int i = 52; i >= 1; --i) {
    std::time_t at = last - (i - 1) * week;
    std::tm tm{};
    gmtime_r(&at, &tm);
    char day[16];
    std::strftime(day, sizeof day, "%Y-%m-%d", &tm);
    csv += fmt::format("{},GLOVE,,{}\n", day, 10 + i % 4);
  }
  std::string file = node.dir().file("history.csv");
  std::ofstream(file) << csv;
  node.rfinv({"history", "import", file});

  auto viewer = node.login("viewer");
  auto chart = node.get("/api/v1/items/GLOVE/demand-chart", viewer);
  BOOST_REQUIRE_EQUAL(chart.status, 200);
  BOOST_CHECK_EQUAL(chart.headers.at("content-type"), "image/svg+xml; charset=utf-8");
  BOOST_CHECK(chart.body.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
  BOOST_CHECK(chart.body.find("Weekly demand for GLOVE") != std::string::npos);
  for (const char* part : {"data-series=\"demand\"", "data-series=\"forecast\"",
                           "data-series=\"80% band\"", "data-series=\"95% band\""})
    BOOST_CHECK_MESSAGE(chart.body.find(part) != std::string::npos, part);

  // The user's language is the chart's.
  BOOST_REQUIRE_EQUAL(node.send("PATCH", "/api/v1/session", R"({"lang":"zh-CN"})", viewer).status,
                      200);
  auto zh = node.get("/api/v1/items/GLOVE/demand-chart?weeks=4", viewer);
  BOOST_REQUIRE_EQUAL(zh.status, 200);
  BOOST_CHECK(zh.body.find("GLOVE 每周需求") != std::string::npos);

  BOOST_CHECK_EQUAL(node.get("/api/v1/items/NOPE/demand-chart", viewer).status, 404);
  BOOST_CHECK_EQUAL(node.get("/api/v1/items/GLOVE/demand-chart?weeks=x", viewer).status, 400);
  BOOST_CHECK_EQUAL(node.get("/api/v1/items/GLOVE/demand-chart", Login{}).status, 401);
}

BOOST_AUTO_TEST_CASE(a_receipt_through_the_api_names_its_lot_and_an_issue_says_which_lots) {
  WebNode node;
  node.rfinv({"item", "add", "SYR", "--name", "Syringe", "--lots", "--expiry-tracked"});
  auto keeper = node.login("keeper");
  auto no_lot = node.send("POST", "/api/v1/movements",
                          R"({"kind":"receive","sku":"SYR","qty":2,"to":"DOCK"})", keeper);
  BOOST_CHECK_EQUAL(no_lot.status, 400);
  for (const char* body : {R"({"kind":"receive","sku":"SYR","qty":2,"to":"DOCK","lot":"B",)"
                           R"("expiry":"2040-06-30"})",
                           R"({"kind":"receive","sku":"SYR","qty":2,"to":"DOCK","lot":"A",)"
                           R"("expiry":"2040-01-31"})"})
    BOOST_REQUIRE_EQUAL(node.send("POST", "/api/v1/movements", body, keeper).status, 201);
  auto issued = node.send("POST", "/api/v1/movements",
                          R"({"kind":"issue","sku":"SYR","qty":3,"from":"DOCK"})", keeper);
  BOOST_REQUIRE_EQUAL(issued.status, 201);
  auto lots = issued.json().at("lots").as_array();
  BOOST_REQUIRE_EQUAL(lots.size(), 2u);
  BOOST_CHECK_EQUAL(lots[0].at("lot").as_string(), "A");
  BOOST_CHECK_EQUAL(lots[0].at("qty").as_int64(), 2);
  BOOST_CHECK_EQUAL(lots[1].at("lot").as_string(), "B");
  BOOST_CHECK_EQUAL(lots[1].at("qty").as_int64(), 1);
  // The item's total, as the stock card reads it.
  auto item = node.get("/api/v1/items/SYR", keeper).json();
  BOOST_CHECK_EQUAL(item.at("item").at("on_hand").as_int64(), 1);
}

namespace {

// `text` percent-encoded for a query string.
std::string query_value(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
      out += static_cast<char>(c);
    else
      out += fmt::format("%{:02X}", c);
  }
  return out;
}

// "YYYY-MM-DD", `days` from today (UTC).
std::string day_from_today(int days) {
  std::time_t at = std::time(nullptr) + days * 24 * 3600;
  std::tm tm{};
  gmtime_r(&at, &tm);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &tm);
  return text;
}

// A syringe tracked by lot and expiry, with GS1's example GTIN.
void add_syringe(const WebNode& node) {
  node.rfinv({"item", "add", "SYR", "--name", "Syringe 5 ml", "--gtin", "09506000134352", "--lots",
              "--expiry-tracked"});
}

}  // namespace

BOOST_AUTO_TEST_CASE(scan_reads_a_gs1_barcode_in_each_form_and_names_its_item_lot_and_expiry) {
  WebNode node;
  add_syringe(node);
  auto viewer = node.login("viewer");
  for (const std::string& text :
       {std::string("(01)09506000134352(17)270131(10)ABC123"),
        std::string("]d2010950600013435217270131"
                    "10ABC123"),
        std::string("https://id.gs1.org/01/09506000134352/10/ABC123?17=270131")}) {
    auto reply = node.get("/api/v1/scan?text=" + query_value(text), viewer);
    BOOST_REQUIRE_MESSAGE(reply.status == 200, text << ": " << reply.body);
    auto scan = reply.json();
    BOOST_CHECK_EQUAL(scan.at("input").as_string(), text);
    BOOST_CHECK_EQUAL(scan.at("elements").as_array()[0].at("ai").as_string(), "01");
    BOOST_CHECK_EQUAL(scan.at("item").at("sku").as_string(), "SYR");
    BOOST_CHECK_EQUAL(scan.at("lot").as_string(), "ABC123");
    BOOST_CHECK_EQUAL(scan.at("expiry").as_string(), "2027-01-31");
    // What a receipt of the syringe takes from it: the lot and the expiry.
    BOOST_CHECK_EQUAL(scan.at("receipt").at("lot").as_string(), "ABC123");
    BOOST_CHECK_EQUAL(scan.at("receipt").at("expiry").as_string(), "2027-01-31");
    BOOST_CHECK_EQUAL(scan.at("issue").at("lot").as_string(), "ABC123");
    BOOST_CHECK(scan.at("misses").as_array().empty());
  }
  // GS (0x1D) ends the variable-length lot before the serial.
  auto raw = node.get("/api/v1/scan?text=" + query_value("]d2010950600013435210ABC123\x1d"
                                                         "21XYZ"),
                      viewer);
  BOOST_REQUIRE_EQUAL(raw.status, 200);
  BOOST_CHECK_EQUAL(raw.json().at("serial").as_string(), "XYZ");
  BOOST_CHECK_EQUAL(raw.json().at("syntax").as_string(), "raw");
}

BOOST_AUTO_TEST_CASE(scan_with_a_wrong_check_digit_is_400_naming_ai_01_and_writes_nothing) {
  WebNode node;
  auto viewer = node.login("viewer");
  auto reply = node.get("/api/v1/scan?text=" + query_value("(01)09506000134353(10)ABC"), viewer);
  BOOST_CHECK_EQUAL(reply.status, 400);
  BOOST_CHECK_EQUAL(code_of(reply), "invalid_argument");
  BOOST_CHECK_EQUAL(reply.json().at("field").as_string(), "text");
  std::string error(reply.json().at("error").as_string());
  BOOST_CHECK_MESSAGE(error.find("(01)") != std::string::npos, error);
  BOOST_CHECK_MESSAGE(error.find("check digit is 3, it should be 2") != std::string::npos, error);
  auto unknown_ai = node.get("/api/v1/scan?text=" + query_value("(19)1(01)09506000134352"), viewer);
  BOOST_CHECK_EQUAL(unknown_ai.status, 400);
  auto missing = node.get("/api/v1/scan", viewer);
  BOOST_CHECK_EQUAL(missing.status, 400);
  BOOST_CHECK_EQUAL(missing.json().at("field").as_string(), "text");
  BOOST_CHECK_EQUAL(node.get("/api/v1/scan?text=%2801%2909506000134352", Login{}).status, 401);
}

BOOST_AUTO_TEST_CASE(scan_of_a_gtin_no_item_has_answers_what_it_means_and_the_miss) {
  WebNode node;
  auto viewer = node.login("viewer");
  auto reply = node.get("/api/v1/scan?text=" + query_value("(01)04006381333931(10)L1"), viewer);
  BOOST_REQUIRE_EQUAL(reply.status, 200);
  auto scan = reply.json();
  BOOST_CHECK(scan.at("item").is_null());
  BOOST_CHECK(scan.at("receipt").is_null());
  BOOST_CHECK_EQUAL(scan.at("gtin").as_string(), "04006381333931");
  BOOST_REQUIRE_EQUAL(scan.at("misses").as_array().size(), 1u);
  BOOST_CHECK_EQUAL(scan.at("misses").as_array()[0].as_string(), "no item has GTIN 04006381333931");
  // The lookup a plain code goes through says which items track lots.
  add_syringe(node);
  auto lookup = node.get("/api/v1/lookup?code=09506000134352", viewer);
  BOOST_REQUIRE_EQUAL(lookup.status, 200);
  BOOST_CHECK_EQUAL(lookup.json().at("lot_tracked").as_bool(), true);
  BOOST_CHECK_EQUAL(lookup.json().at("expiry_tracked").as_bool(), true);
}

BOOST_AUTO_TEST_CASE(dashboard_lists_lots_within_their_horizon_and_expired_ones_and_the_card_lots) {
  WebNode node;
  add_syringe(node);
  const std::string soon = day_from_today(10), late = day_from_today(200),
                    past = day_from_today(-3);
  node.rfinv({"receive", "SYR", "4", "--to", "DOCK", "--lot", "SOON", "--expiry", soon});
  node.rfinv({"receive", "SYR", "6", "--to", "SHELF", "--lot", "LATE", "--expiry", late});
  node.rfinv(
      {"receive", "SYR", "2", "--to", "DOCK", "--lot", "OLD", "--expiry", past, "--allow-expired"});
  auto viewer = node.login("viewer");
  auto dashboard = node.get("/api/v1/dashboard", viewer);
  BOOST_REQUIRE_EQUAL(dashboard.status, 200);
  auto expiring = dashboard.json().at("expiring").as_array();
  BOOST_REQUIRE_EQUAL(expiring.size(), 2u);  // LATE is beyond the 30-day horizon
  BOOST_CHECK_EQUAL(expiring[0].at("lot").as_string(), "OLD");
  BOOST_CHECK_EQUAL(expiring[0].at("expired").as_bool(), true);
  BOOST_CHECK_EQUAL(expiring[0].at("expiry").as_string(), past);
  BOOST_CHECK_EQUAL(expiring[1].at("lot").as_string(), "SOON");
  BOOST_CHECK_EQUAL(expiring[1].at("expired").as_bool(), false);
  BOOST_CHECK_EQUAL(expiring[1].at("days_left").as_int64(), 10);
  BOOST_CHECK_EQUAL(expiring[1].at("qty").as_int64(), 4);
  // GET /expiring with a wider window takes LATE in as well.
  BOOST_CHECK_EQUAL(node.get("/api/v1/expiring?within=365", viewer).json().as_array().size(), 3u);
  auto bad = node.get("/api/v1/expiring?within=soon", viewer);
  BOOST_CHECK_EQUAL(bad.status, 400);
  BOOST_CHECK_EQUAL(bad.json().at("field").as_string(), "within");

  // The stock card: stock per lot with its expiry.
  auto card = node.get("/api/v1/items/SYR", viewer).json();
  auto lots = card.at("lots").as_array();
  BOOST_REQUIRE_EQUAL(lots.size(), 3u);
  std::map<std::string, std::pair<std::string, std::int64_t>> by_lot;
  for (const auto& l : lots)
    by_lot[std::string(l.at("lot").as_string())] = {std::string(l.at("expiry").as_string()),
                                                    l.at("qty").as_int64()};
  BOOST_CHECK((by_lot["LATE"] == std::pair{late, std::int64_t{6}}));
  BOOST_CHECK((by_lot["OLD"] == std::pair{past, std::int64_t{2}}));
  // An item tracked by neither has no lots on its card.
  BOOST_CHECK(node.get("/api/v1/items/GLOVE", viewer).json().at("lots").as_array().empty());
}

namespace {

// Ward WARD-A's room W-A, and 20 gloves at the store (DOCK).
void stock_the_store(const WebNode& node) {
  node.rfinv({"location", "add", "W-A", "--dept", "WARD-A"});
  node.rfinv({"receive", "GLOVE", "20", "--to", "DOCK"});
}

std::int64_t stock_at(const WebNode& node, const std::string& location) {
  auto lines =
      json::parse(node.rfinv({"stock", "--sku", "GLOVE", "--location", location, "--json"}));
  std::int64_t qty = 0;
  for (const auto& l : lines.as_array()) qty += l.at("qty").as_int64();
  return qty;
}

std::string status_of(const WebNode& node, const Login& as, std::int64_t id) {
  auto reply = node.get(fmt::format("/api/v1/requisitions/{}", id), as);
  BOOST_REQUIRE_EQUAL(reply.status, 200);
  return std::string(reply.json().at("status").as_string());
}

const std::string kAskFive =
    R"({"from":"DOCK","to":"W-A","lines":[{"sku":"GLOVE","qty":5}],"key":"ask-1"})";

}  // namespace

BOOST_AUTO_TEST_CASE(requisition_walks_from_the_wards_request_to_receipt_each_step_by_its_role) {
  WebNode node;
  stock_the_store(node);
  auto mgr_a = node.login("mgr-a"), mgr_b = node.login("mgr-b"), keeper = node.login("keeper"),
       buyer = node.login("buyer"), viewer = node.login("viewer");
  const auto count = [&] {
    return node.get("/api/v1/requisitions", viewer).json().as_array().size();
  };

  // Raising is the ward's manager's, for their own ward, with the CSRF token.
  for (const Login* who : {&keeper, &buyer, &viewer}) {
    auto refused = node.send("POST", "/api/v1/requisitions", kAskFive, *who);
    BOOST_CHECK_EQUAL(refused.status, 403);
    BOOST_CHECK_EQUAL(code_of(refused), "forbidden");
  }
  auto other_ward = node.send("POST", "/api/v1/requisitions", kAskFive, mgr_b);
  BOOST_CHECK_EQUAL(other_ward.status, 403);
  BOOST_CHECK(other_ward.json().at("error").as_string().find("WARD-A") != json::string::npos);
  auto no_csrf = node.send("POST", "/api/v1/requisitions", kAskFive, mgr_a, false);
  BOOST_CHECK_EQUAL(no_csrf.status, 403);
  BOOST_CHECK_EQUAL(code_of(no_csrf), "csrf");
  auto bad_lines = node.send("POST", "/api/v1/requisitions",
                             R"({"from":"DOCK","to":"W-A","lines":[{"sku":"GLOVE"}]})", mgr_a);
  BOOST_CHECK_EQUAL(bad_lines.status, 400);
  BOOST_CHECK_EQUAL(bad_lines.json().at("field").as_string(), "lines");
  auto not_a_ward =
      node.send("POST", "/api/v1/requisitions",
                R"({"from":"DOCK","to":"SHELF","lines":[{"sku":"GLOVE","qty":1}]})", mgr_a);
  BOOST_CHECK_EQUAL(not_a_ward.status, 400);
  BOOST_CHECK_EQUAL(not_a_ward.json().at("field").as_string(), "to");
  BOOST_CHECK_EQUAL(count(), 0u);

  auto created = node.send("POST", "/api/v1/requisitions", kAskFive, mgr_a);
  BOOST_REQUIRE_EQUAL(created.status, 201);
  const std::int64_t id = created.json().at("id").as_int64();
  BOOST_CHECK_EQUAL(created.json().at("status").as_string(), "requested");
  BOOST_CHECK_EQUAL(created.json().at("dept").as_string(), "WARD-A");
  BOOST_CHECK_EQUAL(created.json().at("created_by").as_string(), "mgr-a");
  // The same key again: the same requisition, replayed, nothing new.
  auto again = node.send("POST", "/api/v1/requisitions", kAskFive, mgr_a);
  BOOST_CHECK_EQUAL(again.status, 201);
  BOOST_CHECK_EQUAL(again.json().at("replayed").as_bool(), true);
  BOOST_CHECK_EQUAL(again.json().at("id").as_int64(), id);
  BOOST_CHECK_EQUAL(count(), 1u);

  const std::string base = fmt::format("/api/v1/requisitions/{}/", id);
  struct Refusal {
    const char* step;
    const Login* who;
  };
  // Each step refused to the roles that may not take it, before it is taken.
  const auto refused = [&](std::initializer_list<Refusal> refusals, const std::string& status) {
    for (const auto& r : refusals) {
      auto reply = node.send("POST", base + r.step, "{}", *r.who);
      BOOST_CHECK_MESSAGE(reply.status == 403, r.step << ": " << reply.status << " " << reply.body);
      BOOST_CHECK_EQUAL(status_of(node, viewer, id), status);
    }
  };
  refused({{"approve", &mgr_a}, {"approve", &viewer}}, "requested");
  auto approved = node.send("POST", base + "approve", R"({"key":"ap-1"})", buyer);
  BOOST_REQUIRE_EQUAL(approved.status, 200);
  BOOST_CHECK_EQUAL(approved.json().at("approved_by").as_string(), "buyer");
  BOOST_CHECK_EQUAL(approved.json().at("replayed").as_bool(), false);

  refused({{"pick", &buyer}, {"pick", &mgr_a}}, "approved");
  BOOST_REQUIRE_EQUAL(node.send("POST", base + "pick", "", keeper).status, 200);
  refused({{"ship", &buyer}, {"ship", &mgr_a}}, "picked");
  auto shipped = node.send("POST", base + "ship", R"({"key":"sh-1"})", keeper);
  BOOST_REQUIRE_EQUAL(shipped.status, 200);
  BOOST_CHECK_EQUAL(shipped.json().at("status").as_string(), "shipped");
  // In transit: counted neither at the store nor at the ward.
  BOOST_CHECK_EQUAL(stock_at(node, "DOCK"), 15);
  BOOST_CHECK_EQUAL(stock_at(node, "W-A"), 0);

  const std::string two = R"({"lines":[{"sku":"GLOVE","qty":2}]})";
  for (const Login* who : {&keeper, &buyer, &mgr_b}) {
    BOOST_CHECK_EQUAL(node.send("POST", base + "receive", two, *who).status, 403);
    BOOST_CHECK_EQUAL(node.send("POST", base + "close", R"({"reason":"lost"})", *who).status, 403);
  }
  BOOST_CHECK_EQUAL(node.send("POST", base + "receive", two, mgr_a, false).status, 403);
  // An empty list says nothing arrived; it is refused rather than read as everything.
  auto empty = node.send("POST", base + "receive", R"({"lines":[]})", mgr_a);
  BOOST_CHECK_EQUAL(empty.status, 400);
  BOOST_CHECK_EQUAL(empty.json().at("field").as_string(), "lines");
  BOOST_CHECK_EQUAL(stock_at(node, "W-A"), 0);
  auto part = node.send("POST", base + "receive", two, mgr_a);
  BOOST_REQUIRE_EQUAL(part.status, 200);
  BOOST_CHECK_EQUAL(part.json().at("status").as_string(), "partially_received");
  BOOST_CHECK_EQUAL(part.json().at("lines").as_array()[0].at("in_transit").as_int64(), 3);
  auto too_many =
      node.send("POST", base + "receive", R"({"lines":[{"sku":"GLOVE","qty":4}]})", mgr_a);
  BOOST_CHECK_EQUAL(too_many.status, 409);
  auto rest = node.send("POST", base + "receive", "{}", mgr_a);
  BOOST_REQUIRE_EQUAL(rest.status, 200);
  BOOST_CHECK_EQUAL(rest.json().at("status").as_string(), "received");
  BOOST_CHECK_EQUAL(stock_at(node, "W-A"), 5);
  BOOST_CHECK_EQUAL(stock_at(node, "DOCK"), 15);

  // A step in the wrong status is a conflict naming it; an unknown one is 404.
  auto late = node.send("POST", base + "ship", "", keeper);
  BOOST_CHECK_EQUAL(late.status, 409);
  BOOST_CHECK(late.json().at("error").as_string().find("received") != json::string::npos);
  BOOST_CHECK_EQUAL(node.send("POST", "/api/v1/requisitions/99/approve", "", buyer).status, 404);
  BOOST_CHECK_EQUAL(
      node.get("/api/v1/requisitions?status=received", viewer).json().as_array().size(), 1u);
  BOOST_CHECK_EQUAL(node.get("/api/v1/requisitions?status=lost", viewer).status, 400);
}

BOOST_AUTO_TEST_CASE(requisition_is_cancelled_by_its_ward_or_an_approver_and_closed_by_its_ward) {
  WebNode node;
  stock_the_store(node);
  auto mgr_a = node.login("mgr-a"), mgr_b = node.login("mgr-b"), keeper = node.login("keeper"),
       viewer = node.login("viewer");
  const auto ask = [&](const std::string& key) {
    auto reply = node.send(
        "POST", "/api/v1/requisitions",
        R"({"from":"DOCK","to":"W-A","lines":[{"sku":"GLOVE","qty":5}],"key":")" + key + "\"}",
        mgr_a);
    BOOST_REQUIRE_EQUAL(reply.status, 201);
    return reply.json().at("id").as_int64();
  };
  const std::int64_t first = ask("a"), second = ask("b");
  const std::string cancel = fmt::format("/api/v1/requisitions/{}/cancel", first);
  BOOST_CHECK_EQUAL(node.send("POST", cancel, "", mgr_b).status, 403);
  BOOST_CHECK_EQUAL(node.send("POST", cancel, "", viewer).status, 403);
  BOOST_CHECK_EQUAL(status_of(node, viewer, first), "requested");
  auto cancelled = node.send("POST", cancel, "", mgr_a);
  BOOST_REQUIRE_EQUAL(cancelled.status, 200);
  BOOST_CHECK_EQUAL(cancelled.json().at("status").as_string(), "cancelled");
  // A storekeeper (an approver) cancels for the store.
  BOOST_CHECK_EQUAL(
      node.send("POST", fmt::format("/api/v1/requisitions/{}/cancel", second), "", keeper).status,
      200);

  const std::int64_t third = ask("c");
  const std::string base = fmt::format("/api/v1/requisitions/{}/", third);
  for (const char* step : {"approve", "pick", "ship"})
    BOOST_REQUIRE_EQUAL(node.send("POST", base + step, "", keeper).status, 200);
  auto no_reason = node.send("POST", base + "close", "{}", mgr_a);
  BOOST_CHECK_EQUAL(no_reason.status, 400);
  BOOST_CHECK_EQUAL(no_reason.json().at("field").as_string(), "reason");
  BOOST_CHECK_EQUAL(node.send("POST", base + "close", R"({"reason":"lost"})", keeper).status, 403);
  auto closed = node.send("POST", base + "close", R"({"reason":"lost in transit"})", mgr_a);
  BOOST_REQUIRE_EQUAL(closed.status, 200);
  BOOST_CHECK_EQUAL(closed.json().at("status").as_string(), "closed");
  BOOST_CHECK_EQUAL(closed.json().at("lines").as_array()[0].at("shortfall").as_int64(), 5);
  BOOST_CHECK_EQUAL(stock_at(node, "W-A"), 0);
  BOOST_CHECK_EQUAL(stock_at(node, "DOCK"), 15);
}
