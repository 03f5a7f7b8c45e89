#include "inventory/pipeline/pipeline.h"

#include <boost/container_hash/hash.hpp>
#include <boost/unordered/unordered_flat_map.hpp>
#include <unordered_map>

#include "inventory/pipeline/internal/decide.h"
#include "inventory/pipeline/internal/smoother.h"
#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::inventory {

using pipeline::Decision;
using pipeline::Presence;

namespace {

// A door watched by an outer and an inner antenna: the first to see the tag tells the way.
struct PortalKey {
  std::int64_t location_id;
  drivers::EpcBytes epc;
  bool operator==(const PortalKey& o) const { return location_id == o.location_id && epc == o.epc; }
};
struct PortalKeyHash {
  std::size_t operator()(const PortalKey& k) const {
    std::size_t h = std::size_t(k.location_id);
    boost::hash_range(h, k.epc.begin(), k.epc.end());
    return h;
  }
};
struct PortalPass {
  std::optional<Micros> outer_at, inner_at;  // entry times in this pass
  bool outer_present = false, inner_present = false, decided = false;
};

}  // namespace

struct Pipeline::State {
  explicit State(Store& s) : store(s) {}
  Store& store;
  std::vector<ReadPoint> read_points;
  std::vector<Smoothing> smoothing;                  // by read point index
  std::vector<std::optional<std::int64_t>> session;  // open count covering each read point
  std::unordered_map<std::string, std::vector<std::int32_t>> by_reader;  // antenna -> index
  pipeline::Smoother smoother;
  boost::unordered_flat_map<PortalKey, PortalPass, PortalKeyHash> portals;
  PipelineStats stats;
  Micros reader_now = 0;    // latest reader timestamp seen
  Micros wall_at_read = 0;  // wall clock when it was seen
  Micros last_expire = 0;
  std::vector<Presence> presences;  // reused between batches

  int index_of(const drivers::TagRead& read) {
    auto it = by_reader.find(read.reader);
    if (it == by_reader.end() || read.antenna >= it->second.size()) return -1;
    return it->second[read.antenna];
  }

  // Turns presence changes into decisions; portal passes are resolved here.
  void route(const Presence& p, std::vector<Decision>& out) {
    const ReadPoint& rp = read_points[p.read_point];
    auto decision = [&](Decision::Action a, std::string key_base) {
      out.push_back({a, &rp, p.epc, p.at, std::move(key_base), session[p.read_point]});
    };
    bool enter = p.kind == Presence::Kind::enter;
    switch (rp.role) {
      case ReadPointRole::dock_in:
        if (enter) decision(Decision::Action::arrive, fmt::format("rp{}", rp.id));
        return;
      case ReadPointRole::dock_out:
        if (enter) decision(Decision::Action::depart, fmt::format("rp{}", rp.id));
        return;
      case ReadPointRole::shelf:
        decision(enter ? Decision::Action::shelf_enter : Decision::Action::shelf_leave,
                 fmt::format("rp{}", rp.id));
        return;
      case ReadPointRole::handheld:
        if (enter) decision(Decision::Action::handheld, fmt::format("rp{}", rp.id));
        return;
      case ReadPointRole::portal_outer:
      case ReadPointRole::portal_inner: {
        bool outer = rp.role == ReadPointRole::portal_outer;
        PortalKey key{rp.location_id, p.epc};
        auto& pass = portals[key];
        if (enter) {
          (outer ? pass.outer_at : pass.inner_at) = p.at;
          (outer ? pass.outer_present : pass.inner_present) = true;
          if (pass.outer_at && pass.inner_at && !pass.decided) {
            pass.decided = true;
            bool inbound = *pass.outer_at <= *pass.inner_at;
            Micros first = std::min(*pass.outer_at, *pass.inner_at);
            out.push_back({inbound ? Decision::Action::arrive : Decision::Action::depart, &rp,
                           p.epc, first, fmt::format("portal{}", rp.location_id),
                           session[p.read_point]});
          }
        } else {
          (outer ? pass.outer_present : pass.inner_present) = false;
          // Gone from both antennas: the pass is over (a tag seen by one side only never
          // counts, which is how a cross-read from a neighbouring door is ignored).
          if (!pass.outer_present && !pass.inner_present) portals.erase(key);
        }
        return;
      }
    }
  }

  // Writes the decisions in one transaction: a decision that fails on the database fails the
  // whole batch, which leaves nothing behind.
  Result<std::vector<BusinessEvent>> write(const std::vector<Decision>& decisions) {
    std::vector<BusinessEvent> events;
    if (decisions.empty()) return events;
    return sql::guarded("writing business events", [&]() -> Result<std::vector<BusinessEvent>> {
      auto& db = database_of(store);
      sql::Transaction tx(db);
      for (const auto& d : decisions) pipeline::decide(tx, store, d, events, stats);
      tx.commit();
      return events;
    });
  }

  // Routes the presence changes collected so far, in order.
  void route_pending(std::vector<Decision>& decisions) {
    for (const auto& p : presences) {
      ++(p.kind == Presence::Kind::enter ? stats.enters : stats.leaves);
      route(p, decisions);
    }
    presences.clear();
  }

  // Tags unseen for longer than their leave time at `now` leave their read points.
  void expire(Micros now, std::vector<Decision>& decisions) {
    route_pending(decisions);
    smoother.expire(now, smoothing, presences);
    last_expire = now;
    route_pending(decisions);
  }
};

Pipeline::Pipeline(std::unique_ptr<State> state) : state_(std::move(state)) {}
Pipeline::~Pipeline() = default;

Result<std::unique_ptr<Pipeline>> Pipeline::open(Store& store) {
  std::unique_ptr<Pipeline> p(new Pipeline(std::make_unique<State>(store)));
  if (auto ok = p->reload(); !ok) return ok.error();
  return p;
}

Status Pipeline::reload() {
  auto& s = *state_;
  auto points = list_read_points(s.store);
  if (!points) return points.error();
  // Open count sessions and the locations they cover (the counted location and below).
  std::unordered_map<std::int64_t, std::int64_t> covered;  // location -> session
  auto sessions = sql::guarded("reading count sessions", [&]() -> Status {
    auto st = database_of(s.store).prepare(
        "WITH RECURSIVE down(id, session) AS (SELECT location_id, id FROM count_session "
        "WHERE finished_at IS NULL UNION ALL SELECT l.id, down.session FROM location l "
        "JOIN down ON l.parent_id = down.id) SELECT id, session FROM down");
    while (st.step()) covered[st.int64(0)] = st.int64(1);
    return {};
  });
  if (!sessions) return sessions;
  // Read points keep their indices while they exist: the smoother's state is keyed by them.
  std::vector<ReadPoint> merged = s.read_points;
  for (auto& rp : *points) {
    auto same = std::find_if(merged.begin(), merged.end(),
                             [&](const ReadPoint& o) { return o.id == rp.id; });
    if (same == merged.end())
      merged.push_back(rp);
    else
      *same = rp;
  }
  s.read_points = std::move(merged);
  s.smoothing.clear();
  s.session.clear();
  s.by_reader.clear();
  for (std::size_t i = 0; i < s.read_points.size(); ++i) {
    const auto& rp = s.read_points[i];
    bool still_there = std::any_of(points->begin(), points->end(),
                                   [&](const ReadPoint& o) { return o.id == rp.id; });
    s.smoothing.push_back(rp.smoothing);
    auto c = covered.find(rp.location_id);
    bool counts = rp.role == ReadPointRole::shelf || rp.role == ReadPointRole::handheld;
    s.session.push_back(counts && c != covered.end() ? std::optional(c->second) : std::nullopt);
    if (!still_there) continue;
    auto& antennas = s.by_reader[rp.reader];
    if (antennas.size() <= rp.antenna) antennas.resize(rp.antenna + 1, -1);
    antennas[rp.antenna] = std::int32_t(i);
  }
  return {};
}

Result<std::vector<BusinessEvent>> Pipeline::ingest(std::span<const drivers::TagRead> reads) {
  auto& s = *state_;
  std::vector<Decision> decisions;
  s.presences.clear();
  for (const auto& read : reads) {
    ++s.stats.reads;
    // Leaves are looked for once a second of reader time, in step with the reads, so a
    // tag that comes back after its leave time (a pass out after a pass in) starts anew.
    if (s.reader_now != 0 && read.first_seen - s.last_expire >= 1'000'000)
      s.expire(read.first_seen, decisions);
    int index = s.index_of(read);
    if (index < 0) {
      ++s.stats.unknown_read_point;
      continue;
    }
    if (!s.smoother.on_read(std::uint32_t(index), s.smoothing[std::size_t(index)], read,
                            s.presences))
      ++s.stats.below_rssi_floor;
    s.reader_now = std::max(s.reader_now, read.last_seen);
  }
  if (!reads.empty()) s.wall_at_read = now_micros();
  s.route_pending(decisions);
  return s.write(decisions);
}

Result<std::vector<BusinessEvent>> Pipeline::tick(Micros wall_now) {
  auto& s = *state_;
  if (s.reader_now == 0) return std::vector<BusinessEvent>{};
  // Reader time moves on with the wall clock while readers are quiet.
  Micros now = s.reader_now + std::max<Micros>(0, wall_now - s.wall_at_read);
  if (now - s.last_expire < 1'000'000) return std::vector<BusinessEvent>{};
  std::vector<Decision> decisions;
  s.expire(now, decisions);
  return s.write(decisions);
}

const PipelineStats& Pipeline::stats() const { return state_->stats; }
std::size_t Pipeline::tracked_tags() const { return state_->smoother.tracked(); }
std::size_t Pipeline::tracking_bytes() const { return state_->smoother.memory_bytes(); }

}  // namespace rfinv::inventory
