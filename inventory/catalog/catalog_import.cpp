// `rfinv item import FILE.csv`: every row is checked and inserted inside one transaction;
// the first error rolls everything back and names its line and column.
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "base/csv.h"
#include "base/text.h"
#include "inventory/catalog/catalog.h"
#include "inventory/catalog/internal/catalog_rows.h"
#include "inventory/catalog/validate.h"
#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::inventory {
namespace {

const std::set<std::string> kColumns{"sku",         "name",     "unit",     "gtin",
                                     "cost",        "supplier", "safety",   "reorder_point",
                                     "reorder_qty", "max",      "lead_days"};

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(Errc::io, "cannot read {}", path);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return make_error(Errc::io, "cannot read {}", path);
  return text.str();
}

// Applies one cell to the item fields; the error names the column.
Status apply_cell(ItemFields& f, const std::string& column, const std::string& value) {
  auto set_count = [&](std::int64_t& out) -> Status {
    if (value.empty()) return {};
    auto n = parse_count(column, value);
    if (!n) return n.error();
    out = *n;
    return {};
  };
  if (column == "name")
    f.name = value;
  else if (column == "unit") {
    if (!value.empty()) f.unit = value;
  } else if (column == "gtin") {
    if (!value.empty()) f.gtin = value;
  } else if (column == "supplier")
    f.supplier = value;
  else if (column == "cost") {
    if (value.empty()) return {};
    auto cents = parse_money_cents("cost", value);
    if (!cents) return cents.error();
    f.unit_cost_cents = *cents;
  } else if (column == "safety")
    return set_count(f.safety_stock);
  else if (column == "reorder_point")
    return set_count(f.reorder_point);
  else if (column == "reorder_qty")
    return set_count(f.reorder_qty);
  else if (column == "lead_days")
    return set_count(f.lead_days);
  else if (column == "max") {
    if (value.empty()) return {};
    std::int64_t max = 0;
    if (auto ok = set_count(max); !ok) return ok;
    f.max_level = max;
  }
  return {};
}

}  // namespace

Result<std::size_t> import_items_csv(Store& store, const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.error();
  auto rows = parse_csv(*text);
  if (!rows) return make_error(Errc::invalid_argument, "{}: {}", path, rows.error().message);
  if (rows->empty()) return make_error(Errc::invalid_argument, "{}: no header row", path);
  const auto& header = rows->front().fields;
  std::map<std::string, std::size_t> index;
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (auto ok = check_text("the column name", header[c], TextKind::code); !ok)
      return make_error(Errc::invalid_argument, "{}: line 1, column {}: {}", path, c + 1,
                        ok.error().message);
    if (!kColumns.count(header[c]))
      return make_error(Errc::invalid_argument, "{}: line 1, column {}: unknown column '{}'", path,
                        c + 1, header[c]);
    if (!index.emplace(header[c], c).second)
      return make_error(Errc::invalid_argument, "{}: line 1: column '{}' appears twice", path,
                        header[c]);
  }
  for (const char* required : {"sku", "name"})
    if (!index.count(required))
      return make_error(Errc::invalid_argument, "{}: line 1: the '{}' column is required", path,
                        required);

  return sql::guarded("importing items", [&]() -> Result<std::size_t> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    for (std::size_t r = 1; r < rows->size(); ++r) {
      const auto& row = (*rows)[r];
      if (row.fields.size() != header.size())
        return make_error(Errc::invalid_argument, "{}: line {}: {} fields, the header has {}", path,
                          row.line, row.fields.size(), header.size());
      ItemFields fields;
      // Every cell under the text rule before any is parsed, so no error repeats a malformed
      // or escape-laden cell; name, unit, supplier and sku have tighter caps checked below.
      for (const auto& [column, c] : index)
        if (auto ok = check_text(column, row.fields[c], TextKind::setting); !ok)
          return make_error(Errc::invalid_argument, "{}: line {}, column {}: {}", path, row.line,
                            column, ok.error().message);
      for (const auto& [column, c] : index) {
        if (column == "sku") continue;
        if (auto ok = apply_cell(fields, column, row.fields[c]); !ok)
          return make_error(Errc::invalid_argument, "{}: line {}, column {}: {}", path, row.line,
                            column, ok.error().message);
      }
      const std::string& sku = row.fields[index.at("sku")];
      if (auto problem = insert_item_in_transaction(db, sku, fields))
        return make_error(problem->error.code, "{}: line {}, column {}: {}", path, row.line,
                          problem->column, problem->error.message);
    }
    tx.commit();
    return rows->size() - 1;
  });
}

}  // namespace rfinv::inventory
