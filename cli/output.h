// All terminal formatting lives here: human tables, JSON documents and JSON lines.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/json_values.h"

namespace rfinv::cli {

struct Table {
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
};

// Left-aligned columns separated by two spaces; "(none)" when there are no rows.
void print_table(const Table& table);
// One JSON document followed by a newline, on stdout.
void print_json(const boost::json::value& value);

// Writes `text` to the file at `path` (replacing it); fails the command (io, exit 5) when it
// cannot.
void write_text_file(const std::string& path, const std::string& text);

}  // namespace rfinv::cli
