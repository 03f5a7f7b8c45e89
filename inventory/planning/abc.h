// ABC and XYZ classes of items.
//
// ABC by consumption value: the last 52 complete weeks' demand times the unit cost. Items
// sorted by value, highest first (then by SKU); an item is A while the share of the total
// value held by the items before it is below 80%, B while below 95%, else C (Pareto
// 80/15/5). Items without value are C.
// XYZ by variability: the coefficient of variation (standard deviation / mean) of weekly
// demand over the same weeks: X below 0.5, Y below 1.0, Z from 1.0 (and without demand).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/planning/history.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

inline constexpr std::size_t kAbcWeeks = 52;
inline constexpr double kAShare = 0.80, kBShare = 0.95;
inline constexpr double kXCv = 0.5, kYCv = 1.0;

struct AbcInput {
  std::string sku;
  double unit_cost = 0;       // currency units
  std::vector<double> weeks;  // the last kAbcWeeks weeks of demand (fewer for a newer item)
};

struct AbcLine {
  std::string sku;
  double demand = 0;      // units over the weeks
  double value = 0;       // demand * unit cost
  double share = 0;       // of the total value
  double cumulative = 0;  // share of this item and those before it
  char abc = 'C';
  double cv = 0;  // of weekly demand; 0 without demand
  char xyz = 'Z';
};

// Sorted by value, highest first.
std::vector<AbcLine> classify_abc(std::span<const AbcInput> items);

// Every item's classes from its site-wide demand series.
Result<std::vector<AbcLine>> abc_report(Store& store, std::span<const ExternalDemand> external,
                                        Micros now);
// The same from series already loaded (site-wide ones; location series are ignored).
Result<std::vector<AbcLine>> abc_from_series(Store& store, std::span<const DemandSeries> series);

}  // namespace rfinv::inventory
