#include "service/run.h"

#include <fmt/format.h>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <condition_variable>
#include <thread>

#include "drivers/reader.h"
#include "inventory/alerts/alerts.h"
#include "inventory/assets/assets.h"
#include "inventory/pipeline/readers.h"
#include "inventory/store/config.h"
#include "sync/node/continuous.h"
#include "sync/node/node_schema.h"
#include "sync/node/pool.h"

namespace rfinv::service {
namespace {

namespace asio = boost::asio;

// Presence changes that may wait for a database that cannot be written (locked by another
// process past the busy timeout, full) before the readers are held: beyond this the service
// stops taking reads and retries until the write succeeds.
constexpr std::size_t kMaxPending = 10'000;
// Pause between retries while the readers are held (each attempt itself waits up to the
// database's busy timeout for a lock).
constexpr auto kRetryPause = std::chrono::milliseconds(500);
// How often a database that stays unwritable is reported again.
constexpr auto kReportEvery = std::chrono::seconds(5);

// Delivers alert notices every few seconds on its own thread and connection.
class NoticeThread {
 public:
  explicit NoticeThread(std::string db_path) : path_(std::move(db_path)) {
    thread_ = std::thread([this] { loop(); });
  }
  ~NoticeThread() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

 private:
  void loop() {
    auto store = inventory::Store::open(path_, sync::node_schema());
    if (!store) return;
    std::unique_lock lock(mutex_);
    while (!stop_) {
      lock.unlock();
      if (auto policy = inventory::configured_delivery_policy(**store))
        (void)inventory::deliver_alert_notices(**store, *policy, {});
      lock.lock();
      wake_.wait_for(lock, std::chrono::seconds(2), [this] { return stop_; });
    }
  }
  std::string path_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

class Service {
 public:
  Service(const RunOptions& options, RunObserver& observer, Node& node,
          std::unique_ptr<inventory::Pipeline> pipeline)
      : options_(options),
        observer_(observer),
        node_(node),
        store_(node.store()),
        pipeline_(std::move(pipeline)),
        signals_(io_, SIGINT, SIGTERM),
        tick_(io_),
        reload_(io_),
        idle_scan_(io_),
        plan_refresh_(io_) {}

  Status run() {
    auto records = inventory::list_readers(store_);
    if (!records) return records.error();
    if (records->empty() && !options_.without_readers)
      return make_error(Errc::invalid_argument,
                        "no readers configured (rfinv reader add NAME URI)");
    for (const auto& r : *records) {
      const auto& only = options_.only_readers;
      if (!only.empty() && std::find(only.begin(), only.end(), r.name) == only.end()) continue;
      auto reader = drivers::open_reader(io_, r.name, r.uri);
      if (!reader) {
        note(fmt::format("reader {} not started: {}", r.name, reader.error().message));
        continue;
      }
      readers_.push_back(std::move(reader.value()));
    }
    if (readers_.empty() && !options_.without_readers)
      return make_error(Errc::invalid_argument, "no reader could be started");
    running_ = readers_.size();
    for (auto& reader : readers_) {
      auto* r = reader.get();
      r->start([this](std::span<const drivers::TagRead> batch) { on_reads(batch); },
               [this, r](const drivers::StateChange& c) { on_state(*r, c); });
    }
    signals_.async_wait([this](const boost::system::error_code& ec, int) {
      if (!ec) shutdown("signal");
    });
    refresh_plans();  // before the first read, so a bounded run (--until-idle) makes it too
    schedule_tick();
    schedule_reload();
    start_pool_sync();
    schedule_idle_scan(std::chrono::seconds(0));
    schedule_plan_refresh();
    io_.run();
    const auto& s = pipeline_->stats();
    note(
        fmt::format("stopped: {} reads, {} movements ({} replayed), {} anomalies, {} unknown "
                    "tags, {} reads from antennas without a read point, {} below RSSI floor",
                    s.reads, s.movements, s.replayed, s.anomalies, s.unknown_tags,
                    s.unknown_read_point, s.below_rssi_floor));
    return {};
  }

 private:
  void note(const std::string& text) { observer_.on_note(text); }

  void publish(Result<std::vector<inventory::BusinessEvent>> events) {
    if (!events) return unwritten(events.error());
    if (unwritten_) {
      note("database written again: nothing that waited was lost");
      unwritten_ = false;
    }
    for (const auto& e : *events) {
      observer_.on_event(e);
      on_dock_sighting(e);
    }
  }

  // A batch that could not be written stays pending in the pipeline and is retried by the
  // next batch, the next tick, or (when too much waits) right here.
  void unwritten(const Error& error) {
    auto now = std::chrono::steady_clock::now();
    if (unwritten_ && now - last_report_ < kReportEvery) return;
    unwritten_ = true;
    last_report_ = now;
    note(fmt::format("database not written ({}); {} presence change(s) kept, retrying",
                     error.message, pipeline_->pending()));
  }

  // Writes what is pending before going on, pausing between attempts; progress is noted.
  void drain(std::size_t allowed) {
    while (pipeline_->pending() > allowed) {
      std::this_thread::sleep_for(kRetryPause);
      publish(pipeline_->flush());
    }
  }

  // Back-pressure: the readers deliver on this thread, so while too much waits to be
  // written none of them is read from (their sockets and devices buffer, or they wait).
  void on_reads(std::span<const drivers::TagRead> batch) {
    publish(pipeline_->ingest(batch));
    if (pipeline_->pending() > kMaxPending) {
      note(fmt::format("holding the readers until {} presence changes are written",
                       pipeline_->pending()));
      drain(0);
    }
  }

  // A node that joined a hub replicates its pool events while it runs; one that did not
  // simply has no pool sync.
  void start_pool_sync() {
    auto sync = sync::ContinuousSync::create(node_.path());
    if (!sync) {
      if (sync.error().code != Errc::not_found)  // not_found: a standalone node
        note("pool sync off: " + sync.error().message);
      return;
    }
    pool_sync_ = std::move(sync.value());
    pool_sync_->start(io_);
    note("pool sync with the hub is on");
  }

  // An asset seen at a dock may complete a hand-over to this department or end a loan.
  void on_dock_sighting(const inventory::BusinessEvent& e) {
    using inventory::ReadPointRole;
    if (e.kind != "asset_seen" || !e.asset) return;
    if (e.role != ReadPointRole::dock_in && e.role != ReadPointRole::portal_outer &&
        e.role != ReadPointRole::portal_inner)
      return;
    auto queued = sync::on_asset_seen_at_dock(store_, *e.asset, e.location, e.at);
    if (!queued)
      note("pool: " + queued.error().message);
    else if (*queued)
      note(fmt::format("pool: asset {} at the dock: {}", *e.asset, **queued));
  }

  void on_state(drivers::Reader& reader, const drivers::StateChange& change) {
    auto state = drivers::to_string(change.state);
    (void)inventory::record_reader_state(store_, reader.name(), state, change.reason, now_micros());
    observer_.on_reader_state(reader.name(), std::string(state), change.reason);
    note(fmt::format("reader {} {}{}", reader.name(), state,
                     change.reason.empty() ? "" : ": " + change.reason));
    if (change.state == drivers::ReaderState::stopped && --running_ == 0 &&
        (options_.until_idle || stopping_))
      finish();
  }

  void shutdown(const char* why) {
    if (stopping_) return;
    stopping_ = true;
    note(fmt::format("stopping ({})", why));
    for (auto& r : readers_) r->stop();
    if (running_ == 0) finish();
    // A reader that never reports stopped must not keep the service alive.
    tick_.expires_after(std::chrono::seconds(5));
    tick_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) finish();
    });
  }

  void finish() {
    publish(pipeline_->tick(now_micros()));
    drain(0);  // nothing a reader reported is left unwritten
    if (pool_sync_) pool_sync_->stop();
    signals_.cancel();
    tick_.cancel();
    reload_.cancel();
    idle_scan_.cancel();
    plan_refresh_.cancel();
    io_.stop();
  }

  void schedule_tick() {
    tick_.expires_after(std::chrono::milliseconds(200));
    tick_.async_wait([this](const boost::system::error_code& ec) {
      if (ec || stopping_) return;
      publish(pipeline_->tick(now_micros()));
      schedule_tick();
    });
  }

  // Assets unmoved for asset.idle_days become idle; with asset.auto_publish on a node that
  // joined a hub, they are published to the pool.
  void schedule_idle_scan(std::chrono::seconds after) {
    idle_scan_.expires_after(after);
    idle_scan_.async_wait([this](const boost::system::error_code& ec) {
      if (ec || stopping_) return;
      auto idle = inventory::mark_idle_assets(store_, now_micros());
      if (!idle) {
        note("idle scan failed: " + idle.error().message);
      } else {
        auto publish = inventory::get_config(store_, "asset.auto_publish");
        bool auto_publish = pool_sync_ && publish && *publish && **publish == "true";
        for (const auto& code : *idle) {
          note(fmt::format("asset {} is now idle", code));
          if (!auto_publish) continue;
          auto published = sync::publish_asset(store_, code);
          note(published
                   ? fmt::format("asset {} published to the pool", code)
                   : fmt::format("asset {} not published: {}", code, published.error().message));
        }
      }
      check_overdue_loans();
      schedule_idle_scan(std::chrono::minutes(10));
    });
  }

  // A loan falls due with time, not only when a sync round applies an event: a node that
  // joined a hub raises its overdue alerts even while the hub is out of reach.
  void check_overdue_loans() {
    if (!pool_sync_) return;
    auto settings = sync::load_settings(store_);
    auto raised = settings ? sync::raise_overdue_alerts(store_, settings->dept, now_micros())
                           : Status(settings.error());
    if (!raised) note("overdue check failed: " + raised.error().message);
  }

  // Demand plans are refreshed once a week (the check runs hourly); with plan.auto_apply on
  // they are applied, with their audit record, as "rfinv run".
  void refresh_plans() {
    auto refresh = node_.refresh_plans_if_due("rfinv run");
    if (!refresh) return note("plan refresh failed: " + refresh.error().message);
    if (!*refresh || (*refresh)->lines == 0) return;  // done this week, or nothing to plan
    const auto& r = **refresh;
    if (!r.applied)
      return note(fmt::format("plans refreshed: {} with a proposal of {} (plan.auto_apply is off)",
                              r.proposals, r.lines));
    note(
        fmt::format("plans refreshed and applied: {} level(s) changed, {} already as proposed, "
                    "{} hand-set kept",
                    r.applied->changed.size(), r.applied->unchanged, r.applied->kept));
  }

  void schedule_plan_refresh() {
    plan_refresh_.expires_after(std::chrono::hours(1));
    plan_refresh_.async_wait([this](const boost::system::error_code& ec) {
      if (ec || stopping_) return;
      refresh_plans();
      schedule_plan_refresh();
    });
  }

  // New read points and count sessions are picked up without a restart.
  void schedule_reload() {
    reload_.expires_after(std::chrono::seconds(2));
    reload_.async_wait([this](const boost::system::error_code& ec) {
      if (ec || stopping_) return;
      if (auto ok = pipeline_->reload(); !ok) note("reload failed: " + ok.error().message);
      schedule_reload();
    });
  }

  const RunOptions& options_;
  RunObserver& observer_;
  Node& node_;
  inventory::Store& store_;
  std::unique_ptr<inventory::Pipeline> pipeline_;
  asio::io_context io_;
  asio::signal_set signals_;
  asio::steady_timer tick_, reload_, idle_scan_, plan_refresh_;
  std::vector<std::unique_ptr<drivers::Reader>> readers_;
  std::unique_ptr<sync::ContinuousSync> pool_sync_;
  std::size_t running_ = 0;
  bool stopping_ = false;
  bool unwritten_ = false;  // the last write failed; its changes wait in the pipeline
  std::chrono::steady_clock::time_point last_report_;
};

}  // namespace

Status run(Node& node, const RunOptions& options, RunObserver& observer) {
  // A damaged file can read short without any error (a row simply missing); the service
  // writes for hours, so it does not start on one.
  auto problems = node.quick_check();
  if (!problems) return problems.error();
  if (!problems->empty())
    return make_error(Errc::corrupt,
                      "{} is damaged ({}); not starting. rfinv check lists what is wrong; "
                      "restore a backup",
                      node.path(), problems->front());
  auto pipeline = inventory::Pipeline::open(node.store());
  if (!pipeline) return pipeline.error();
  // The notice thread has no one to tell: a configuration it cannot use is said here.
  if (auto policy = inventory::configured_delivery_policy(node.store()); !policy)
    observer.on_note("alert notices will not be delivered: " + policy.error().message);
  NoticeThread notices(node.path());
  Service service(options, observer, node, std::move(*pipeline));
  return service.run();
}

}  // namespace rfinv::service
