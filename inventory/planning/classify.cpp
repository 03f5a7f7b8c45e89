#include "inventory/planning/classify.h"

#include <limits>

namespace rfinv::inventory {

std::string_view to_string(DemandClass c) {
  switch (c) {
    case DemandClass::smooth:
      return "smooth";
    case DemandClass::erratic:
      return "erratic";
    case DemandClass::intermittent:
      return "intermittent";
    case DemandClass::lumpy:
      return "lumpy";
  }
  return "smooth";
}

Classification classify(std::span<const double> weeks) {
  Classification c;
  double n = 0, sum = 0, sum2 = 0;
  for (double y : weeks)
    if (y > 0) {
      n += 1;
      sum += y;
      sum2 += y * y;
    }
  c.adi = n > 0 ? static_cast<double>(weeks.size()) / n : std::numeric_limits<double>::infinity();
  if (n >= 2) {
    double mean = sum / n;
    double variance = sum2 / n - mean * mean;
    c.cv2 = variance > 0 ? variance / (mean * mean) : 0;
  }
  bool intermittent = c.adi >= kAdiCutoff;
  bool variable = c.cv2 >= kCv2Cutoff;
  c.demand_class = intermittent ? (variable ? DemandClass::lumpy : DemandClass::intermittent)
                                : (variable ? DemandClass::erratic : DemandClass::smooth);
  return c;
}

}  // namespace rfinv::inventory
