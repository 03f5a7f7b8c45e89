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
  // Each reader keeps its own clock: readers' timestamps need not agree (a simulator plays
  // its scenario's day), and one reader's time must never expire another's tags, or a
  // replayed scenario would see tags leave and enter anew under new keys.
  struct Clock {
    Micros now = 0;           // latest timestamp this reader reported
    Micros wall_at_read = 0;  // wall clock when it was seen
    Micros last_expire = 0;
  };
  std::unordered_map<std::string, Clock> clocks;  // by reader name
  std::vector<Micros> expire_at;                  // by read point index; 0: not now
  std::vector<Presence> presences;                // reused between batches
  // Decisions routed but not yet committed: the smoothing state has moved on, so they are
  // kept here until a write succeeds (a locked database delays them, never loses them).
  std::vector<Decision> pending;

  // Turns presence changes into decisions; portal passes are resolved here.
  void route(const Presence& p, std::vector<Decision>& out) {
    const ReadPoint& rp = read_points[p.read_point];
    auto decision = [&](Decision::Action a, std::string key_base) {
      out.push_back({a, rp, p.epc, p.at, std::move(key_base), session[p.read_point]});
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
            out.push_back({inbound ? Decision::Action::arrive : Decision::Action::depart, rp, p.epc,
                           first, fmt::format("portal{}", rp.location_id), session[p.read_point]});
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

  // Writes every pending decision in one transaction, in order. A failure leaves nothing
  // behind and keeps them all pending for the next write; the counts move only on commit.
  Result<std::vector<BusinessEvent>> write(std::vector<Decision>&& decisions) {
    pending.insert(pending.end(), std::make_move_iterator(decisions.begin()),
                   std::make_move_iterator(decisions.end()));
    std::vector<BusinessEvent> events;
    if (pending.empty()) return events;
    events.reserve(pending.size());  // most decisions make one event
    PipelineStats counted = stats;
    auto written =
        sql::guarded("writing business events", [&]() -> Result<std::vector<BusinessEvent>> {
          auto& db = database_of(store);
          sql::Transaction tx(db);
          PendingTotals totals;
          for (const auto& d : pending) pipeline::decide(tx, store, d, events, counted, totals);
          totals.flush(db);
          tx.commit();
          return std::move(events);
        });
    if (written) {
      stats = counted;
      pending.clear();
    }
    return written;
  }

  // Routes the presence changes collected so far, in order.
  void route_pending(std::vector<Decision>& decisions) {
    for (const auto& p : presences) {
      ++(p.kind == Presence::Kind::enter ? stats.enters : stats.leaves);
      route(p, decisions);
    }
    presences.clear();
  }

  // Tags unseen for longer than their leave time at `now` (reader `reader`'s clock) leave
  // its read points.
  void expire_reader(const std::string& reader, Micros now) {
    clocks[reader].last_expire = now;
    for (std::size_t i = 0; i < read_points.size(); ++i)
      if (read_points[i].reader == reader) expire_at[i] = now;
  }
  void expire(std::vector<Decision>& decisions) {
    route_pending(decisions);
    smoother.expire(expire_at, smoothing, presences);
    std::fill(expire_at.begin(), expire_at.end(), 0);
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
  s.expire_at.assign(s.read_points.size(), 0);
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
  // A batch comes from one reader, as a rule: its clock and antennas are looked up by name
  // when the reader changes, not once per read.
  const std::string* reader = nullptr;
  State::Clock* clock = nullptr;
  const std::vector<std::int32_t>* antennas = nullptr;
  Micros wall = now_micros();
  for (const auto& read : reads) {
    ++s.stats.reads;
    if (!reader || read.reader != *reader) {
      reader = &read.reader;
      clock = &s.clocks[read.reader];
      auto it = s.by_reader.find(read.reader);
      antennas = it == s.by_reader.end() ? nullptr : &it->second;
    }
    // Leaves are looked for once a second of the reader's time, in step with its reads, so
    // a tag that comes back after its leave time (a pass out after a pass in) starts anew.
    if (clock->now != 0 && read.first_seen - clock->last_expire >= 1'000'000) {
      s.expire_reader(read.reader, read.first_seen);
      s.expire(decisions);
    }
    int index = antennas && read.antenna < antennas->size() ? (*antennas)[read.antenna] : -1;
    if (index < 0) {
      ++s.stats.unknown_read_point;
      continue;
    }
    if (!s.smoother.on_read(std::uint32_t(index), s.smoothing[std::size_t(index)], read,
                            s.presences))
      ++s.stats.below_rssi_floor;
    clock->now = std::max(clock->now, read.last_seen);
    clock->wall_at_read = wall;
  }
  s.route_pending(decisions);
  return s.write(std::move(decisions));
}

Result<std::vector<BusinessEvent>> Pipeline::tick(Micros wall_now) {
  auto& s = *state_;
  bool due = false;
  for (auto& [reader, clock] : s.clocks) {
    if (clock.now == 0) continue;
    // A reader's time moves on with the wall clock while it is quiet.
    Micros now = clock.now + std::max<Micros>(0, wall_now - clock.wall_at_read);
    if (now - clock.last_expire < 1'000'000) continue;
    s.expire_reader(reader, now);
    due = true;
  }
  std::vector<Decision> decisions;
  if (due) s.expire(decisions);
  return s.write(std::move(decisions));
}

Result<std::vector<BusinessEvent>> Pipeline::flush() { return state_->write({}); }
std::size_t Pipeline::pending() const { return state_->pending.size(); }

const PipelineStats& Pipeline::stats() const { return state_->stats; }
std::size_t Pipeline::tracked_tags() const { return state_->smoother.tracked(); }
std::size_t Pipeline::tracking_bytes() const { return state_->smoother.memory_bytes(); }

}  // namespace rfinv::inventory
