#include "cli/output.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "base/json_text.h"
#include "cli/context.h"

namespace rfinv::cli {

void print_table(const Table& table) {
  if (table.rows.empty()) {
    fmt::print("(none)\n");
    return;
  }
  std::vector<std::size_t> width(table.headers.size());
  for (std::size_t c = 0; c < width.size(); ++c) width[c] = table.headers[c].size();
  for (const auto& row : table.rows)
    for (std::size_t c = 0; c < row.size() && c < width.size(); ++c)
      width[c] = std::max(width[c], row[c].size());
  auto print_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (std::size_t c = 0; c < width.size(); ++c) {
      const std::string& cell = c < row.size() ? row[c] : std::string();
      line += cell;
      if (c + 1 < width.size()) line.append(width[c] - cell.size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    fmt::print("{}\n", line);
  };
  print_row(table.headers);
  for (const auto& row : table.rows) print_row(row);
}

void write_text_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) fail(Error{Errc::io, fmt::format("cannot write {}", path)});
}

void print_json(const boost::json::value& value) { fmt::print("{}\n", json_text(value)); }

}  // namespace rfinv::cli
