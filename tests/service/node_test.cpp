// service::Node: the hook after a stock change reports a failing alert command as a warning
// without failing the use case; the rules the CLI used to hold (statuses
// only the pool workflow sets, which pool id names an offer, which rejection is a step's).
#define BOOST_TEST_MODULE service_node
#include "service/node.h"

#include <boost/test/unit_test.hpp>

#include "epc/epc.h"
#include "service/refusal.h"
#include "tests/support/result_text.h"
#include "tests/support/temp_dir.h"

using namespace rfinv;

namespace {

struct Fixture {
  test::TempDir dir;
  std::unique_ptr<service::Node> node;
  std::vector<std::string> warnings;

  Fixture() {
    auto opened = service::Node::open(dir.file("node.db"));
    BOOST_REQUIRE_MESSAGE(opened.ok(), test::error_text(opened));
    node = std::move(*opened);
    node->set_warning_sink([this](const std::string& w) { warnings.push_back(w); });
    BOOST_REQUIRE(node->add_location({"A-01", "Bin", "site", std::nullopt, std::nullopt}).ok());
    inventory::ItemFields gloves;
    gloves.name = "Gloves";
    gloves.reorder_point = 10;
    BOOST_REQUIRE(node->add_item("GLOVE", gloves).ok());
  }

  Result<inventory::PostedMovement> move(inventory::MovementKind kind, std::int64_t qty) {
    inventory::MovementRequest r;
    r.kind = kind;
    r.sku = "GLOVE";
    r.qty = qty;
    (kind == inventory::MovementKind::issue ? r.from : r.to) = "A-01";
    r.actor = "test";
    return node->post_movement(r);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_failing_alert_command_is_a_warning_after_the_movement_stands, Fixture) {
  BOOST_REQUIRE(node->set_config("alert.command", "echo mailer down >&2; exit 3").ok());
  BOOST_REQUIRE(move(inventory::MovementKind::receive, 11).ok());
  auto issued = move(inventory::MovementKind::issue, 2);
  BOOST_REQUIRE_MESSAGE(issued.ok(), test::error_text(issued));
  BOOST_REQUIRE_EQUAL(issued->alerts.size(), 1u);
  BOOST_TEST(warnings.empty());  // the notice goes out apart from the use case
  auto report = node->deliver_alert_notices({});
  BOOST_REQUIRE_MESSAGE(report.ok(), test::error_text(report));
  BOOST_TEST(report->failed == 1u);
  BOOST_TEST(report->pending == 1u);
  // The next use case that changes stock reports it, and stands.
  BOOST_REQUIRE(move(inventory::MovementKind::issue, 1).ok());
  BOOST_REQUIRE_EQUAL(warnings.size(), 1u);
  BOOST_TEST(warnings[0] ==
             "1 alert notice(s) not delivered yet: the alert command failed (exit status 3: "
             "mailer down); they will be retried");
  BOOST_TEST(node->get_item("GLOVE")->on_hand == 8);
}

BOOST_FIXTURE_TEST_CASE(a_use_case_that_changes_no_stock_reports_nothing, Fixture) {
  BOOST_REQUIRE(node->set_config("alert.command", "exit 3").ok());
  BOOST_REQUIRE(move(inventory::MovementKind::receive, 11).ok());
  BOOST_REQUIRE(move(inventory::MovementKind::issue, 2).ok());
  BOOST_REQUIRE(node->deliver_alert_notices({}).ok());  // fails: a warning is due
  warnings.clear();
  BOOST_REQUIRE(node->list_alerts(false).ok());
  BOOST_REQUIRE(node->stock_levels({}).ok());
  BOOST_TEST(warnings.empty());
  // A failed use case changed nothing, so it reports nothing either.
  BOOST_TEST(!move(inventory::MovementKind::issue, 100).ok());
  BOOST_TEST(warnings.empty());
  BOOST_REQUIRE(move(inventory::MovementKind::issue, 1).ok());
  BOOST_TEST(warnings.size() == 1u);
}

BOOST_FIXTURE_TEST_CASE(only_the_pool_workflow_sets_pool_statuses, Fixture) {
  BOOST_REQUIRE(node->add_dept("OPS", "Operations").ok());
  auto tag = epc::giai_96("0614141", 1, 0);
  BOOST_REQUIRE(tag.ok());
  inventory::NewAsset spec{"SCOPE-1", *epc::encode_hex(*tag), std::nullopt, "OPS", std::nullopt, 0};
  BOOST_REQUIRE(node->register_asset(spec, "test").ok());
  for (auto status : {inventory::AssetStatus::pooled, inventory::AssetStatus::reserved,
                      inventory::AssetStatus::in_transit}) {
    auto refused = node->set_asset_status("SCOPE-1", status, "test", "");
    BOOST_REQUIRE(!refused.ok());
    BOOST_TEST((refused.error().code == Errc::invalid_argument));
  }
  auto idle = node->set_asset_status("SCOPE-1", inventory::AssetStatus::idle, "test", "done");
  BOOST_REQUIRE_MESSAGE(idle.ok(), test::error_text(idle));
  BOOST_TEST((idle->before.status == inventory::AssetStatus::in_use));
  BOOST_TEST((idle->after.status == inventory::AssetStatus::idle));
}

BOOST_AUTO_TEST_CASE(an_offer_id_names_an_offer_and_anything_else_an_asset) {
  BOOST_TEST((sync::pool_target("O-OPS-1a2b3c4d") == sync::PoolTarget::offer));
  BOOST_TEST((sync::pool_target("LAPTOP-0042") == sync::PoolTarget::asset));
  BOOST_TEST((sync::pool_target("") == sync::PoolTarget::asset));
}

BOOST_AUTO_TEST_CASE(a_refusal_is_found_by_its_exact_sequence_number) {
  sync::RoundCounts round;
  round.rejections = {{70, "publish", "not yours"}, {7, "approve", "not yours either"}};
  BOOST_TEST(service::refusal_for(round, 7).value_or("") ==
             "hub refused seq 7 (approve): not yours either");
  BOOST_TEST(service::refusal_for(round, 70).value_or("") ==
             "hub refused seq 70 (publish): not yours");
  BOOST_TEST(!service::refusal_for(round, 8).has_value());
}
