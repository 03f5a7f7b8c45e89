// The real hub on loopback holds every text field it accepts to the rule for text from
// outside (base/text.h): a department pushing a 1 MB location or a terminal escape is refused
// per event or request, and nothing of it reaches the pool or the log every node pulls.
#define BOOST_TEST_MODULE hub_text
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include "sync/node/http_client.h"
#include "tests/sync/sync_support.h"

using namespace rfinv;
using namespace rfinv::test;
namespace json = boost::json;

namespace {

json::object publish(std::int64_t seq, const std::string& asset, json::object extra) {
  json::object data{{"asset", asset}, {"sku", "LAPTOP"}, {"cost_cents", 1000}};
  for (auto& [key, value] : extra) data[key] = value;
  return json::object{{"seq", seq}, {"type", "publish"}, {"data", std::move(data)}};
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_hub_refuses_oversized_and_control_character_text_in_events_and_requests) {
  HubFixture hub;
  hub.start();
  auto token = hub.add_dept("OPS");
  auto pem = run_process({"/bin/cat", hub.ca()}).out;
  auto client = sync::HubClient::connect({hub.url(), token, pem});
  BOOST_REQUIRE(client.ok());
  auto before_pool = json::serialize(hub.admin_get("/v1/pool"));
  auto before_log = json::serialize(hub.admin_get("/v1/events?after=0&limit=5000"));

  // One megabyte of location (under the 1 MiB body limit), an escape sequence, a sku with a
  // C1 control character: each event is refused on its own, naming the field.
  auto reply = (*client)->post(
      "/v1/push",
      json::object{{"events",
                    json::array{publish(1, "LAPTOP-1", {{"location", std::string(1'000'000, 'L')}}),
                                publish(2, "LAPTOP-2", {{"location", "A-01\x1b[31m"}}),
                                publish(3, "LAPTOP-3", {{"sku", "LAP\xC2\x9BTOP"}})}}});
  BOOST_REQUIRE(reply.ok());
  const auto& results = reply->at("results").as_array();
  BOOST_REQUIRE_EQUAL(results.size(), 3u);
  auto error_of = [&](std::size_t i) { return std::string(results.at(i).at("error").as_string()); };
  BOOST_CHECK_MESSAGE(error_of(0).find("field \"location\" has 1000000 characters; at most 64") !=
                          std::string::npos,
                      error_of(0));
  BOOST_CHECK_MESSAGE(
      error_of(1).find("field \"location\" contains the control character U+001B") !=
          std::string::npos,
      error_of(1));
  BOOST_CHECK_MESSAGE(
      error_of(2).find("field \"sku\" contains the control character U+009B") != std::string::npos,
      error_of(2));

  // A request's reason is free text: 1000 characters at most, no control characters.
  for (const std::string& reason : {std::string(1001, 'r'), std::string("new\nhire")}) {
    auto request = (*client)->post(
        "/v1/requests", json::object{{"id", "R-OPS-1"}, {"asset", "LAPTOP-1"}, {"reason", reason}});
    BOOST_REQUIRE(!request.ok());
    BOOST_CHECK(request.error().code == Errc::invalid_argument);
    BOOST_CHECK_MESSAGE(request.error().message.find("field \"reason\"") != std::string::npos,
                        request.error().message);
  }

  BOOST_CHECK_EQUAL(json::serialize(hub.admin_get("/v1/pool")), before_pool);
  BOOST_CHECK_EQUAL(json::serialize(hub.admin_get("/v1/events?after=0&limit=5000")), before_log);
  hub.stop_clean();
}
