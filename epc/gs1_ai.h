// The GS1 Application Identifiers rfinv knows (GS1 General Specifications section 3 and the GS1
// Barcode Syntax Dictionary), with what a parser, the Digital Link and the TDS 2.x "+" EPC
// codec need to know of each: length, characters, check digit, date format, whether a
// separator (FNC1 / GS) must follow it, its Digital Link role and its binary encoding (TDS
// Table F).
//
// Contract: constant data, no I/O; safe from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "base/result.h"

namespace rfinv::epc {

enum class AiChars : std::uint8_t {
  numeric,  // 0-9
  cset82,   // GS1 AI encodable character set 82
};

enum class AiDate : std::uint8_t {
  none,
  yymmd0,      // YYMMDD; DD = 00 means the last day of the month
  yymmdd,      // YYMMDD, a real day
  yymmddhhmi,  // YYMMDD then hours and minutes
};

// How a value is written in binary after a "+" EPC (TDS 2.x section 14.5, Table F).
enum class TdsMethod : std::uint8_t {
  none,               // not encodable in +AIDC data by rfinv
  fixed_numeric,      // 14.5.4: 4 bits a digit
  fixed_bit_numeric,  // 14.5.2: one integer of `bits` bits, `chars` digits
  var_alnum,          // 14.5.6: encoding indicator, length indicator, characters
  var_numeric,        // 14.5.13: length indicator, integer
  delimited_numeric,  // 14.5.5: digits then a terminator, or a delimiter and 14.5.6
  date6,              // 14.5.8: YYMMDD in 16 bits
  datetime10,         // 14.5.9: YYMMDDhhmm in 27 bits
};

struct TdsComponent {
  TdsMethod method = TdsMethod::none;
  std::uint8_t chars = 0;      // fixed length in characters (fixed methods)
  std::uint8_t bits = 0;       // fixed length in bits (fixed_bit_numeric)
  std::uint8_t li_bits = 0;    // length indicator bits (variable methods)
  std::uint8_t max_chars = 0;  // longest value (variable methods)
};

enum class DlRole : std::uint8_t {
  attribute,    // a data attribute: the query string of a Digital Link
  primary_key,  // a Digital Link path starts with it
  qualifier,    // follows a primary key in the path (see AiSpec::qualifiers)
};

struct AiSpec {
  std::string_view ai;
  std::string_view title;  // the data title of the General Specifications: "BATCH/LOT"
  std::uint8_t min_length;
  std::uint8_t max_length;  // equal to min_length for a fixed-length value
  AiChars chars;
  // Characters from the start that must be digits (all of a numeric value; 14 for 8003).
  std::uint8_t digits_prefix;
  // A GS1 mod-10 check digit closes the first `check_length` characters (0: none).
  std::uint8_t check_length;
  AiDate date;
  DlRole dl_role;
  // For a primary key: its qualifiers, in the order the path must give them ("22 10 21").
  std::string_view qualifiers;
  TdsComponent tds;
  TdsComponent tds_second;  // 8003's serial component
};

// The spec of `ai` ("01", "8004"), or nullptr when rfinv does not know it.
const AiSpec* find_ai(std::string_view ai);
// The AI that `data` starts with (GS1 AIs are prefix-free), or nullptr.
const AiSpec* ai_at_start_of(std::string_view data);

// True when the AI's value has a length fixed by its first two digits (General
// Specifications Figure 7.8.4-1): no separator follows it in a barcode.
bool has_predefined_length(std::string_view ai);

// Checks `value` against the spec: length, characters, check digit, date (whose century
// `today` decides, for February 29). The message names the AI and why, never more than a
// short value: "(01) 09506000134353: the check digit is 3, it should be 2".
Status check_ai_value(const AiSpec& spec, std::string_view value,
                      std::chrono::year_month_day today);

// The date a YYMMDD value stands for. Century by the General Specifications (7.12): the year
// lies within 49 years before and 50 years after `today`'s year. Day 00 is the month's last
// day where the AI allows it. REQUIRES: check_ai_value passed for this date AI.
std::chrono::year_month_day ai_date(std::string_view yymmdd, std::chrono::year_month_day today);

}  // namespace rfinv::epc
