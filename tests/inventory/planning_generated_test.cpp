// Generated series with known processes (fixed seeds): the method the backtest chooses beats
// naive on a holdout (RMSSE below 1) for every class of demand but white noise, and the
// computed safety stock reaches the target service level within 2 points.
//
// Service level here is what the safety stock formula targets (inventory/planning/policy.h):
// the cycle service level, the share of lead-time windows whose demand stays at or below the
// reorder point (lead-time demand forecast + safety stock), measured on weeks after the
// history the plan was made from.
#define BOOST_TEST_MODULE planning_generated
#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "inventory/planning/backtest.h"
#include "inventory/planning/classify.h"
#include "inventory/planning/history.h"
#include "inventory/planning/methods.h"
#include "inventory/planning/plan.h"

using namespace rfinv;
using namespace rfinv::inventory;

namespace {

// Own normal and Poisson draws on mt19937_64 (whose output the standard fixes), so the
// series are the same with every standard library.
class Draw {
 public:
  explicit Draw(std::uint64_t seed) : gen_(seed) {}
  double uniform() { return (static_cast<double>(gen_() >> 11) + 0.5) / 9007199254740992.0; }
  double normal() {
    double u = uniform(), v = uniform();
    return std::sqrt(-2 * std::log(u)) * std::cos(2 * M_PI * v);
  }
  bool chance(double p) { return uniform() < p; }

 private:
  std::mt19937_64 gen_;
};

using Process = std::function<double(Draw&, int week)>;

struct Case {
  std::string name;
  Process process;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> all{
      {"smooth", [](Draw& d, int) { return std::max(0.0, std::round(100 + 10 * d.normal())); }},
      {"trending",
       [](Draw& d, int t) { return std::max(0.0, std::round(40 + 0.6 * t + 8 * d.normal())); }},
      {"seasonal",
       [](Draw& d, int t) {
         return std::max(0.0, std::round(100 + 40 * std::sin(2 * M_PI * t / 52) + 8 * d.normal()));
       }},
      {"intermittent",
       [](Draw& d, int) {
         return d.chance(0.3) ? std::max(1.0, std::round(10 + 2 * d.normal())) : 0.0;
       }},
      {"lumpy",
       [](Draw& d, int) {
         return d.chance(0.25) ? std::ceil(std::exp(2 + 1.0 * d.normal())) : 0.0;
       }},
  };
  return all;
}

std::vector<double> generate(const Process& p, std::uint64_t seed, int weeks) {
  Draw d(seed);
  std::vector<double> y;
  for (int t = 0; t < weeks; ++t) y.push_back(p(d, t));
  return y;
}

double naive_mse(const std::vector<double>& train) {
  double se = 0;
  for (std::size_t t = 1; t < train.size(); ++t) se += std::pow(train[t] - train[t - 1], 2);
  return se / static_cast<double>(train.size() - 1);
}

constexpr int kHistory = 156;  // 3 years
constexpr int kHoldout = 13;
constexpr int kSeeds = 30;

}  // namespace

BOOST_AUTO_TEST_CASE(generated_series_fall_in_their_demand_class) {
  const char* expected[] = {"smooth", "smooth", "smooth", "intermittent", "lumpy"};
  for (std::size_t i = 0; i < cases().size(); ++i) {
    auto y = generate(cases()[i].process, 7, kHistory);
    BOOST_TEST(std::string(to_string(classify(y).demand_class)) == expected[i], cases()[i].name);
  }
}

// The holdout: the 13 weeks after the history, each an origin forecast over the lead time
// (the steps the method was chosen for), by the chosen method as the plan fitted it and by
// naive; RMSSE scaled, as in the backtest, by the history's one-step naive error.
BOOST_AUTO_TEST_CASE(chosen_method_beats_naive_on_a_holdout_for_every_class) {
  const int lead = 2;
  for (const auto& c : cases()) {
    double rmsse_sum = 0, chosen_se = 0, naive_se = 0;
    for (int seed = 1; seed <= kSeeds; ++seed) {
      auto y = generate(c.process, static_cast<std::uint64_t>(seed), kHistory + kHoldout + lead);
      std::vector<double> train(y.begin(), y.begin() + kHistory);
      double adi = classify(train).adi;
      const auto& best = choose(backtest_methods(train, lead, 1, adi));
      std::size_t first = kHistory - lead - *backtest_origins(kHistory, lead) + 1;
      auto f = rolling_forecasts(best.method, y, first, kHistory, lead, adi);
      double se = 0, nse = 0, n = 0;
      for (std::size_t t = kHistory; t < kHistory + kHoldout; ++t)
        for (int h = 1; h <= lead; ++h) {
          double actual = y[t + static_cast<std::size_t>(h) - 1];
          se += std::pow(actual - f.at(t, h), 2);
          nse += std::pow(actual - y[t - 1], 2);
          n += 1;
        }
      rmsse_sum += std::sqrt(se / n / naive_mse(train));
      chosen_se += se;
      naive_se += nse;
    }
    double rmsse = rmsse_sum / kSeeds;
    BOOST_TEST_MESSAGE(c.name << ": holdout RMSSE " << rmsse << ", MSE chosen / naive "
                              << chosen_se / naive_se);
    BOOST_TEST(rmsse < 1.0, c.name << ": holdout RMSSE " << rmsse);
    BOOST_TEST(chosen_se < naive_se, c.name << ": chosen " << chosen_se << " naive " << naive_se);
  }
}

BOOST_AUTO_TEST_CASE(computed_safety_stock_meets_the_service_level_within_two_points) {
  const int lead = 2;
  const int after = 52;   // weeks after the history the plan is judged on
  PlanSettings settings;  // 95%
  for (const auto& c : cases()) {
    double covered = 0, windows = 0;
    for (int seed = 101; seed < 101 + 3 * kSeeds; ++seed) {
      auto y = generate(c.process, static_cast<std::uint64_t>(seed), kHistory + after);
      DemandSeries s;
      s.sku = c.name;
      s.weeks.assign(y.begin(), y.begin() + kHistory);
      LeadTime lt;
      lt.weeks = lead;
      lt.mean_weeks = lead;
      auto line = plan_series(s, lt, 'A', 1, settings, 1);
      BOOST_REQUIRE(line.proposed);
      auto method = std::find_if(std::begin(kMethods), std::end(kMethods),
                                 [&](Method m) { return to_string(m) == line.forecast.method; });
      // The chosen method, fitted as the plan fitted it, run on over the weeks that followed.
      std::size_t first = kHistory - lead - *backtest_origins(kHistory, lead) + 1;
      auto f = rolling_forecasts(*method, y, first, kHistory, lead, classify(s.weeks).adi);
      for (std::size_t t = kHistory; t + lead <= y.size(); ++t) {
        double demand = 0, forecast = 0;
        for (int h = 1; h <= lead; ++h) {
          demand += y[t + static_cast<std::size_t>(h) - 1];
          forecast += f.at(t, h);
        }
        covered += demand <= forecast + static_cast<double>(line.proposed->safety_stock) ? 1 : 0;
        windows += 1;
      }
    }
    double level = covered / windows;
    BOOST_TEST_MESSAGE(c.name << ": cycle service level " << level << " over " << windows
                              << " lead-time windows");
    BOOST_TEST(std::abs(level - 0.95) <= 0.02, c.name << ": cycle service level " << level);
  }
}
