// What both chart kinds share: escaping, number text, the y scale, the frame's text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/chart/chart.h"
#include "base/xml_text.h"

namespace rfinv::chart::internal {

// A coordinate with two decimals ("12.50"; never "-0.00"), so output is byte-for-byte stable.
std::string coord(double v);

// A y axis from round number to round number with a round step (1, 2 or 5 times a power of
// ten), about five steps, covering [low, high]. `whole`: every value is a whole number (days,
// units), so the step is at least 1 and no tick reads "0.2".
struct Scale {
  double low = 0, high = 1, step = 1;
  std::vector<double> ticks() const;
  // Where v falls between y_bottom (low) and y_top (high).
  double y(double v, double y_top, double y_bottom) const;
};
Scale nice_scale(double low, double high, bool whole = false);
// Whether every value is a whole number.
bool all_whole(const std::vector<double>& values);

// A tick or value label: no decimals for a step of 1 or more, else as many as the step needs.
std::string tick_text(double v, double step);

// <svg ...> with its <title>, background and the chart's title; the caller appends the body
// and close_svg().
std::string open_svg(const Frame& frame, const std::string& title);
std::string close_svg();
// Horizontal grid lines, the y axis with its ticks, and the rotated y title.
std::string y_axis(const Frame& frame, const Scale& scale, const std::string& y_title);
// The x axis line along the bottom of the plot, and the x title below the labels.
std::string x_axis(const Frame& frame, const std::string& x_title);

}  // namespace rfinv::chart::internal
