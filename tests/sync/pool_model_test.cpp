// A model-based test of the pool: random sequences of pool operations across five nodes,
// driven through the real rfinv binary against a real hub on loopback, with hub restarts,
// lost responses (a proxy that cuts the hub's answer) and a node database recreated from
// scratch. A small model predicts each step's outcome (done, or refused) and the hub's
// state; after a final sync every node must agree with the hub (and the hub with the model)
// on each asset's owner, holder and status and each request's status, and the stock of the
// item across all ledgers changes only by receipts made outside the pool.
//
// Seeded: RFINV_POOL_MODEL_SEEDS="1 2 3" picks the seeds (fixed defaults keep CI
// deterministic); each seed is printed. Bounded: kSteps operations per seed and a time
// budget, after which the run stops early (and says so) and checks what it has.
#define BOOST_TEST_MODULE pool_model
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>

#include "tests/sync/sync_support.h"

namespace json = boost::json;
using namespace rfinv::test;
using namespace std::chrono_literals;

namespace {

constexpr int kNodes = 5;
constexpr int kSteps = 60;
constexpr auto kBudget = 180s;  // per seed
constexpr std::int64_t kFirstStock = 40;
const std::string kSku = "BOLT";

struct ModelAsset {
  std::string owner, holder, epc;
  std::string status = "none";  // the hub's: none (never published), pooled, reserved, off, lent
};

struct ModelRequest {
  std::string asset, offer;  // one of them
  std::int64_t qty = 1;
  std::string from, to;  // requester, owner
  bool loan = false;
  std::string status;
};

struct ModelOffer {
  std::string owner;
  std::int64_t qty = 0, reserved = 0;  // reserved counts units handed over, as the hub's does
  std::int64_t handed = 0;             // units issued from the owner's ledger
};

json::value parse(const ProcessResult& r) {
  boost::system::error_code ec;
  auto v = json::parse(r.out, ec);
  BOOST_REQUIRE_MESSAGE(!ec, "not JSON: " << r.out << r.err);
  return v;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

class PoolModel {
 public:
  explicit PoolModel(unsigned seed) : rng_(seed) {
    hub_.start();
    proxy_ = std::make_unique<CuttingProxy>(hub_.port());
    for (int i = 0; i < kNodes; ++i) {
      std::string dept = "D" + std::to_string(i);
      nodes_.push_back(make_node(hub_, dept, proxy_url()));
      catalog(i);
      receive_from_outside(i);
      for (int k = 1; k <= 2; ++k) {
        std::string code = "A-" + dept + "-" + std::to_string(k);
        char epc[25];
        std::snprintf(epc, sizeof epc, "3034257BF7194E40%04d%04d", i, k);
        assets_[code] = ModelAsset{dept, dept, epc};
        register_asset(i, code);
      }
    }
  }

  std::string proxy_url() const { return "https://127.0.0.1:" + std::to_string(proxy_->port()); }

  void run(int steps, std::chrono::steady_clock::time_point deadline) {
    for (int step = 0; step < steps; ++step) {
      if (std::chrono::steady_clock::now() > deadline) {
        BOOST_TEST_MESSAGE("time budget spent after " << step << " steps; checking what ran");
        return;
      }
      one_step(step);
    }
  }

  // Every node syncs twice (the second pulls what the others pushed), then all must agree.
  void check_agreement() {
    for (int round = 0; round < 2; ++round)
      for (const auto& n : nodes_) expect_ok(n, {"sync"}, "final sync");
    auto pool = hub_.admin_get("/v1/pool");
    std::map<std::string, json::object> hub_assets;
    for (const auto& a : pool.at("assets").as_array())
      hub_assets[std::string(a.at("code").as_string())] = a.as_object();
    for (const auto& [code, m] : assets_) {
      if (m.status == "none") continue;
      auto it = hub_assets.find(code);
      if (it == hub_assets.end()) {
        BOOST_ERROR("the hub lacks " << code << ", the model has it " << m.status);
        continue;
      }
      const auto& h = it->second;
      BOOST_TEST(h.at("owner").as_string() == m.owner,
                 code << " owner at the hub " << h.at("owner") << ", the model " << m.owner);
      BOOST_TEST(h.at("holder").as_string() == m.holder,
                 code << " holder at the hub " << h.at("holder") << ", the model " << m.holder);
      BOOST_TEST(h.at("status").as_string() == m.status,
                 code << " status at the hub " << h.at("status") << ", the model " << m.status);
      for (const auto& n : nodes_) {
        auto shown = n.run({"asset", "show", code, "--json"});
        if (shown.exit_code == 3) continue;  // this node never had it
        BOOST_REQUIRE_MESSAGE(shown.exit_code == 0, shown.err);
        auto a = parse(shown).as_object();
        BOOST_TEST(a.at("dept").as_string() == h.at("owner").as_string(),
                   n.dept << " says " << code << " belongs to " << a.at("dept") << ", the hub "
                          << h.at("owner"));
        BOOST_TEST(a.at("holder_dept").as_string() == h.at("holder").as_string(),
                   n.dept << " says " << code << " is held by " << a.at("holder_dept")
                          << ", the hub " << h.at("holder"));
        if (n.dept == m.owner || n.dept == m.holder)
          BOOST_TEST(local_status_fits(std::string(a.at("status").as_string()), m.status),
                     n.dept << " has " << code << " " << a.at("status").as_string() << ", the hub "
                            << m.status);
      }
    }
    std::map<std::string, std::string> hub_requests;
    for (const auto& r : pool.at("requests").as_array())
      hub_requests[std::string(r.at("id").as_string())] = std::string(r.at("status").as_string());
    for (const auto& [id, m] : requests_)
      BOOST_TEST(hub_requests[id] == m.status, "request " << id << " is " << hub_requests[id]
                                                          << " at the hub, the model " << m.status);
    for (const auto& n : nodes_) {
      auto listed = parse(expect_ok(n, {"pool", "requests", "--all", "--json"}, "requests"));
      for (const auto& r : listed.as_array()) {
        std::string id(r.at("id").as_string());
        BOOST_TEST(r.at("status").as_string() == hub_requests[id],
                   n.dept << " has request " << id << " " << r.at("status") << ", the hub "
                          << hub_requests[id]);
      }
    }
    std::int64_t total = 0;
    for (int i = 0; i < kNodes; ++i) total += on_hand(i);
    // Stock handed over but not yet received has left the owner's ledger and is in no other.
    std::int64_t in_transit = 0;
    for (const auto& [id, r] : requests_)
      if (!r.offer.empty() && r.status == "in_transit") in_transit += r.qty;
    BOOST_TEST(total + in_transit == outside_receipts_, "stock across all ledgers is "
                                                            << total << " with " << in_transit
                                                            << " in transit, received from outside "
                                                            << outside_receipts_);
  }

 private:
  // What the node's own asset record may show for the hub's status of it.
  static bool local_status_fits(const std::string& local, const std::string& hub) {
    if (hub == "pooled") return local == "pooled";
    if (hub == "reserved") return local == "reserved" || local == "in_transit";
    if (hub == "lent") return local == "in_use";
    return local == "in_use" || local == "idle";  // off: back out of the pool
  }

  std::string location(int i) const { return "L-" + nodes_[i].dept; }

  void catalog(int i) {
    nodes_[i].must({"item", "add", kSku, "--name", "Bolt", "--cost", "1"});
    nodes_[i].must({"location", "add", location(i)});
  }

  // Stock from outside the pool: the only thing that may change the total.
  void receive_from_outside(int i) {
    nodes_[i].must({"receive", kSku, std::to_string(kFirstStock), "--to", location(i)});
    outside_receipts_ += kFirstStock;
  }

  void register_asset(int i, const std::string& code) {
    nodes_[i].must(
        {"asset", "register", code, "--epc", assets_[code].epc, "--dept", nodes_[i].dept});
  }

  std::int64_t on_hand(int i) {
    auto levels = parse(expect_ok(nodes_[i], {"stock", "--json"}, "stock"));
    std::int64_t qty = 0;
    for (const auto& l : levels.as_array())
      if (l.as_object().contains("qty")) qty += l.at("qty").as_int64();
    return qty;
  }

  int index_of(const std::string& dept) const {
    for (int i = 0; i < kNodes; ++i)
      if (nodes_[i].dept == dept) return i;
    return 0;
  }

  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  ProcessResult expect_ok(const Node& n, const std::vector<std::string>& args,
                          const std::string& what) {
    auto r = n.run(args);
    BOOST_TEST(r.exit_code == 0,
               n.dept << " " << what << " failed (" << r.exit_code << "): " << r.err);
    return r;
  }

  void expect_refused(const Node& n, const std::vector<std::string>& args,
                      const std::string& what) {
    auto r = n.run(args);
    BOOST_TEST(r.exit_code == 4, n.dept << " " << what << " should be refused, exit " << r.exit_code
                                        << ": " << r.out << r.err);
  }

  template <class Pred>
  std::vector<std::string> requests_where(Pred pred) const {
    std::vector<std::string> out;
    for (const auto& [id, r] : requests_)
      if (pred(r)) out.push_back(id);
    return out;
  }

  void one_step(int step) {
    switch (pick(12)) {
      case 0:
      case 1:
        return publish_or_withdraw();
      case 2:
        return offer();
      case 3:
      case 4:
        return request();
      case 5:
        return owner_step();
      case 6:
        return handover();
      case 7:
        return receive();
      case 8:
        return give_back_or_idle();
      case 9:
        return restart_hub();
      case 10:
        return lost_response(step);
      case 11:
        if (step % 3 == 0) return recreate_node();
        return publish_or_withdraw();
    }
  }

  void publish_or_withdraw() {
    std::vector<std::string> codes;
    for (const auto& [code, a] : assets_)
      if (a.owner == a.holder && (a.status == "none" || a.status == "off" || a.status == "pooled"))
        codes.push_back(code);
    if (codes.empty()) return;
    const std::string code = codes[pick(int(codes.size()))];
    auto& a = assets_[code];
    const Node& owner = nodes_[index_of(a.owner)];
    if (a.status == "pooled") {
      BOOST_TEST_MESSAGE(owner.dept << " withdraws " << code);
      expect_ok(owner, {"pool", "withdraw", code}, "withdraw " + code);
      a.status = "off";
    } else {
      BOOST_TEST_MESSAGE(owner.dept << " publishes " << code);
      expect_ok(owner, {"pool", "publish", code}, "publish " + code);
      a.status = "pooled";
    }
  }

  void offer() {
    int i = pick(kNodes);
    std::int64_t qty = 1 + pick(5);
    std::int64_t free = on_hand(i);
    for (const auto& [id, o] : offers_)
      if (o.owner == nodes_[i].dept) free -= o.qty - o.handed;
    if (free < qty) return;
    BOOST_TEST_MESSAGE(nodes_[i].dept << " offers " << qty);
    auto r = expect_ok(
        nodes_[i], {"pool", "offer", kSku, std::to_string(qty), "--from", location(i)}, "offer");
    if (r.exit_code == 0) offers_[first_line(r.out)] = ModelOffer{nodes_[i].dept, qty, 0};
  }

  void request() {
    int i = pick(kNodes);
    const Node& n = nodes_[i];
    std::vector<std::string> targets;
    for (const auto& [code, a] : assets_)
      if (a.owner != n.dept && a.status != "none") targets.push_back(code);
    for (const auto& [id, o] : offers_)
      if (o.owner != n.dept) targets.push_back(id);
    if (targets.empty()) return;
    std::string target = targets[pick(int(targets.size()))];
    ModelRequest m;
    m.from = n.dept;
    std::vector<std::string> args{"pool", "request", target, "--reason", "model"};
    bool free = false;
    if (offers_.count(target)) {
      auto& o = offers_[target];
      m.offer = target;
      m.to = o.owner;
      m.qty = 1 + pick(3);
      args.insert(args.end(), {"--qty", std::to_string(m.qty)});
      free = o.reserved + m.qty <= o.qty;
    } else {
      auto& a = assets_[target];
      m.asset = target;
      m.to = a.owner;
      m.loan = pick(2) == 0;
      if (m.loan) args.insert(args.end(), {"--until", "2099-01-01"});
      free = a.status == "pooled";
    }
    BOOST_TEST_MESSAGE(n.dept << " requests " << target << (free ? "" : " (taken)"));
    auto r = n.run(args);
    std::string id = first_line(r.out);
    if (!free) {
      BOOST_TEST(r.exit_code == 4, n.dept << " request of taken " << target << ": " << r.err);
      if (!id.empty())
        requests_[id] = ModelRequest{m.asset, m.offer, m.qty, m.from, m.to, m.loan, "refused"};
      return;
    }
    BOOST_TEST(r.exit_code == 0, n.dept << " request of " << target << ": " << r.err);
    if (r.exit_code != 0 || id.empty()) return;
    m.status = "reserved";
    if (!m.offer.empty())
      offers_[m.offer].reserved += m.qty;
    else
      assets_[m.asset].status = "reserved";
    requests_[id] = m;
  }

  // The owner approves or declines a reserved request (after a sync brings it).
  void owner_step() {
    auto ids = requests_where([](const ModelRequest& r) { return r.status == "reserved"; });
    if (ids.empty()) return;
    const std::string id = ids[pick(int(ids.size()))];
    auto& r = requests_[id];
    const Node& owner = nodes_[index_of(r.to)];
    expect_ok(owner, {"sync"}, "sync");
    if (pick(4) == 0) {
      BOOST_TEST_MESSAGE(owner.dept << " declines " << id);
      expect_ok(owner, {"pool", "decline", id}, "decline " + id);
      r.status = "declined";
      if (!r.offer.empty())
        offers_[r.offer].reserved -= r.qty;
      else
        assets_[r.asset].status = "pooled";
    } else {
      BOOST_TEST_MESSAGE(owner.dept << " approves " << id);
      expect_ok(owner, {"pool", "approve", id}, "approve " + id);
      r.status = "approved";
    }
    // The requester cannot approve its own request: refused before anything is queued.
    expect_refused(nodes_[index_of(r.from)], {"pool", "approve", id}, "requester approving");
  }

  void handover() {
    auto ids = requests_where([](const ModelRequest& r) { return r.status == "approved"; });
    if (ids.empty()) return;
    const std::string id = ids[pick(int(ids.size()))];
    auto& r = requests_[id];
    const Node& owner = nodes_[index_of(r.to)];
    BOOST_TEST_MESSAGE(owner.dept << " hands over " << id);
    expect_ok(owner, {"pool", "handover", id}, "handover " + id);
    r.status = "in_transit";
    if (!r.offer.empty()) offers_[r.offer].handed += r.qty;
  }

  void receive() {
    auto ids = requests_where([](const ModelRequest& r) { return r.status == "in_transit"; });
    if (ids.empty()) return;
    const std::string id = ids[pick(int(ids.size()))];
    auto& r = requests_[id];
    int i = index_of(r.from);
    expect_ok(nodes_[i], {"sync"}, "sync");
    BOOST_TEST_MESSAGE(nodes_[i].dept << " receives " << id);
    std::vector<std::string> args{"pool", "receive", id};
    if (!r.offer.empty()) args.insert(args.end(), {"--to", location(i)});
    expect_ok(nodes_[i], args, "receive " + id);
    r.status = "completed";
    if (!r.offer.empty()) return;
    auto& a = assets_[r.asset];
    a.holder = r.from;
    if (r.loan) {
      a.status = "lent";
    } else {
      a.owner = r.from;
      a.status = "off";
    }
  }

  void give_back_or_idle() {
    auto ids =
        requests_where([](const ModelRequest& r) { return r.loan && r.status == "completed"; });
    if (!ids.empty() && pick(2) == 0) {
      const std::string id = ids[pick(int(ids.size()))];
      auto& r = requests_[id];
      const Node& holder = nodes_[index_of(r.from)];
      BOOST_TEST_MESSAGE(holder.dept << " returns " << id);
      expect_ok(holder, {"pool", "return", id}, "return " + id);
      r.status = "returned";
      auto& a = assets_[r.asset];
      a.holder = a.owner;
      a.status = "off";
      return;
    }
    // An asset out of the pool and at home goes idle: nothing changes at the hub.
    std::vector<std::string> codes;
    for (const auto& [code, a] : assets_)
      if (a.owner == a.holder && (a.status == "none" || a.status == "off")) codes.push_back(code);
    if (codes.empty()) return;
    const std::string code = codes[pick(int(codes.size()))];
    const Node& owner = nodes_[index_of(assets_[code].owner)];
    auto shown = parse(expect_ok(owner, {"asset", "show", code, "--json"}, "show " + code));
    if (shown.at("status").as_string() != "in_use") return;
    BOOST_TEST_MESSAGE(owner.dept << " marks " << code << " idle");
    expect_ok(owner, {"asset", "idle", code}, "idle " + code);
  }

  void restart_hub() {
    BOOST_TEST_MESSAGE("hub killed and restarted");
    hub_.kill_hard();
    hub_.start(hub_.port());
  }

  // A step whose answer is cut on the way back: the node keeps the step and the next sync
  // delivers it once (the hub answers a repeated push as before).
  void lost_response(int step) {
    std::vector<std::string> codes;
    for (const auto& [code, a] : assets_)
      if (a.owner == a.holder && (a.status == "none" || a.status == "off")) codes.push_back(code);
    if (codes.empty()) return;
    const std::string code = codes[pick(int(codes.size()))];
    auto& a = assets_[code];
    const Node& owner = nodes_[index_of(a.owner)];
    proxy_->cut_after = 1500 + (step % 7) * 400;
    const int cuts = proxy_->cuts;
    auto r = owner.run({"pool", "publish", code});
    proxy_->cut_after = 0;
    BOOST_TEST_MESSAGE(
        owner.dept << " publishes " << code
                   << (proxy_->cuts > cuts ? " and loses the answer" : " (the cut came too late)"));
    BOOST_TEST((r.exit_code == 0 || r.exit_code == 5),
               "publish with a cut answer: exit " << r.exit_code << ": " << r.err);
    expect_ok(owner, {"sync"}, "sync after a cut");
    a.status = "pooled";
  }

  // The node's file is lost and made again: joined with the same token, its catalog and
  // its own assets registered again (from records kept elsewhere), the hub's log applied
  // from the start. Its lost ledger, what the replay posts and a fresh receipt are counted
  // as stock from outside the pool.
  void recreate_node() {
    int i = pick(kNodes);
    Node& n = nodes_[i];
    BOOST_TEST_MESSAGE(n.dept << " database recreated from scratch");
    outside_receipts_ -= on_hand(i);
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(n.db + suffix);
    auto joined = n.join(proxy_url(), n.dept, n.token, hub_.ca());
    BOOST_REQUIRE_MESSAGE(joined.exit_code == 0, "rfinv sync join failed: " << joined.err);
    catalog(i);
    for (const auto& [code, a] : assets_)
      if (a.owner == n.dept) register_asset(i, code);
    expect_ok(n, {"sync"}, "first sync of a recreated node");
    outside_receipts_ += on_hand(i);
    receive_from_outside(i);
  }

  std::mt19937 rng_;
  HubFixture hub_;
  std::unique_ptr<CuttingProxy> proxy_;
  std::vector<Node> nodes_;
  std::map<std::string, ModelAsset> assets_;
  std::map<std::string, ModelRequest> requests_;
  std::map<std::string, ModelOffer> offers_;
  std::int64_t outside_receipts_ = 0;
};

std::vector<unsigned> seeds() {
  std::vector<unsigned> out;
  if (const char* text = std::getenv("RFINV_POOL_MODEL_SEEDS")) {
    std::istringstream in(text);
    unsigned s = 0;
    while (in >> s) out.push_back(s);
  }
  if (out.empty()) out = {1, 2};
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(random_pool_operations_leave_every_node_agreeing_with_the_hub) {
  for (unsigned seed : seeds()) {
    BOOST_TEST_MESSAGE("seed " << seed << " (rerun: RFINV_POOL_MODEL_SEEDS=" << seed << ")");
    PoolModel model(seed);
    model.run(kSteps, std::chrono::steady_clock::now() + kBudget);
    model.check_agreement();
  }
}
