// Demand planning at scale: N items with 3 years of weekly history each, planned (classified,
// seven methods backtested, the safety stock and levels computed) beside reading that history
// from SQLite, in the same run.
//
//   build-rel/bench/planning/plan_bench [series] [weeks]      (default 100000 and 156)
//
// The history is imported demand (one row per item and week with demand, as `rfinv history
// import` writes it) in a node database file (WAL, synchronous=FULL). The mix of series:
// smooth, trending, seasonal, intermittent and lumpy in equal parts, with fixed seeds.
// Printed: the time to read every series (load_demand_series), the time to plan them
// (plan_series, the pure computation) and their ratio, then the whole `rfinv plan` use case
// (compute_plans: reading, ABC, lead times, levels) for all items.
#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "bench/scratch_dir.h"
#include "inventory/planning/history.h"
#include "inventory/planning/plan.h"
#include "inventory/store/store.h"
#include "inventory/store/store_database.h"
#include "sync/node/node_schema.h"

using namespace rfinv;
using namespace rfinv::inventory;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double normal(std::mt19937_64& rng) {
  double u = (static_cast<double>(rng() >> 11) + 0.5) / 9007199254740992.0;
  double v = (static_cast<double>(rng() >> 11) + 0.5) / 9007199254740992.0;
  return std::sqrt(-2 * std::log(u)) * std::cos(2 * M_PI * v);
}

// Week t of series i (one of five processes by i % 5).
std::int64_t demand(std::mt19937_64& rng, std::int64_t i, int t) {
  double u = static_cast<double>(rng() >> 11) / 9007199254740992.0;
  double y = 0;
  switch (i % 5) {
    case 0:
      y = 100 + 10 * normal(rng);
      break;
    case 1:
      y = 40 + 0.5 * t + 8 * normal(rng);
      break;
    case 2:
      y = 100 + 40 * std::sin(2 * M_PI * t / 52) + 8 * normal(rng);
      break;
    case 3:
      y = u < 0.3 ? 10 + 2 * normal(rng) : 0;
      break;
    case 4:
      y = u < 0.25 ? std::ceil(std::exp(2 + normal(rng))) : 0;
      break;
  }
  return std::max<std::int64_t>(0, std::llround(y));
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t series = argc > 1 ? std::atoll(argv[1]) : 100'000;
  const int weeks = argc > 2 ? std::atoi(argv[2]) : 156;
  bench::ScratchDir dir;
  auto opened = Store::open(dir.file("plan.db"), sync::node_schema());
  if (!opened) {
    fmt::print(stderr, "{}\n", opened.error().message);
    return 1;
  }
  auto& store = **opened;
  auto& db = database_of(store);
  const Micros now = now_micros();
  const Micros first_week = week_start(now) - weeks * kWeekMicros;

  auto start = Clock::now();
  std::int64_t rows = 0;
  db.exec("BEGIN");
  {
    db.exec("INSERT INTO location(code, name, kind) VALUES ('WH', 'WH', 'site')");
    auto item = db.prepare(
        "INSERT INTO item(id, sku, name, unit, unit_cost_cents, lead_days) "
        "VALUES (?, ?, ?, 'each', ?, ?)");
    auto row = db.prepare(
        "INSERT INTO demand_import(day, item_id, location_id, kind, qty, imported_at) "
        "VALUES (?, ?, 1, 'issue', ?, ?)");
    std::mt19937_64 rng(42);
    for (std::int64_t i = 1; i <= series; ++i) {
      auto sku = fmt::format("SKU-{:07}", i);
      item.bind(1, i).bind(2, sku).bind(3, sku).bind(4, 100 + i % 900).bind(5, 7 + 7 * (i % 3));
      item.run();
      for (int t = 0; t < weeks; ++t) {
        auto qty = demand(rng, i, t);
        if (qty == 0) continue;
        // Wednesday of week t.
        row.bind(1, static_cast<Micros>(first_week + t * kWeekMicros + 2 * 24 * 3600 * 1'000'000LL))
            .bind(2, i)
            .bind(3, qty)
            .bind(4, now);
        row.run();
        ++rows;
      }
    }
  }
  db.exec("COMMIT");
  fmt::print("setup: {} items, {} weekly demand rows in {:.1f} s\n", series, rows,
             seconds_since(start));

  start = Clock::now();
  SeriesSelection all;
  all.location_levels = false;
  auto loaded = load_demand_series(store, all, {}, now);
  if (!loaded) {
    fmt::print(stderr, "{}\n", loaded.error().message);
    return 1;
  }
  double read_s = seconds_since(start);
  fmt::print("read:  {} series of {} weeks from SQLite in {:.2f} s ({:.1f} us a series)\n",
             loaded->size(), loaded->empty() ? 0 : loaded->front().weeks.size(), read_s,
             read_s * 1e6 / static_cast<double>(loaded->size()));

  start = Clock::now();
  PlanSettings settings;
  std::int64_t proposals = 0, checksum = 0;
  for (std::size_t i = 0; i < loaded->size(); ++i) {
    LeadTime lead;
    lead.weeks = 1 + static_cast<int>(i % 3);
    lead.mean_weeks = lead.weeks;
    lead.source = "lead_days";
    auto line = plan_series((*loaded)[i], lead, 'A', 5.0, settings, kDefaultHorizon);
    if (line.proposed) {
      ++proposals;
      checksum += line.proposed->reorder_point;
    }
  }
  double plan_s = seconds_since(start);
  fmt::print("plan:  {} series ({} with a proposal) in {:.2f} s ({:.1f} us a series)\n",
             loaded->size(), proposals, plan_s, plan_s * 1e6 / static_cast<double>(loaded->size()));
  fmt::print("ratio: planning takes {:.2f} x the time of reading the history (checksum {})\n",
             plan_s / read_s, checksum);

  start = Clock::now();
  auto plans = compute_plans(store, {}, {}, now);
  if (!plans) {
    fmt::print(stderr, "{}\n", plans.error().message);
    return 1;
  }
  double whole_s = seconds_since(start);
  fmt::print("rfinv plan use case (compute_plans, every item): {:.2f} s = {:.2f} x reading\n",
             whole_s, whole_s / read_s);
  return 0;
}
