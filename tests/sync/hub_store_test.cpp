// The hub's store interface on both stores (SQLite, and PostgreSQL on a throwaway server):
// several Hub instances on one store stand for several `hub serve` processes (each has its own
// connection), so the log's one order, exactly-once reservations and token replacement are
// checked across connections. Also PostgreSQL's migration refusal, `hub init --store` and
// GET /v1/health through the real binary.
#define BOOST_TEST_MODULE hub_store
#include "sync/hub/hub_store.h"

#include <sys/stat.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <thread>

#include "sync/hub/hub_init.h"
#include "tests/support/postgres_server.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"
#include "tests/sync/sync_support.h"

namespace json = boost::json;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace http = boost::beast::http;
namespace bdata = boost::unit_test::data;
using namespace rfinv;
using namespace rfinv::test;
using namespace std::chrono_literals;

namespace {

const std::vector<std::string> kStores{"sqlite", "postgresql"};

// A new hub in `dir` on `store`: nullopt for SQLite, a fresh database of the shared server.
std::optional<std::string> store_url(const std::string& store) {
  if (store == "sqlite") return std::nullopt;
  auto& server = shared_postgres_server();
  return server.url(server.create_database());
}

std::unique_ptr<sync::Hub> open_hub(const std::string& dir) {
  auto hub = sync::Hub::open(dir);
  BOOST_REQUIRE_MESSAGE(hub.ok(), (hub.ok() ? "" : hub.error().message));
  return std::move(*hub);
}

json::object must(Result<json::object> r) {
  BOOST_REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
  return std::move(*r);
}

json::value publish(const std::string& asset, std::int64_t seq) {
  return json::parse(R"({"events":[{"seq":)" + std::to_string(seq) +
                     R"(,"type":"publish","data":{"asset":")" + asset + R"("}}]})");
}

// One GET over TLS without a token: the status and body.
std::pair<unsigned, std::string> get_without_token(unsigned short port, const std::string& target) {
  net::io_context ioc;
  ssl::context ctx{ssl::context::tls_client};
  ctx.set_verify_mode(ssl::verify_none);
  ssl::stream<net::ip::tcp::socket> stream(ioc, ctx);
  stream.next_layer().connect({net::ip::make_address("127.0.0.1"), port});
  stream.handshake(ssl::stream_base::client);
  http::request<http::empty_body> req{http::verb::get, target, 11};
  req.set(http::field::host, "127.0.0.1");
  http::write(stream, req);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  return {res.result_int(), res.body()};
}

}  // namespace

BOOST_DATA_TEST_CASE(the_log_is_one_order_seen_alike_from_every_hub, bdata::make(kStores), store) {
  TempDir dir;
  BOOST_REQUIRE(sync::init_hub(dir.file("hub"), store_url(store)).ok());
  auto a = open_hub(dir.file("hub"));
  auto b = open_hub(dir.file("hub"));
  BOOST_REQUIRE(a->add_dept("OPS").ok());
  BOOST_REQUIRE(b->add_dept("LAB").ok());
  // Two hubs append at once, 40 events each.
  constexpr int kEach = 40;
  auto pusher = [](sync::Hub& hub, const std::string& dept) {
    for (int i = 1; i <= kEach; ++i) {
      auto r = hub.push({dept}, publish(dept + "-" + std::to_string(i), i));
      BOOST_TEST_REQUIRE(r.ok(), (r.ok() ? "" : r.error().message));
    }
  };
  std::thread t1(pusher, std::ref(*a), "OPS");
  std::thread t2(pusher, std::ref(*b), "LAB");
  t1.join();
  t2.join();
  auto from_a = must(a->pull(0, 5000));
  auto from_b = must(b->pull(0, 5000));
  BOOST_TEST(json::serialize(from_a) == json::serialize(from_b));
  const auto& events = from_a.at("events").as_array();
  BOOST_REQUIRE_EQUAL(events.size(), std::size_t{2 * kEach});
  // Ids 1..80 in order: no gap a later commit could fill.
  for (std::size_t i = 0; i < events.size(); ++i)
    BOOST_TEST(events[i].at("id").as_int64() == static_cast<std::int64_t>(i + 1));
  BOOST_TEST(from_a.at("head").as_int64() == 2 * kEach);
  // A push delivered again through the other hub is a duplicate with the same answer.
  std::int64_t first_id = 0;
  for (const auto& e : events)
    if (e.at("dept").as_string() == "OPS" && e.at("seq").as_int64() == 1)
      first_id = e.at("id").as_int64();
  auto again = must(b->push({"OPS"}, publish("OPS-1", 1)));
  const auto& result = again.at("results").as_array()[0];
  BOOST_TEST(result.at("duplicate").as_bool());
  BOOST_TEST(result.at("event_id").as_int64() == first_id);
}

BOOST_DATA_TEST_CASE(one_reservation_when_hubs_race_for_one_asset, bdata::make(kStores), store) {
  TempDir dir;
  BOOST_REQUIRE(sync::init_hub(dir.file("hub"), store_url(store)).ok());
  auto owner_hub = open_hub(dir.file("hub"));
  BOOST_REQUIRE(owner_hub->add_dept("OWN").ok());
  BOOST_REQUIRE(owner_hub->push({"OWN"}, publish("PUMP-1", 1)).ok());
  constexpr int kHubs = 3, kPerHub = 4;
  std::vector<std::unique_ptr<sync::Hub>> hubs;
  for (int h = 0; h < kHubs; ++h) hubs.push_back(open_hub(dir.file("hub")));
  for (int n = 0; n < kHubs * kPerHub; ++n)
    BOOST_REQUIRE(owner_hub->add_dept("D" + std::to_string(n)).ok());
  std::atomic<int> reserved{0}, refused{0}, failed{0};
  std::vector<std::thread> threads;
  for (int n = 0; n < kHubs * kPerHub; ++n)
    threads.emplace_back([&, n] {
      const std::string dept = "D" + std::to_string(n);
      auto r = hubs[static_cast<std::size_t>(n % kHubs)]->request(
          {dept}, json::parse(R"({"id":"R)" + std::to_string(n) +
                              R"(","asset":"PUMP-1","reason":"ward needs it"})"));
      if (!r) {
        ++failed;
        return;
      }
      auto status = r->at("request").at("status").as_string();
      (status == "reserved" ? reserved : refused)++;
    });
  for (auto& t : threads) t.join();
  BOOST_TEST(failed.load() == 0);
  BOOST_TEST(reserved.load() == 1);
  BOOST_TEST(refused.load() == kHubs * kPerHub - 1);
  auto state = must(hubs[0]->state());
  BOOST_TEST(state.at("assets").as_array()[0].at("status").as_string() == "reserved");
}

BOOST_DATA_TEST_CASE(a_replaced_token_is_refused_by_every_hub, bdata::make(kStores), store) {
  TempDir dir;
  BOOST_REQUIRE(sync::init_hub(dir.file("hub"), store_url(store)).ok());
  auto a = open_hub(dir.file("hub"));
  auto b = open_hub(dir.file("hub"));
  auto old_token = a->add_dept("OPS");
  BOOST_REQUIRE(old_token.ok());
  BOOST_REQUIRE(a->authenticate(*old_token).ok());  // now in a's cache
  auto new_token = b->replace_dept_token("OPS");
  BOOST_REQUIRE(new_token.ok());
  auto refused = a->authenticate(*old_token);
  BOOST_REQUIRE(!refused.ok());
  BOOST_TEST((refused.error().code == Errc::unauthorized));
  auto accepted = a->authenticate(*new_token);
  BOOST_REQUIRE(accepted.ok());
  BOOST_TEST(accepted->dept == "OPS");
}

BOOST_AUTO_TEST_CASE(a_newer_postgresql_schema_is_refused_untouched) {
  auto& server = shared_postgres_server();
  const std::string db = server.create_database();
  TempDir dir;
  BOOST_REQUIRE(sync::init_hub(dir.file("hub"), server.url(db)).ok());
  server.query(db, "UPDATE rfinv_hub_schema SET version = 99");
  const std::string tables_before =
      server.query(db,
                   "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables "
                   "WHERE schemaname = 'public'");
  auto served = run_rfinv({"hub", "serve", "--dir", dir.file("hub"), "--listen", "127.0.0.1:0"});
  BOOST_TEST(served.exit_code == 5);
  BOOST_TEST(served.err.find("written by a newer rfinv (schema version 99") != std::string::npos,
             served.err);
  BOOST_TEST(served.err.find("it was not modified") != std::string::npos);
  BOOST_TEST(server.query(db, "SELECT version FROM rfinv_hub_schema") == "99\n");
  BOOST_TEST(server.query(db,
                          "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM "
                          "pg_tables WHERE schemaname = 'public'") == tables_before);
}

BOOST_AUTO_TEST_CASE(hubs_starting_together_on_a_new_database_migrate_it_once) {
  auto& server = shared_postgres_server();
  const std::string db = server.create_database();
  TempDir dir;
  std::filesystem::create_directories(dir.file("hub"));
  std::ofstream(dir.file("hub/hub.store")) << server.url(db) << "\n";
  constexpr int kHubs = 4;
  std::atomic<int> opened{0};
  std::vector<std::string> errors(kHubs);
  std::vector<std::thread> threads;
  for (int i = 0; i < kHubs; ++i)
    threads.emplace_back([&, i] {
      auto hub = sync::Hub::open(dir.file("hub"));
      if (hub)
        ++opened;
      else
        errors[static_cast<std::size_t>(i)] = hub.error().message;
    });
  for (auto& t : threads) t.join();
  for (const auto& e : errors) BOOST_TEST(e.empty(), e);
  BOOST_TEST(opened.load() == kHubs);
  BOOST_TEST(server.query(db, "SELECT version FROM rfinv_hub_schema") == "2\n");
  BOOST_TEST(server.query(db, "SELECT last_id FROM log_head") == "0\n");
}

BOOST_AUTO_TEST_CASE(hub_init_keeps_the_store_url_private_and_refuses_other_urls) {
  auto& server = shared_postgres_server();
  const std::string db = server.create_database();
  // A password in the URL (the trusted loopback server ignores it) must never be printed.
  std::string url = server.url(db);
  url.insert(url.find('@'), ":s3cret-pw");
  TempDir dir;
  auto init = run_rfinv({"hub", "init", "--dir", dir.file("hub"), "--store", url});
  BOOST_REQUIRE_MESSAGE(init.exit_code == 0, init.err);
  BOOST_TEST(init.out.find("s3cret-pw") == std::string::npos);
  struct stat st {};
  BOOST_REQUIRE(stat(dir.file("hub/hub.store").c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0600u);
  BOOST_TEST(!std::filesystem::exists(dir.file("hub/hub.db")));
  // A second hub on the same database would replace the first one's admin token.
  auto second = run_rfinv({"hub", "init", "--dir", dir.file("other"), "--store", url});
  BOOST_TEST(second.exit_code == 4);
  BOOST_TEST(second.err.find("already holds a hub") != std::string::npos, second.err);
  BOOST_TEST(second.err.find("s3cret-pw") == std::string::npos);
  auto mysql = run_rfinv({"hub", "init", "--dir", dir.file("m"), "--store", "mysql://x@y/z"});
  BOOST_TEST(mysql.exit_code == 2);
  BOOST_TEST(mysql.err.find("must be a postgresql:// URL") != std::string::npos, mysql.err);
}

BOOST_DATA_TEST_CASE(health_names_the_store_and_its_schema_version, bdata::make(kStores), store) {
  TempDir dir;
  BOOST_REQUIRE(sync::init_hub(dir.file("hub"), store_url(store)).ok());
  Background hub(
      {RFINV_BINARY, "hub", "serve", "--dir", dir.file("hub"), "--listen", "127.0.0.1:0"});
  auto line = hub.read_line(30s);
  BOOST_REQUIRE(line && line->starts_with("listening 127.0.0.1:"));
  auto port = static_cast<unsigned short>(std::stoi(line->substr(line->rfind(':') + 1)));
  auto [status, body] = get_without_token(port, "/v1/health");
  BOOST_TEST(status == 200u);
  auto reply = json::parse(body).as_object();
  BOOST_TEST(reply.at("status").as_string() == "ok");
  BOOST_TEST(reply.at("store").as_string() == store);
  BOOST_TEST(reply.at("schema_version").as_int64() == (store == "sqlite" ? 4 : 2));
}

BOOST_AUTO_TEST_CASE(health_is_503_while_postgresql_is_down_and_200_once_it_is_back) {
  PostgresServer server;  // its own: this test stops it
  const std::string db = server.create_database();
  TempDir dir;
  BOOST_REQUIRE(sync::init_hub(dir.file("hub"), server.url(db)).ok());
  Background hub(
      {RFINV_BINARY, "hub", "serve", "--dir", dir.file("hub"), "--listen", "127.0.0.1:0"});
  auto line = hub.read_line(30s);
  BOOST_REQUIRE(line && line->starts_with("listening 127.0.0.1:"));
  auto port = static_cast<unsigned short>(std::stoi(line->substr(line->rfind(':') + 1)));
  BOOST_TEST(get_without_token(port, "/v1/health").first == 200u);
  server.stop();
  auto [down, why] = get_without_token(port, "/v1/health");
  BOOST_TEST(down == 503u);
  auto reply = json::parse(why).as_object();
  BOOST_TEST(reply.at("status").as_string() == "unavailable");
  BOOST_TEST(reply.at("store").as_string() == "postgresql");
  BOOST_TEST(!reply.at("error").as_string().empty());
  server.start();
  BOOST_TEST(get_without_token(port, "/v1/health").first == 200u);
}
