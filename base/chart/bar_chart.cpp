// The bar chart: one slot per label across the plot, each bar 70% of its slot, centred.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "base/chart/chart.h"
#include "base/chart/internal/svg_parts.h"

namespace rfinv::chart {

using namespace internal;

std::string render_svg(const BarChart& c) {
  const Frame& f = c.frame;
  const std::size_t n = std::min(c.labels.size(), c.values.size());
  double low = 0, high = c.target.value_or(0);
  for (std::size_t i = 0; i < n; ++i) {
    low = std::min(low, c.values[i]);
    high = std::max(high, c.values[i]);
  }
  const Scale scale = nice_scale(
      low, high, all_whole(c.values) && (!c.target || all_whole(std::vector<double>{*c.target})));
  const double top = f.top, bottom = f.height - f.bottom;
  const double slot = n ? (f.width - f.left - f.right) / static_cast<double>(n) : 0;
  auto y = [&](double v) { return scale.y(v, top, bottom); };
  // Many labels would overlap: they are then turned by 30 degrees.
  const bool turned = n > 6;

  std::string out = open_svg(f, c.title) + y_axis(f, scale, c.y_title) + x_axis(f, c.x_title);
  out += "<g class=\"bars\">\n";
  for (std::size_t i = 0; i < n; ++i) {
    double v = c.values[i];
    double x = f.left + slot * (static_cast<double>(i) + 0.15), w = slot * 0.7;
    double y0 = y(std::max(v, 0.0)), y1 = y(std::min(v, 0.0));
    double cx = x + w / 2, ly = bottom + 14;
    out += fmt::format(
        "<rect class=\"bar\" data-label=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" "
        "fill=\"#1f4e79\"/>\n"
        "<text class=\"value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}{}</text>\n",
        xml_escape(c.labels[i]), coord(x), coord(y0), coord(w), coord(y1 - y0), coord(cx),
        coord(y0 - 4), xml_escape(tick_text(v, std::fabs(v - std::round(v)) < 1e-9 ? 1 : 0.1)),
        xml_escape(c.value_suffix));
    if (turned)
      out += fmt::format(
          "<text class=\"tick\" x=\"{0}\" y=\"{1}\" text-anchor=\"end\" "
          "transform=\"rotate(-30 {0} {1})\">{2}</text>\n",
          coord(cx), coord(ly), xml_escape(c.labels[i]));
    else
      out +=
          fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                      coord(cx), coord(ly), xml_escape(c.labels[i]));
  }
  out += "</g>\n";
  if (c.target) {
    std::string ty = coord(y(*c.target));
    out += fmt::format(
        "<g class=\"target\">\n<line x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" "
        "stroke=\"#c00000\" "
        "stroke-width=\"1.5\" stroke-dasharray=\"6 3\"/>\n"
        "<text x=\"{1}\" y=\"{3}\" text-anchor=\"end\" fill=\"#c00000\">{4}</text>\n</g>\n",
        coord(f.left), coord(f.width - f.right), ty, coord(y(*c.target) - 4),
        xml_escape(c.target_label));
  }
  return out + close_svg();
}

}  // namespace rfinv::chart
