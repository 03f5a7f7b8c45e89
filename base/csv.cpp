#include "base/csv.h"

namespace rfinv {

Result<std::vector<CsvRow>> parse_csv(std::string_view text) {
  // Excel (and Notepad) save "CSV UTF-8" with a byte order mark; it is not part of the first
  // field's name.
  constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";
  if (text.starts_with(utf8_bom)) text.remove_prefix(utf8_bom.size());
  std::vector<CsvRow> rows;
  std::size_t line = 1, i = 0;
  while (i < text.size()) {
    CsvRow row{line, {}};
    std::string field;
    bool row_done = false;
    while (!row_done) {
      field.clear();
      if (i < text.size() && text[i] == '"') {
        std::size_t start_line = line;
        ++i;
        while (true) {
          if (i >= text.size())
            return make_error(Errc::invalid_argument, "line {}: quoted field is not closed",
                              start_line);
          char c = text[i++];
          if (c == '"') {
            if (i < text.size() && text[i] == '"') {
              field += '"';
              ++i;
            } else {
              break;
            }
          } else {
            if (c == '\n') ++line;
            field += c;
          }
        }
        if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
          return make_error(Errc::invalid_argument,
                            "line {}: unexpected character after a closing quote", line);
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"')
            return make_error(Errc::invalid_argument, "line {}: a quote inside an unquoted field",
                              line);
          field += text[i++];
        }
      }
      row.fields.push_back(field);
      if (i < text.size() && text[i] == ',') {
        ++i;
        continue;
      }
      if (i < text.size() && text[i] == '\r') ++i;
      if (i < text.size() && text[i] == '\n') ++i;
      ++line;
      row_done = true;
    }
    bool blank = row.fields.size() == 1 && row.fields[0].empty();
    if (!blank) rows.push_back(std::move(row));
  }
  return rows;
}

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace rfinv
