// RFC 4180 CSV: comma-separated fields, double quotes around fields that hold commas, quotes
// or line breaks, "" for a quote inside. Used for item import (and export by the CLI).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace rfinv {

struct CsvRow {
  std::size_t line;  // 1-based line where the row starts
  std::vector<std::string> fields;
};

// Parses the whole text; a leading UTF-8 byte order mark is skipped. Fails naming the line of an
// unterminated quote or a stray quote.
Result<std::vector<CsvRow>> parse_csv(std::string_view text);
// One field, quoted when needed.
std::string csv_field(std::string_view value);

}  // namespace rfinv
