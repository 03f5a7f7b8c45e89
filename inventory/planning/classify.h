// Demand classes by Syntetos and Boylan: the average demand interval (ADI, weeks per week
// with demand) against 1.32 and the squared coefficient of variation of the non-zero demand
// sizes (CV^2) against 0.49.
//
//                 CV^2 < 0.49     CV^2 >= 0.49
//   ADI < 1.32    smooth          erratic
//   ADI >= 1.32   intermittent    lumpy
#pragma once

#include <span>
#include <string_view>

namespace rfinv::inventory {

inline constexpr double kAdiCutoff = 1.32;
inline constexpr double kCv2Cutoff = 0.49;

enum class DemandClass { smooth, erratic, intermittent, lumpy };
std::string_view to_string(DemandClass c);

struct Classification {
  double adi = 0;  // weeks / weeks with demand; infinity when no week has demand
  double cv2 = 0;  // population variance / mean^2 of the non-zero weeks; 0 with fewer than two
  DemandClass demand_class = DemandClass::smooth;
};

Classification classify(std::span<const double> weeks);

}  // namespace rfinv::inventory
