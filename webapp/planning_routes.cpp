// Demand planning for the stock card: an item's demand chart (weekly history, forecast and its
// 80%/95% bands) as an SVG image in the caller's language, drawn by service/demand_chart.h.
// A read: every logged-in user may see it.
#include <charconv>

#include "service/demand_chart.h"
#include "webapp/route.h"

namespace rfinv::webapp {
namespace {

constexpr int kDefaultWeeks = 13;

// ?weeks=N (1..104; the planning area refuses more), else 13.
int weeks(const Route& r) {
  auto text = r.target.param("weeks");
  if (!text) return kDefaultWeeks;
  int n = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc() || end != text->data() + text->size())
    fail(bad_request(fmt::format("weeks \"{}\" is not a whole number", *text), "weeks"));
  return n;
}

Response demand_chart(const Route& r, const std::string& sku) {
  auto svg = need(service::demand_chart_svg(r.call.node, sku, r.target.param("location"), weeks(r),
                                            r.who.user.lang));
  return text_response(r.req(), http::status::ok, "image/svg+xml; charset=utf-8", std::move(svg));
}

}  // namespace

std::optional<Response> planning_routes(const Route& r) {
  const auto& s = r.segments();
  if (s.size() == 3 && s[0] == "items" && s[2] == "demand-chart" && r.is(http::verb::get))
    return demand_chart(r, s[1]);
  return std::nullopt;
}

}  // namespace rfinv::webapp
