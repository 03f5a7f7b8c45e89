// Hand-worked examples of the planning formulas: the Syntetos-Boylan class thresholds, the
// Croston-SBA and TSB updates, the normal quantile, safety stock, reorder point, reorder
// quantity (order period and EOQ), ABC/XYZ classes and weekly buckets.
#define BOOST_TEST_MODULE planning_golden
#include <boost/test/unit_test.hpp>
#include <string>
#include <vector>

#include "base/clock.h"
#include "inventory/planning/abc.h"
#include "inventory/planning/classify.h"
#include "inventory/planning/history.h"
#include "inventory/planning/methods.h"
#include "inventory/planning/policy.h"

using namespace rfinv;
using namespace rfinv::inventory;

namespace {

std::string class_of(std::vector<double> weeks) {
  return std::string(to_string(classify(weeks).demand_class));
}

}  // namespace

BOOST_AUTO_TEST_CASE(classes_split_at_adi_1_32_and_cv2_0_49) {
  // 4 weeks with demand in 5: ADI 1.25. Sizes 1 and 3: mean 2, variance 1, CV^2 0.25.
  BOOST_TEST(classify(std::vector<double>{1, 3, 1, 3, 0}).adi == 1.25);
  BOOST_TEST(classify(std::vector<double>{1, 3, 1, 3, 0}).cv2 == 0.25);
  BOOST_TEST(class_of({1, 3, 1, 3, 0}) == "smooth");
  // Sizes 1 and 6: mean 3.5, variance 6.25, CV^2 0.51.
  BOOST_TEST(class_of({1, 6, 1, 6, 0}) == "erratic");
  // 2 weeks with demand in 4: ADI 2.
  BOOST_TEST(class_of({1, 3, 0, 0}) == "intermittent");
  BOOST_TEST(class_of({1, 6, 0, 0}) == "lumpy");
  // On the lines: ADI exactly 1.32 (33 weeks, 25 with demand) is intermittent; CV^2 exactly
  // 0.49 (sizes 3 and 17: mean 10, variance 49) is variable.
  std::vector<double> adi_on_line(33, 0.0);
  for (int i = 0; i < 25; ++i) adi_on_line[static_cast<std::size_t>(i)] = 5;
  BOOST_TEST(classify(adi_on_line).adi == 1.32);
  BOOST_TEST(class_of(adi_on_line) == "intermittent");
  BOOST_TEST(classify(std::vector<double>{3, 17}).cv2 == 0.49);
  BOOST_TEST(class_of({3, 17}) == "erratic");
  // Just below the line: 26 weeks with demand in 34, ADI 1.3077.
  std::vector<double> below(34, 0.0);
  for (int i = 0; i < 26; ++i) below[static_cast<std::size_t>(i)] = 5;
  BOOST_TEST(class_of(below) == "smooth");
}

BOOST_AUTO_TEST_CASE(croston_sba_updates_size_and_interval_only_in_weeks_with_demand) {
  CrostonState s{4, 2, 1};
  const double alpha = 0.1;
  croston_update(s, 0, alpha);
  BOOST_TEST(s.since == 2);
  BOOST_TEST(s.size == 4);
  croston_update(s, 6, alpha);  // size 4 + 0.1 (6 - 4) = 4.2; interval 2 + 0.1 (2 - 2) = 2
  BOOST_TEST(s.size == 4.2, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(s.interval == 2.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(s.since == 1);
  croston_update(s, 0, alpha);
  croston_update(s, 0, alpha);
  croston_update(s, 10, alpha);  // size 4.2 + 0.1 * 5.8 = 4.78; interval 2 + 0.1 (3 - 2) = 2.1
  BOOST_TEST(s.size == 4.78, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(s.interval == 2.1, boost::test_tools::tolerance(1e-12));
  // (1 - 0.1 / 2) * 4.78 / 2.1
  BOOST_TEST(sba_forecast(s, alpha) == 0.95 * 4.78 / 2.1, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(sba_forecast(s, alpha) == 2.162380952380952, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(tsb_updates_probability_every_week_and_size_with_demand) {
  TsbState s{5, 0.5};
  tsb_update(s, 0, 0.2, 0.1);  // p 0.5 + 0.1 (0 - 0.5) = 0.45; size stays 5
  BOOST_TEST(s.probability == 0.45, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(s.size == 5.0);
  tsb_update(s, 10, 0.2, 0.1);  // p 0.45 + 0.1 (1 - 0.45) = 0.505; size 5 + 0.2 * 5 = 6
  BOOST_TEST(s.probability == 0.505, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(s.size == 6.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(tsb_forecast(s) == 3.03, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(normal_quantile_matches_the_tables) {
  BOOST_TEST(normal_quantile(0.5) == 0.0, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(normal_quantile(0.95) == 1.6448536269514722, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(normal_quantile(0.975) == 1.959963984540054, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(normal_quantile(0.01) == -2.3263478740408408, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(normal_quantile(0.999) == 3.090232306167813, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(student_t_quantile_matches_the_tables) {
  BOOST_TEST(student_t_quantile(0.95, 1) == 6.313751514675, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(student_t_quantile(0.95, 2) == 2.919985580354, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(student_t_quantile(0.95, 5) == 2.015048373, boost::test_tools::tolerance(1e-3));
  BOOST_TEST(student_t_quantile(0.95, 12) == 1.782287556, boost::test_tools::tolerance(1e-4));
  BOOST_TEST(student_t_quantile(0.975, 25) == 2.059538553, boost::test_tools::tolerance(1e-4));
}

BOOST_AUTO_TEST_CASE(safety_stock_and_reorder_point_follow_the_worked_example) {
  // Lead time 2 weeks, forecast 10 then 12, lead-time error RMSE 5, 95%:
  // safety stock = ceil(1.6449 * 5) = ceil(8.22) = 9; lead-time demand 22; reorder point 31;
  // order period 4 weeks of 11 a week = 44; maximum 31 + 44 = 75.
  std::vector<double> forecast{10, 12, 14};
  PolicyInputs in;
  in.service_level = 0.95;
  in.lead_weeks = 2;
  in.lead_time_rmse = 5;
  in.forecast = forecast;
  in.order_weeks = 4;
  auto p = compute_policy(in);
  BOOST_TEST(p.lead_time_demand == 22.0);
  BOOST_TEST(p.safety_stock == 9);
  BOOST_TEST(p.reorder_point == 31);
  BOOST_TEST(p.reorder_qty == 44);
  BOOST_TEST(p.max_level == 75);
  BOOST_TEST(!p.eoq);
  // A lead time that varies by 0.5 weeks: sqrt(25 + 11^2 * 0.25) = 7.433; * 1.6449 = 12.23.
  in.lead_sd_weeks = 0.5;
  p = compute_policy(in);
  BOOST_TEST(p.safety_stock == 13);
  BOOST_TEST(p.reorder_point == 35);
  // EOQ: 52 * 11 = 572 a year, 50 per order, 25% of a unit cost of 10 to hold:
  // sqrt(2 * 572 * 50 / 2.5) = sqrt(22880) = 151.26 -> 152.
  in.lead_sd_weeks = 0;
  in.order_cost = 50;
  in.holding_rate = 0.25;
  in.unit_cost = 10;
  p = compute_policy(in);
  BOOST_TEST(p.eoq);
  BOOST_TEST(p.reorder_qty == 152);
  BOOST_TEST(p.max_level == 31 + 152);
  // 99% service: ceil(2.3263 * 5) = 12.
  in.service_level = 0.99;
  BOOST_TEST(compute_policy(in).safety_stock == 12);
  // sigma_LT estimated with 12 degrees of freedom (26 origins, lead time 2: 13 independent
  // windows, less one): at 95%, t = 1.7823 instead of z = 1.6449; ceil(1.7823 * 10) = 18,
  // where the normal gives ceil(16.45) = 17.
  in.service_level = 0.95;
  in.lead_time_rmse = 10;
  BOOST_TEST(compute_policy(in).safety_stock == 17);
  in.error_dof = 12;
  BOOST_TEST(compute_policy(in).safety_stock == 18);
  BOOST_TEST(compute_policy(in).reorder_point == 18 + 22);
}

BOOST_AUTO_TEST_CASE(skewed_demand_takes_its_safety_stock_from_the_gamma_quantile) {
  // Lead-time demand 10 with sigma 10 (a gamma of shape 1, the exponential: exact 95% quantile
  // 29.96). Wilson-Hilferty: c = 100 / 900 = 0.1111; (1 - 0.1111 + 1.6449 * 0.3333)^3 = 2.9685;
  // q = 29.69; safety stock ceil(29.69 - 10) = 20, reorder point 30. The normal would give
  // ceil(16.45) = 17.
  std::vector<double> forecast{10};
  PolicyInputs in;
  in.lead_weeks = 1;
  in.lead_time_rmse = 10;
  in.forecast = forecast;
  BOOST_TEST(compute_policy(in).safety_stock == 17);
  in.skewed = true;
  auto p = compute_policy(in);
  BOOST_TEST(p.safety_stock == 20);
  BOOST_TEST(p.reorder_point == 30);
}

BOOST_AUTO_TEST_CASE(abc_is_pareto_80_15_5_by_value_and_xyz_by_weekly_cv) {
  std::vector<AbcInput> items{{"E", 1, {5}},  {"A", 1, {50}}, {"C", 1, {10}},
                              {"B", 1, {30}}, {"D", 1, {5}},  {"F", 1, {0}}};
  auto lines = classify_abc(items);
  BOOST_REQUIRE_EQUAL(lines.size(), 6u);
  std::string order, classes;
  for (const auto& l : lines) {
    order += l.sku;
    classes += l.abc;
  }
  // Before each: 0, 50%, 80%, 90%, 95%, 100%: A while below 80%, B while below 95%.
  BOOST_TEST(order == "ABCDEF");
  BOOST_TEST(classes == "AABBCC");
  BOOST_TEST(lines[1].cumulative == 0.8, boost::test_tools::tolerance(1e-12));
  std::vector<AbcInput> variability{
      {"steady", 1, {2, 2, 2, 2}}, {"some", 1, {1, 3, 1, 3}}, {"wild", 1, {0, 2, 0, 2}}};
  std::string xyz;
  for (const auto& l : classify_abc(variability)) xyz += l.sku + "=" + l.xyz + " ";
  // By value (8, 8, 4; a tie by SKU). CVs 0.5 (sd 1 / mean 2), 0 and 1 (sd 1 / mean 1): X
  // below 0.5, Y below 1, Z from 1.
  BOOST_TEST(xyz == "some=Y steady=X wild=Z ");
}

BOOST_AUTO_TEST_CASE(weeks_start_on_monday_utc) {
  BOOST_TEST(format_utc(week_start(*parse_utc("2026-12-01T15:00:00Z"))) ==
             "2026-11-30T00:00:00.000000Z");
  BOOST_TEST(format_utc(week_start(*parse_utc("2026-11-30"))) == "2026-11-30T00:00:00.000000Z");
  BOOST_TEST(format_utc(week_start(*parse_utc("2026-11-29T23:59:59Z"))) ==
             "2026-11-23T00:00:00.000000Z");
}
