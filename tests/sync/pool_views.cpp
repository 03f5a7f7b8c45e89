#include "tests/sync/pool_views.h"

#include <fmt/format.h>

#include <boost/test/unit_test.hpp>
#include <thread>

#include "inventory/assets/assets.h"
#include "sync/node/node_schema.h"
#include "sync/node/pool.h"

namespace rfinv::test {
namespace json = boost::json;
using namespace std::chrono_literals;

json::value parse_out(const ProcessResult& r) {
  boost::system::error_code ec;
  auto v = json::parse(r.out, ec);
  BOOST_REQUIRE_MESSAGE(!ec, "not JSON: " << r.out << r.err);
  return v;
}

std::map<std::string, std::string> node_requests(const Node& node) {
  std::map<std::string, std::string> out;
  json::value doc_r = parse_out(node.must({"pool", "requests", "--all", "--json"}));
  for (const auto& r : doc_r.as_array())
    out[std::string(r.at("id").as_string())] = std::string(r.at("status").as_string());
  return out;
}

std::map<std::string, std::string> hub_requests(const HubFixture& hub) {
  std::map<std::string, std::string> out;
  json::value doc_r = hub.admin_get("/v1/pool").at("requests");
  for (const auto& r : doc_r.as_array())
    out[std::string(r.at("id").as_string())] = std::string(r.at("status").as_string());
  return out;
}

std::set<std::string> node_pooled(const Node& node) {
  std::set<std::string> out;
  json::value doc = parse_out(node.must({"pool", "list", "--json"}));
  for (const auto& a : doc.as_array())
    if (a.at("kind").as_string() == "asset")
      out.insert(std::string(a.at("id").as_string()) + "/" +
                 std::string(a.at("status").as_string()));
  return out;
}

std::set<std::string> hub_pooled(const HubFixture& hub) {
  std::set<std::string> out;
  json::value doc_a = hub.admin_get("/v1/pool").at("assets");
  for (const auto& a : doc_a.as_array()) {
    std::string status(a.at("status").as_string());
    if (status == "pooled" || status == "reserved")
      out.insert(std::string(a.at("code").as_string()) + "/" + status);
  }
  return out;
}

std::size_t check_log_unique(const HubFixture& hub, const std::string& dept) {
  std::set<std::int64_t> seqs;
  std::size_t count = 0;
  std::int64_t after = 0;
  for (int page = 0; page < 100; ++page) {
    auto reply = hub.admin_get(fmt::format("/v1/events?after={}&limit=5000", after));
    const auto& events = reply.at("events").as_array();
    for (const auto& e : events) {
      if (e.at("dept").as_string() != dept || e.at("seq").is_null()) continue;
      BOOST_CHECK_MESSAGE(seqs.insert(e.at("seq").as_int64()).second,
                          "seq " << e.at("seq").as_int64() << " logged twice");
      ++count;
    }
    if (events.empty()) break;
    after = reply.at("last").as_int64();
  }
  return count;
}

void queue_publications(const Node& node, const std::string& prefix, int count) {
  auto store = inventory::Store::open(node.db, sync::node_schema());
  BOOST_REQUIRE(store.ok());
  for (int i = 0; i < count; ++i) {
    inventory::NewAsset a;
    a.code = fmt::format("{}-{:04}", prefix, i);
    a.epc = fmt::format("E2{:02X}{:020X}", static_cast<unsigned>(prefix[0]), i);
    a.dept = node.dept;
    a.cost_cents = 1000 + i;
    auto made = inventory::register_asset(**store, a, "test");
    BOOST_REQUIRE_MESSAGE(made.ok(), (made.ok() ? std::string() : made.error().message));
    auto seq = sync::publish_asset(**store, a.code);
    BOOST_REQUIRE_MESSAGE(seq.ok(), (seq.ok() ? std::string() : seq.error().message));
  }
}

void sync_until_done(const Node& node) {
  for (int i = 0; i < 10; ++i) {
    auto r = node.run({"sync", "--json"});
    if (r.exit_code == 0 && parse_out(r).at("pending").as_int64() == 0) return;
    std::this_thread::sleep_for(200ms);
  }
  BOOST_FAIL("node " << node.dept << " did not finish syncing");
}

}  // namespace rfinv::test
