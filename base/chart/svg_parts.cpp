#include "base/chart/internal/svg_parts.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "base/xml_text.h"

namespace rfinv::chart::internal {

std::string coord(double v) {
  if (std::fabs(v) < 0.005) v = 0;
  return fmt::format("{:.2f}", v);
}

Scale nice_scale(double low, double high, bool whole) {
  if (!(high > low)) high = low + 1;
  double raw = (high - low) / 5;
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double norm = raw / magnitude;
  double step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
  if (whole) step = std::max(step, 1.0);
  return {std::floor(low / step) * step, std::ceil(high / step) * step, step};
}

bool all_whole(const std::vector<double>& values) {
  for (double v : values)
    if (v != std::floor(v)) return false;
  return true;
}

std::vector<double> Scale::ticks() const {
  std::vector<double> out;
  long n = std::lround((high - low) / step);
  for (long i = 0; i <= n; ++i) out.push_back(low + static_cast<double>(i) * step);
  return out;
}

double Scale::y(double v, double y_top, double y_bottom) const {
  return y_bottom - (v - low) / (high - low) * (y_bottom - y_top);
}

std::string tick_text(double v, double step) {
  int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  if (std::fabs(v) < step / 2) v = 0;
  return fmt::format("{:.{}f}", v, decimals);
}

std::string open_svg(const Frame& f, const std::string& title) {
  std::string t = xml_escape(title);
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" "
      "height=\"{1}\" role=\"img\" aria-label=\"{2}\" font-family=\"sans-serif\" "
      "font-size=\"11\">\n<title>{2}</title>\n"
      "<rect class=\"background\" x=\"0\" y=\"0\" width=\"{0}\" height=\"{1}\" fill=\"#ffffff\"/>\n"
      "<text class=\"title\" x=\"{3}\" y=\"18\" text-anchor=\"middle\" font-size=\"14\" "
      "font-weight=\"bold\">{2}</text>\n",
      coord(f.width), coord(f.height), t, coord(f.width / 2));
}

std::string close_svg() { return "</svg>\n"; }

std::string y_axis(const Frame& f, const Scale& scale, const std::string& y_title) {
  double x0 = f.left, x1 = f.width - f.right, top = f.top, bottom = f.height - f.bottom;
  std::string out = "<g class=\"y-axis\">\n";
  for (double v : scale.ticks()) {
    std::string y = coord(scale.y(v, top, bottom));
    out += fmt::format(
        "<line class=\"grid\" x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" stroke=\"#dddddd\"/>\n"
        "<text class=\"tick\" x=\"{3}\" y=\"{2}\" text-anchor=\"end\" "
        "dominant-baseline=\"middle\">{4}</text>\n",
        coord(x0), coord(x1), y, coord(x0 - 6), xml_escape(tick_text(v, scale.step)));
  }
  out += fmt::format(
      "<line class=\"axis\" x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#333333\"/>\n",
      coord(x0), coord(top), coord(bottom));
  if (!y_title.empty()) {
    std::string x = coord(14), y = coord((top + bottom) / 2);
    out += fmt::format(
        "<text class=\"axis-title\" x=\"{0}\" y=\"{1}\" text-anchor=\"middle\" "
        "transform=\"rotate(-90 {0} {1})\">{2}</text>\n",
        x, y, xml_escape(y_title));
  }
  return out + "</g>\n";
}

std::string x_axis(const Frame& f, const std::string& x_title) {
  double bottom = f.height - f.bottom;
  std::string out = fmt::format(
      "<g class=\"x-axis\">\n<line class=\"axis\" x1=\"{0}\" y1=\"{2}\" x2=\"{1}\" y2=\"{2}\" "
      "stroke=\"#333333\"/>\n",
      coord(f.left), coord(f.width - f.right), coord(bottom));
  if (!x_title.empty())
    out += fmt::format(
        "<text class=\"axis-title\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
        coord((f.left + f.width - f.right) / 2), coord(f.height - 6), xml_escape(x_title));
  return out + "</g>\n";
}

}  // namespace rfinv::chart::internal
