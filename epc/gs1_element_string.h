// GS1 element strings as a barcode scanner sends them: the human-readable form with
// parentheses "(01)09506000134352(17)270131(10)ABC123", the raw form with GS (0x1D) after
// each variable-length field that is not last (optionally behind a symbology identifier
// such as "]d2"), and GS1 Digital Link URIs
// ("https://id.gs1.org/01/09506000134352/10/ABC1?17=270131"). The AI table behind it is
// epc/gs1_ai.h.
//
// Contract: pure functions, no I/O; safe from any thread. A parse either succeeds with every
// element checked (lengths, character set, check digits, dates) or fails with
// Errc::invalid_argument and a message naming the AI and why; nothing is half-parsed.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace rfinv::epc {

// One element: the AI ("01", "8004") and its value as in the barcode (dates stay YYMMDD).
struct AiElement {
  std::string ai;
  std::string value;
  bool operator==(const AiElement&) const = default;
};

// What a barcode carries. `elements` is everything, in the order read; the named fields are
// the ones rfinv uses, filled from it (each AI appears at most once: a repeat is refused).
struct Gs1Data {
  std::vector<AiElement> elements;
  std::optional<std::string> sscc;                         // (00), 18 digits
  std::optional<std::string> gtin;                         // (01), GTIN-14
  std::optional<std::string> content;                      // (02), GTIN-14 of trade items contained
  std::optional<std::string> lot;                          // (10)
  std::optional<std::chrono::year_month_day> production;   // (11)
  std::optional<std::chrono::year_month_day> best_before;  // (15)
  std::optional<std::chrono::year_month_day> expiry;       // (17)
  std::optional<std::string> serial;                       // (21)
  std::optional<std::uint64_t> count;                      // (30) or (37)
  std::optional<std::string> gln;                          // (414), physical location
  std::optional<std::string> grai;                         // (8003)
  std::optional<std::string> giai;                         // (8004)

  // The value of `ai`, if present.
  std::optional<std::string_view> value(std::string_view ai) const;
};

// How the text came in.
enum class Gs1Syntax : std::uint8_t { bracketed, raw, digital_link };

struct Gs1Scan {
  Gs1Syntax syntax = Gs1Syntax::bracketed;
  std::string symbology;  // "]d2", "]C1", ... when the scanner sent one; empty otherwise
  Gs1Data data;
};

// Parses whatever a scanner sends (see the README "GS1 barcodes" for the accepted forms).
// `today` resolves the two-digit years of date fields (GS1 General Specifications 7.12:
// the year falls within -49..+50 years of today's).
Result<Gs1Scan> parse_gs1(std::string_view text, std::chrono::year_month_day today);
// The same with today's date (UTC) from the system clock.
Result<Gs1Scan> parse_gs1(std::string_view text);

// Checks a list of elements as parse_gs1 does (lengths, characters, check digits, dates,
// repeats) and fills the named fields. For codecs that carry AIs themselves (TDS 2.x "+").
Result<Gs1Data> make_gs1_data(std::vector<AiElement> elements, std::chrono::year_month_day today);

// "(01)09506000134352(17)270131(10)ABC123": elements in their order.
std::string to_bracketed(const Gs1Data& data);
// The data characters of the barcode (no symbology identifier): GS after every element whose
// AI is not of predefined length, except the last; predefined-length elements go first so
// that as few separators as possible are needed.
std::string to_raw(const Gs1Data& data);
// "https://id.gs1.org/01/09506000134352/10/ABC123?17=270131". Fails when the data has no
// primary key the Digital Link standard knows (01, 00, 414, 8003, 8004, ...).
Result<std::string> to_digital_link(const Gs1Data& data);

// "2027-01-31" for a year_month_day.
std::string iso_date(std::chrono::year_month_day date);

}  // namespace rfinv::epc
