// What the hub and the nodes say about the pool, as plain maps and sets the sync suites compare
// (every node must agree with the hub), and the ways those suites fill and drain an outbox.
#pragma once

#include <boost/json.hpp>
#include <cstddef>
#include <map>
#include <set>
#include <string>

#include "tests/sync/sync_support.h"

namespace rfinv::test {

// A command's --json output; fails the test when it is not JSON.
boost::json::value parse_out(const ProcessResult& r);

// Request id -> status, as the node lists them (`pool requests --all`) and as the hub does.
std::map<std::string, std::string> node_requests(const Node& node);
std::map<std::string, std::string> hub_requests(const HubFixture& hub);
// "CODE/status" of each asset the node lists in the pool, and each pooled or reserved asset at
// the hub.
std::set<std::string> node_pooled(const Node& node);
std::set<std::string> hub_pooled(const HubFixture& hub);

// Checks through the hub's log that each of `dept`'s sequences is there at most once; how many
// events `dept` pushed.
std::size_t check_log_unique(const HubFixture& hub, const std::string& dept);

// Registers `count` assets of the node's department and queues their publication, in process
// (the fast way to fill an outbox); nothing reaches the hub yet.
void queue_publications(const Node& node, const std::string& prefix, int count);
// Runs `rfinv sync` until the outbox is empty (at most 10 rounds); fails the test otherwise.
void sync_until_done(const Node& node);

}  // namespace rfinv::test
