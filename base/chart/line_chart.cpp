// The line chart: bands under lines, categories evenly spaced from the left edge of the plot
// to its right edge.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "base/chart/chart.h"
#include "base/chart/internal/svg_parts.h"

namespace rfinv::chart {
namespace {

using namespace internal;

constexpr std::array<const char*, 4> kLineColours = {"#1f4e79", "#c55a11", "#548235", "#7030a0"};
constexpr const char* kBandColour = "#c55a11";

std::size_t category_count(const LineChart& c) {
  std::size_t n = c.categories.size();
  for (const auto& l : c.lines) n = std::max(n, l.start + l.values.size());
  for (const auto& b : c.bands) n = std::max(n, b.start + std::min(b.low.size(), b.high.size()));
  return n;
}

Scale value_scale(const LineChart& c) {
  double low = 0, high = 0;
  bool whole = true;
  auto take = [&](const std::vector<double>& vs) {
    whole = whole && all_whole(vs);
    for (double v : vs) {
      low = std::min(low, v);
      high = std::max(high, v);
    }
  };
  for (const auto& l : c.lines) take(l.values);
  for (const auto& b : c.bands) {
    take(b.low);
    take(b.high);
  }
  return nice_scale(low, high, whole);
}

}  // namespace

std::string render_svg(const LineChart& c) {
  const Frame& f = c.frame;
  const std::size_t n = category_count(c);
  const Scale scale = value_scale(c);
  const double top = f.top, bottom = f.height - f.bottom, width = f.width - f.left - f.right;
  auto x = [&](std::size_t i) {
    return n > 1 ? f.left + static_cast<double>(i) * width / static_cast<double>(n - 1)
                 : f.left + width / 2;
  };
  auto y = [&](double v) { return scale.y(v, top, bottom); };

  std::string out = open_svg(f, c.title) + y_axis(f, scale, c.y_title) + x_axis(f, c.x_title);

  // Category labels: every label_every-th, or as many as fit about eight.
  std::size_t every = c.label_every ? c.label_every : std::max<std::size_t>(1, (n + 7) / 8);
  out += "<g class=\"x-labels\">\n";
  for (std::size_t i = 0; i < c.categories.size(); i += every)
    out += fmt::format(
        "<line class=\"tick\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#333333\"/>\n"
        "<text class=\"tick\" x=\"{0}\" y=\"{3}\" text-anchor=\"middle\">{4}</text>\n",
        coord(x(i)), coord(bottom), coord(bottom + 4), coord(bottom + 16),
        xml_escape(c.categories[i]));
  out += "</g>\n";

  for (const auto& b : c.bands) {
    std::size_t m = std::min(b.low.size(), b.high.size());
    if (m == 0) continue;
    std::string points;
    for (std::size_t k = 0; k < m; ++k)
      points += fmt::format("{}{},{}", points.empty() ? "" : " ", coord(x(b.start + k)),
                            coord(y(b.high[k])));
    for (std::size_t k = m; k-- > 0;)
      points += fmt::format(" {},{}", coord(x(b.start + k)), coord(y(b.low[k])));
    out += fmt::format(
        "<polygon class=\"band\" data-series=\"{}\" points=\"{}\" fill=\"{}\" "
        "fill-opacity=\"{}\" stroke=\"none\"/>\n",
        xml_escape(b.name), points, kBandColour, coord(b.opacity));
  }
  for (std::size_t li = 0; li < c.lines.size(); ++li) {
    const auto& l = c.lines[li];
    if (l.values.empty()) continue;
    std::string points;
    for (std::size_t k = 0; k < l.values.size(); ++k)
      points += fmt::format("{}{},{}", k ? " " : "", coord(x(l.start + k)), coord(y(l.values[k])));
    out += fmt::format(
        "<polyline class=\"line\" data-series=\"{}\" points=\"{}\" fill=\"none\" stroke=\"{}\" "
        "stroke-width=\"2\"{}/>\n",
        xml_escape(l.name), points, kLineColours[li % kLineColours.size()],
        l.dashed ? " stroke-dasharray=\"6 4\"" : "");
  }

  // The legend, one entry per band and line, in a row under the title.
  out += "<g class=\"legend\">\n";
  double lx = f.left;
  auto entry = [&](const std::string& name, const std::string& swatch) {
    out += swatch + fmt::format("<text x=\"{}\" y=\"{}\">{}</text>\n", coord(lx + 20),
                                coord(top - 10), xml_escape(name));
    lx += 32 + 7 * static_cast<double>(name.size());
  };
  for (const auto& b : c.bands)
    entry(b.name, fmt::format("<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"8\" fill=\"{}\" "
                              "fill-opacity=\"{}\"/>\n",
                              coord(lx), coord(top - 18), kBandColour, coord(b.opacity)));
  for (std::size_t li = 0; li < c.lines.size(); ++li)
    entry(c.lines[li].name,
          fmt::format("<line x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" stroke=\"{3}\" "
                      "stroke-width=\"2\"{4}/>\n",
                      coord(lx), coord(lx + 14), coord(top - 14),
                      kLineColours[li % kLineColours.size()],
                      c.lines[li].dashed ? " stroke-dasharray=\"4 2\"" : ""));
  out += "</g>\n";
  return out + close_svg();
}

}  // namespace rfinv::chart
