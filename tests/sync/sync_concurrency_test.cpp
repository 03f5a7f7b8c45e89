// CLI writers on one node database while a sync round runs on it: no command may fail with
// "database is locked" (every read is finished before a write starts, and writes take the
// lock up front inside IMMEDIATE transactions, where the busy timeout applies).
#define BOOST_TEST_MODULE sync_concurrency
#include <boost/test/unit_test.hpp>
#include <future>

#include "tests/sync/sync_support.h"

using namespace rfinv::test;

namespace {

// Runs `args` on `node` `times` times; the failures, as "exit N: stderr".
std::vector<std::string> loop(const Node& node, std::vector<std::string> args, int times) {
  std::vector<std::string> failures;
  for (int i = 0; i < times; ++i) {
    auto r = node.run(args);
    if (r.exit_code != 0 || r.err.find("locked") != std::string::npos)
      failures.push_back(args.front() + ": exit " + std::to_string(r.exit_code) + ": " + r.err);
  }
  return failures;
}

}  // namespace

BOOST_AUTO_TEST_CASE(pool_offer_and_other_writers_during_sync_never_fail_with_a_lock_error) {
  HubFixture hub;
  hub.start();
  Node ops = make_node(hub, "OPS");
  Node lab = make_node(hub, "LAB");
  ops.must({"item", "add", "BOLT", "--name", "Bolt", "--cost", "1"});
  ops.must({"location", "add", "WH"});
  ops.must({"receive", "BOLT", "1000", "--to", "WH"});
  lab.must({"sync"});

  constexpr int kRounds = 15;
  auto syncs = std::async(std::launch::async, [&] { return loop(ops, {"sync"}, kRounds); });
  auto offers = std::async(std::launch::async, [&] {
    return loop(ops, {"pool", "offer", "BOLT", "1", "--from", "WH"}, kRounds);
  });
  auto receipts = std::async(std::launch::async, [&] {
    return loop(ops, {"receive", "BOLT", "1", "--to", "WH"}, kRounds);
  });
  for (auto* f : {&syncs, &offers, &receipts})
    for (const auto& failure : f->get()) BOOST_ERROR(failure);
  // Every offer reached the hub.
  ops.must({"sync"});
  BOOST_TEST(hub.admin_get("/v1/pool").at("offers").as_array().size() == std::size_t(kRounds));
}
