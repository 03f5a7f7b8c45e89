// Lots and barcodes: what a scanned GS1 barcode means and names here (the receive and issue
// screens fill their form from it), and the lots near or past their expiry. Reads: every
// logged-in user may ask.
#include <fmt/format.h>

#include <charconv>

#include "webapp/route.h"
#include "webapp/views.h"

namespace rfinv::webapp {
namespace {

// GET /scan?text=...: a barcode that cannot be read is a 400 naming the AI and why (the
// parser's message), with "field": "text"; a valid one that names nothing here is a 200 whose
// item and asset are null and whose misses say what was not found.
Response scan(const Route& r) {
  auto text = r.target.param("text");
  if (!text) fail(bad_request("the text parameter is required", "text"));
  auto match = r.call.node.resolve_scan(*text);
  if (!match) {
    auto error = api_error(match.error());
    if (error.status == http::status::bad_request) error.field = "text";
    fail(std::move(error));
  }
  return r.ok(scan_json(*text, *match));
}

// GET /expiring[?within=DAYS]: as `rfinv expiring`.
Response expiring(const Route& r) {
  std::optional<std::int64_t> within;
  if (auto text = r.target.param("within")) {
    std::int64_t days = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), days);
    if (ec != std::errc() || end != text->data() + text->size())
      fail(
          bad_request(fmt::format("within \"{}\" is not a whole number of days", *text), "within"));
    within = days;
  }
  auto lots = r.call.node.expiring_lots(within);
  if (!lots) {
    auto error = api_error(lots.error());
    if (error.status == http::status::bad_request) error.field = "within";
    fail(std::move(error));
  }
  return r.ok(array_of(*lots, expiring_json));
}

}  // namespace

std::optional<Response> lot_routes(const Route& r) {
  const auto& s = r.segments();
  if (s.size() != 1 || !r.is(http::verb::get)) return std::nullopt;
  if (s[0] == "scan") return scan(r);
  if (s[0] == "expiring") return expiring(r);
  return std::nullopt;
}

}  // namespace rfinv::webapp
