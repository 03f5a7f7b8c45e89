#include "inventory/planning/abc.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::inventory {

std::vector<AbcLine> classify_abc(std::span<const AbcInput> items) {
  std::vector<AbcLine> out;
  double total = 0;
  for (const auto& in : items) {
    AbcLine line;
    line.sku = in.sku;
    double sum = 0, sum2 = 0;
    for (double y : in.weeks) {
      sum += y;
      sum2 += y * y;
    }
    line.demand = sum;
    line.value = sum * in.unit_cost;
    if (!in.weeks.empty() && sum > 0) {
      double n = static_cast<double>(in.weeks.size());
      double mean = sum / n;
      double variance = std::max(0.0, sum2 / n - mean * mean);
      line.cv = std::sqrt(variance) / mean;
      line.xyz = line.cv < kXCv ? 'X' : line.cv < kYCv ? 'Y' : 'Z';
    }
    total += line.value;
    out.push_back(std::move(line));
  }
  std::sort(out.begin(), out.end(), [](const AbcLine& a, const AbcLine& b) {
    return a.value != b.value ? a.value > b.value : a.sku < b.sku;
  });
  double before = 0;
  for (auto& line : out) {
    if (total > 0) {
      line.share = line.value / total;
      if (line.value > 0) line.abc = before < kAShare ? 'A' : before < kBShare ? 'B' : 'C';
      before += line.share;
      line.cumulative = before;
    }
  }
  return out;
}

Result<std::vector<AbcLine>> abc_from_series(Store& store, std::span<const DemandSeries> series) {
  return sql::guarded("classifying items", [&]() -> Result<std::vector<AbcLine>> {
    std::unordered_map<std::int64_t, double> cost;
    auto st = database_of(store).prepare("SELECT id, unit_cost_cents FROM item");
    while (st.step()) cost[st.int64(0)] = static_cast<double>(st.int64(1)) / 100;
    std::vector<AbcInput> inputs;
    for (const auto& s : series) {
      if (s.location) continue;
      std::size_t from = s.weeks.size() > kAbcWeeks ? s.weeks.size() - kAbcWeeks : 0;
      inputs.push_back(
          {s.sku, cost[s.item_id], {s.weeks.begin() + static_cast<long>(from), s.weeks.end()}});
    }
    return classify_abc(inputs);
  });
}

Result<std::vector<AbcLine>> abc_report(Store& store, std::span<const ExternalDemand> external,
                                        Micros now) {
  SeriesSelection all;
  all.location_levels = false;
  auto series = load_demand_series(store, all, external, now);
  if (!series) return series.error();
  return abc_from_series(store, *series);
}

}  // namespace rfinv::inventory
