// `rfinv history import FILE.csv`: demand from the system a store used before. Every row is
// checked inside one transaction; the first error rolls everything back and names its line
// and column.
#include <fmt/format.h>

#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include "base/csv.h"
#include "base/text.h"
#include "inventory/catalog/internal/catalog_rows.h"
#include "inventory/catalog/validate.h"
#include "inventory/planning/history.h"
#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::inventory {
namespace {

constexpr const char* kColumns[] = {"date", "sku", "location", "qty", "kind"};
// Dates before this are refused as a typo rather than history.
constexpr std::string_view kEarliest = "2000-01-01";

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(Errc::io, "cannot read {}", path);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return make_error(Errc::io, "cannot read {}", path);
  return text.str();
}

bool is_header(const CsvRow& row) {
  return !row.fields.empty() && (row.fields[0] == "date" || row.fields[0] == "DATE");
}

// (item, day, location or 0, kind) -> quantity
using Totals = std::map<std::tuple<std::int64_t, Micros, std::int64_t, std::string>, std::int64_t>;

}  // namespace

Result<HistoryImport> import_demand_history(Store& store, const std::string& path, Micros now) {
  auto text = read_file(path);
  if (!text) return text.error();
  auto rows = parse_csv(*text);
  if (!rows) return make_error(Errc::invalid_argument, "{}: {}", path, rows.error().message);
  std::size_t start = 0;
  if (!rows->empty() && is_header(rows->front())) {
    const auto& h = rows->front().fields;
    if (h.size() < 4 || h.size() > 5)
      return make_error(Errc::invalid_argument,
                        "{}: line 1: the header must be date,sku,location,qty[,kind]", path);
    for (std::size_t c = 0; c < h.size(); ++c)
      if (h[c] != kColumns[c])
        return make_error(Errc::invalid_argument,
                          "{}: line 1, column {}: expected '{}' (the header must be "
                          "date,sku,location,qty[,kind])",
                          path, c + 1, kColumns[c]);
    start = 1;
  }
  if (rows->size() == start) return make_error(Errc::invalid_argument, "{}: no rows", path);
  auto today = parse_utc(format_utc(now).substr(0, 10));
  return sql::guarded("importing demand history", [&]() -> Result<HistoryImport> {
    auto& db = database_of(store);
    sql::Transaction tx(db);
    Totals totals;
    HistoryImport result;
    for (std::size_t r = start; r < rows->size(); ++r) {
      const auto& row = (*rows)[r];
      auto bad = [&](std::string_view column, const Error& e) {
        return make_error(e.code, "{}: line {}, column {}: {}", path, row.line, column, e.message);
      };
      if (row.fields.size() < 4 || row.fields.size() > 5)
        return make_error(Errc::invalid_argument,
                          "{}: line {}: {} fields; expected date,sku,location,qty[,kind]", path,
                          row.line, row.fields.size());
      for (std::size_t c = 0; c < row.fields.size(); ++c)
        if (auto ok = check_text(kColumns[c], row.fields[c], TextKind::name); !ok)
          return bad(kColumns[c], ok.error());
      const auto& f = row.fields;
      auto day = parse_utc(f[0]);
      if (!day || f[0].size() != 10)
        return bad("date", make_error(Errc::invalid_argument, "date '{}' is not YYYY-MM-DD", f[0]));
      if (f[0] < kEarliest || (today && *day > *today))
        return bad("date", make_error(Errc::invalid_argument, "date {} is outside {} .. today",
                                      f[0], kEarliest));
      auto item = find_item_id(db, f[1]);
      if (!item) return bad("sku", make_error(Errc::not_found, "unknown SKU {}", f[1]));
      std::int64_t location = 0;
      if (!f[2].empty()) {
        auto id = find_location_id(db, f[2]);
        if (!id) return bad("location", make_error(Errc::not_found, "unknown location {}", f[2]));
        location = *id;
      }
      auto qty = parse_quantity("qty", f[3]);
      if (!qty) return bad("qty", qty.error());
      std::string kind = f.size() == 5 && !f[4].empty() ? f[4] : "issue";
      if (kind != "issue" && kind != "refused")
        return bad("kind", make_error(Errc::invalid_argument,
                                      "kind '{}' is neither issue nor refused", kind));
      auto& total = totals[{*item, *day, location, kind}];
      auto sum = checked_add("qty", total, *qty);
      if (!sum) return bad("qty", sum.error());
      total = *sum;
      ++result.rows;
    }
    for (const auto& [key, qty] : totals) {
      const auto& [item, day, location, kind] = key;
      std::optional<std::int64_t> before;
      {
        auto st = db.prepare(
            "SELECT qty FROM demand_import WHERE item_id = ? AND day = ? AND location_id = ? "
            "AND kind = ?");
        st.bind(1, item).bind(2, day).bind(3, location).bind(4, kind);
        if (st.step()) before = st.int64(0);
      }
      if (before && *before == qty) {
        ++result.unchanged;
        continue;
      }
      ++(before ? result.changed : result.added);
      db.prepare(
            "INSERT INTO demand_import(day, item_id, location_id, kind, qty, imported_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO UPDATE SET qty = ?5, "
            "imported_at = ?6")
          .bind(1, day)
          .bind(2, item)
          .bind(3, location)
          .bind(4, kind)
          .bind(5, qty)
          .bind(6, now)
          .run();
    }
    tx.commit();
    return result;
  });
}

}  // namespace rfinv::inventory
