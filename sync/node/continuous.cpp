#include "sync/node/continuous.h"

#include <atomic>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <mutex>
#include <optional>
#include <random>

#include "base/backoff.h"
#include "sync/node/node_schema.h"

namespace rfinv::sync {
namespace net = boost::asio;

struct ContinuousSync::Shared : std::enable_shared_from_this<Shared> {
  ContinuousOptions options;
  std::unique_ptr<inventory::Store> store;  // used only on the worker thread
  std::unique_ptr<HubClient> client;        // likewise
  net::thread_pool worker{1};
  std::optional<net::strand<net::io_context::executor_type>> strand;
  std::optional<net::steady_timer> timer;
  std::atomic<bool> stopping{false};
  mutable std::mutex mutex;
  ContinuousState state;

  void schedule(std::chrono::milliseconds delay) {
    if (stopping) return;
    timer->expires_after(delay);
    timer->async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec || self->stopping) return;
      net::post(self->worker, [self] { self->round(); });
    });
  }

  void round() {
    Result<RoundCounts> result = make_error(Errc::io, "not run");
    try {
      if (!client) {
        auto settings = load_settings(*store);
        if (settings) {
          auto made = connect_hub(*settings);
          if (made)
            client = std::move(*made);
          else
            result = made.error();
        } else {
          result = settings.error();
        }
      }
      if (client) result = sync_round(*store, client.get());
    } catch (const std::exception& e) {
      result = make_error(Errc::io, "sync round: {}", e.what());
    }
    std::chrono::milliseconds next;
    {
      std::lock_guard lock(mutex);
      ++state.rounds;
      if (result) {
        state.failures_in_a_row = 0;
        state.last_error.clear();
        state.last = *result;
        next = options.interval;
      } else {
        ++state.failures_in_a_row;
        state.last_error = result.error().message;
        next = backoff(options, state.failures_in_a_row);
        // A settings change (re-join) or a broken connection: start afresh next time.
        client.reset();
      }
    }
    net::post(*strand, [self = shared_from_this(), next] { self->schedule(next); });
  }
};

ContinuousSync::ContinuousSync(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}

ContinuousSync::~ContinuousSync() { stop(); }

Result<std::unique_ptr<ContinuousSync>> ContinuousSync::create(const std::string& db_path,
                                                               ContinuousOptions options) {
  auto store = inventory::Store::open(db_path, sync::node_schema());
  if (!store) return store.error();
  auto settings = load_settings(**store);
  if (!settings) return settings.error();
  auto shared = std::make_shared<Shared>();
  shared->options = options;
  shared->store = std::move(*store);
  return std::unique_ptr<ContinuousSync>(new ContinuousSync(std::move(shared)));
}

void ContinuousSync::start(net::io_context& ioc) {
  shared_->strand.emplace(net::make_strand(ioc));
  shared_->timer.emplace(*shared_->strand);
  net::post(*shared_->strand, [s = shared_] { s->schedule(std::chrono::milliseconds(0)); });
}

void ContinuousSync::stop() {
  if (!shared_ || shared_->stopping.exchange(true)) return;
  if (shared_->strand)
    net::post(*shared_->strand, [s = shared_] {
      if (s->timer) s->timer->cancel();
    });
  shared_->worker.join();
}

ContinuousState ContinuousSync::state() const {
  std::lock_guard lock(shared_->mutex);
  return shared_->state;
}

std::chrono::milliseconds ContinuousSync::backoff(const ContinuousOptions& options,
                                                  std::int64_t failures) {
  auto delay = Backoff(options.min_backoff, options.max_backoff).delay(failures);
  // Up to a quarter less, so nodes that lost the hub together do not return together.
  thread_local std::minstd_rand rng{std::random_device{}()};
  auto jitter = std::uniform_int_distribution<std::int64_t>(0, delay.count() / 4)(rng);
  return std::chrono::milliseconds(delay.count() - jitter);
}

}  // namespace rfinv::sync
