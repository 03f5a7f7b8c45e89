// All terminal formatting lives here: human tables, JSON documents and JSON lines.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"

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

// A JSON value for an optional: null when empty.
template <class T>
boost::json::value json_or_null(const std::optional<T>& value) {
  return value ? boost::json::value_from(*value) : boost::json::value(nullptr);
}

// A time as ISO-8601 UTC text, or null.
inline boost::json::value json_time_or_null(const std::optional<Micros>& at) {
  return at ? boost::json::value(format_utc(*at)) : boost::json::value(nullptr);
}

}  // namespace rfinv::cli
