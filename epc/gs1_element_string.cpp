// What a barcode scanner sends, parsed into GS1 elements: symbology identifiers, element
// strings with parentheses, raw data with GS separators (GS1 General Specifications 7.8).
#include "epc/gs1_element_string.h"

#include <fmt/format.h>

#include <algorithm>

#include "epc/epc.h"
#include "epc/gs1_ai.h"
#include "epc/internal/charset.h"
#include "epc/internal/digital_link.h"

namespace rfinv::epc {
namespace {

using std::chrono::year_month_day;

constexpr char kGs = '\x1d';

// AIM symbology identifiers whose data is a GS1 element string (FNC1 in first position).
constexpr std::string_view kGs1Symbologies[] = {"]C1", "]d2", "]Q3", "]e0", "]J1"};
// Plain 2D symbols: what they carry is read only when it is a GS1 Digital Link URI.
constexpr std::string_view kPlainSymbologies[] = {"]d1", "]Q1"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The first few characters at `pos`, safe to print.
std::string shown_at(std::string_view data, std::size_t pos) {
  std::string out;
  for (std::size_t i = pos; i < data.size() && i < pos + 4; ++i) {
    if (!detail::is_encodable(data[i])) break;
    out.push_back(data[i]);
  }
  return out.empty() ? "a character that is not a digit" : "'" + out + "'";
}

Result<std::vector<AiElement>> parse_raw(std::string_view data) {
  std::vector<AiElement> out;
  if (data.empty()) return make_error(Errc::invalid_argument, "the barcode carries no data");
  std::size_t pos = 0;
  while (pos < data.size()) {
    if (data[pos] == kGs)
      return make_error(Errc::invalid_argument,
                        "a GS separator at character {} follows no variable-length element",
                        pos + 1);
    const AiSpec* spec = ai_at_start_of(data.substr(pos));
    if (spec == nullptr)
      return make_error(Errc::invalid_argument,
                        "unknown AI at character {}: no GS1 AI known to rfinv starts {}", pos + 1,
                        shown_at(data, pos));
    pos += spec->ai.size();
    std::string_view value;
    if (has_predefined_length(spec->ai)) {
      value = data.substr(pos, spec->max_length);
      if (value.size() < spec->max_length)
        return make_error(Errc::invalid_argument, "({}) is cut short: {} of its {} characters",
                          spec->ai, value.size(), spec->max_length);
    } else {
      value = data.substr(pos, data.find(kGs, pos) - pos);
      if (value.size() > spec->max_length)
        return make_error(Errc::invalid_argument,
                          "({}) runs to {} characters, past its maximum of {}: the GS separator "
                          "(FNC1) that must end a variable-length field before the next AI is "
                          "missing",
                          spec->ai, value.size(), spec->max_length);
    }
    out.push_back({std::string(spec->ai), std::string(value)});
    pos += value.size();
    if (pos < data.size() && data[pos] == kGs) ++pos;  // also tolerated after fixed lengths
  }
  return out;
}

// "(01)09506000134352(17)270131(10)ABC123". A value ends where "(" followed by digits and
// ")" starts the next element, so a value cannot contain such a sequence.
Result<std::vector<AiElement>> parse_bracketed(std::string_view text) {
  std::vector<AiElement> out;
  auto ai_end = [&](std::size_t open) -> std::size_t {  // index of ")" or npos
    std::size_t i = open + 1;
    while (i < text.size() && is_digit(text[i])) ++i;
    std::size_t n = i - open - 1;
    return i < text.size() && text[i] == ')' && n >= 2 && n <= 4 ? i : std::string_view::npos;
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t close = text[pos] == '(' ? ai_end(pos) : std::string_view::npos;
    if (close == std::string_view::npos)
      return make_error(Errc::invalid_argument,
                        "character {}: expected an AI in parentheses, such as (01)", pos + 1);
    std::string_view ai = text.substr(pos + 1, close - pos - 1);
    if (find_ai(ai) == nullptr)
      return make_error(Errc::invalid_argument, "unknown AI ({}): rfinv does not know it", ai);
    std::size_t next = close + 1;
    while (next < text.size() && !(text[next] == '(' && ai_end(next) != std::string_view::npos))
      ++next;
    out.push_back({std::string(ai), std::string(text.substr(close + 1, next - close - 1))});
    pos = next;
  }
  return out;
}

// EAN-13 / UPC-A (]E0) and EAN-8 (]E4): a bare GTIN.
Result<std::vector<AiElement>> parse_ean(std::string_view symbology, std::string_view digits) {
  std::size_t want = symbology == "]E4" ? 8 : 13;
  if (digits.size() != want || !std::all_of(digits.begin(), digits.end(), is_digit))
    return make_error(Errc::invalid_argument, "symbology {} carries {} digits, not {} characters",
                      symbology, want, digits.size());
  return std::vector<AiElement>{{"01", std::string(14 - want, '0') + std::string(digits)}};
}

bool one_of(std::string_view id, std::span<const std::string_view> ids) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

std::optional<std::string_view> Gs1Data::value(std::string_view ai) const {
  for (const AiElement& e : elements)
    if (e.ai == ai) return std::string_view(e.value);
  return std::nullopt;
}

Result<Gs1Data> make_gs1_data(std::vector<AiElement> elements, year_month_day today) {
  Gs1Data d;
  if (elements.empty()) return make_error(Errc::invalid_argument, "the barcode carries no data");
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const AiElement& e = elements[i];
    const AiSpec* spec = find_ai(e.ai);
    if (spec == nullptr)
      return make_error(Errc::invalid_argument, "unknown AI ({}): rfinv does not know it", e.ai);
    if (Status s = check_ai_value(*spec, e.value, today); !s) return s.error();
    for (std::size_t j = 0; j < i; ++j)
      if (elements[j].ai == e.ai)
        return make_error(Errc::invalid_argument, "({}) appears twice", e.ai);
  }
  d.elements = std::move(elements);
  auto text = [&](std::string_view ai) -> std::optional<std::string> {
    if (auto v = d.value(ai)) return std::string(*v);
    return std::nullopt;
  };
  auto date = [&](std::string_view ai) -> std::optional<year_month_day> {
    if (auto v = d.value(ai)) return ai_date(*v, today);
    return std::nullopt;
  };
  d.sscc = text("00");
  d.gtin = text("01");
  d.content = text("02");
  d.lot = text("10");
  d.production = date("11");
  d.best_before = date("15");
  d.expiry = date("17");
  d.serial = text("21");
  if (auto c = d.value("37") ? d.value("37") : d.value("30"))
    d.count = std::stoull(std::string(*c));
  d.gln = text("414");
  d.grai = text("8003");
  d.giai = text("8004");
  return d;
}

Result<Gs1Scan> parse_gs1(std::string_view text, year_month_day today) {
  Gs1Scan scan;
  Result<std::vector<AiElement>> elements = std::vector<AiElement>{};
  std::string_view body = text;
  if (text.size() >= 3 && text[0] == ']') {
    scan.symbology = std::string(text.substr(0, 3));
    body = text.substr(3);
    if (one_of(scan.symbology, kGs1Symbologies)) {
      scan.syntax = Gs1Syntax::raw;
      elements = parse_raw(body);
    } else if (scan.symbology == "]E0" || scan.symbology == "]E4") {
      scan.syntax = Gs1Syntax::raw;
      elements = parse_ean(scan.symbology, body);
    } else if (one_of(scan.symbology, kPlainSymbologies)) {
      if (!detail::looks_like_uri(body))
        return make_error(Errc::invalid_argument,
                          "symbology {} carries plain data, not GS1 element strings; rfinv reads "
                          "only a GS1 Digital Link URI from it",
                          scan.symbology);
      scan.syntax = Gs1Syntax::digital_link;
      elements = detail::parse_digital_link(body);
    } else {
      return make_error(Errc::invalid_argument,
                        "symbology identifier {} is not one rfinv reads (]C1, ]d2, ]Q3, ]e0, "
                        "]J1, ]E0, ]E4, or ]d1/]Q1 with a Digital Link)",
                        detail::is_encodable(text[1]) && detail::is_encodable(text[2])
                            ? scan.symbology
                            : std::string("with a control character"));
    }
  } else if (!text.empty() && text[0] == '(') {
    scan.syntax = Gs1Syntax::bracketed;
    elements = parse_bracketed(text);
  } else if (detail::looks_like_uri(text)) {
    scan.syntax = Gs1Syntax::digital_link;
    elements = detail::parse_digital_link(text);
  } else {
    scan.syntax = Gs1Syntax::raw;
    elements = parse_raw(text);
  }
  if (!elements) return elements.error();
  auto data = make_gs1_data(std::move(*elements), today);
  if (!data) return data.error();
  scan.data = std::move(*data);
  return scan;
}

Result<Gs1Scan> parse_gs1(std::string_view text) {
  auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return parse_gs1(text, year_month_day{now});
}

std::string to_bracketed(const Gs1Data& data) {
  std::string out;
  for (const AiElement& e : data.elements)
    fmt::format_to(std::back_inserter(out), "({}){}", e.ai, e.value);
  return out;
}

std::string to_raw(const Gs1Data& data) {
  std::vector<const AiElement*> order;
  for (const AiElement& e : data.elements)
    if (has_predefined_length(e.ai)) order.push_back(&e);
  for (const AiElement& e : data.elements)
    if (!has_predefined_length(e.ai)) order.push_back(&e);
  std::string out;
  for (std::size_t i = 0; i < order.size(); ++i) {
    out += order[i]->ai;
    out += order[i]->value;
    if (i + 1 < order.size() && !has_predefined_length(order[i]->ai)) out.push_back(kGs);
  }
  return out;
}

std::string iso_date(year_month_day date) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

}  // namespace rfinv::epc
