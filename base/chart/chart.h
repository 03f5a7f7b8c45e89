// SVG charts for reports and the web app: a line chart with shaded bands (demand history, its
// forecast and the forecast's 80% and 95% intervals) and a bar chart, each with axes, ticks,
// labels and a title. The output is one self-contained <svg> element: no script, no style
// sheet, no font or image from elsewhere, so a page holding it opens offline and prints.
// Rendering is deterministic: the same chart gives the same bytes (coordinates with two
// decimals). Every text is XML-escaped.
//
// Threading: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace rfinv::chart {

// The drawing area and the plot inside it, in SVG user units. The plot spans
// [left, width - right] x [top, height - bottom]; the margins hold the title, ticks and labels.
struct Frame {
  double width = 640, height = 320;
  double left = 64, right = 16, top = 40, bottom = 56;
};

// One series of a line chart: values[k] is drawn at category start + k.
struct Line {
  std::string name;  // shown in the legend; also the element's data-series attribute
  std::size_t start = 0;
  std::vector<double> values;
  bool dashed = false;  // a forecast, as against what happened
};

// A shaded band between low[k] and high[k] at category start + k (low.size() == high.size()).
struct Band {
  std::string name;
  std::size_t start = 0;
  std::vector<double> low, high;
  double opacity = 0.25;  // darker for the narrower band
};

// Categories are evenly spaced along x (weeks, days); `categories` names each one and labels
// are drawn at most every `label_every` categories (0: chosen to fit about eight). The y axis
// runs from min(0, lowest value) to a round number at or above the highest value.
struct LineChart {
  Frame frame;
  std::string title, x_title, y_title;
  std::vector<std::string> categories;
  std::size_t label_every = 0;
  std::vector<Band> bands;  // drawn first, in order, under the lines
  std::vector<Line> lines;
};

// Bars from zero, one per label; an optional target line across the plot (e.g. 8%).
struct BarChart {
  Frame frame;
  std::string title, x_title, y_title;
  std::vector<std::string> labels;
  std::vector<double> values;  // same size as labels
  std::optional<double> target;
  std::string target_label;
  std::string value_suffix;  // after each bar's value label, e.g. "%"
};

std::string render_svg(const LineChart& chart);
std::string render_svg(const BarChart& chart);

}  // namespace rfinv::chart
