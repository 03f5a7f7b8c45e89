// Tag lookups per second (resolve_tag: EPC bytes -> item, asset or unknown) on a catalog of
// 100,000 items and 10,000 assets, beside the bare SQLite point query it builds on
// (SELECT id FROM item WHERE gtin = ?) in the same run. One thread, one connection.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "base/hex.h"
#include "epc/epc.h"
#include "inventory/store/schema.h"
#include "inventory/store/store.h"
#include "inventory/store/store_database.h"
#include "inventory/tags/tags.h"

using namespace rfinv;
using namespace rfinv::inventory;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kItems = 100000;
constexpr int kAssets = 10000;
constexpr int kLookups = 200000;

std::string gtin_for(int i) {  // 0614141 + 5-digit item reference, indicator 0
  std::string body = "00614141" + std::string(5 - std::to_string(i % 100000).size(), '0') +
                     std::to_string(i % 100000);
  return body + static_cast<char>('0' + epc::gs1_check_digit(body));
}

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

}  // namespace

int main() {
  auto dir = std::filesystem::temp_directory_path() / "rfinv-resolve-bench";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  auto store = Store::open((dir / "bench.db").string(), inventory::schema());
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    return 1;
  }
  auto& db = database_of(**store);
  std::vector<std::vector<std::uint8_t>> units, assets, strangers;
  {
    sql::Transaction tx(db);
    for (int i = 0; i < kItems; ++i) {
      db.prepare("INSERT INTO item(sku, name, unit, gtin) VALUES (?1, ?1, 'each', ?2)")
          .bind(1, "SKU-" + std::to_string(i))
          .bind(2, gtin_for(i))
          .run();
    }
    for (int i = 0; i < kAssets; ++i) {
      auto e = epc::giai_96("0614141", static_cast<std::uint64_t>(i + 1), 0);
      auto bytes = *epc::encode(*e);
      db.prepare("INSERT INTO asset(code, epc, registered_at) VALUES (?1, ?2, 0)")
          .bind(1, "A-" + std::to_string(i))
          .bind(2, to_hex(bytes))
          .run();
      assets.push_back(bytes);
    }
    tx.commit();
  }
  for (int i = 0; i < 1000; ++i) {
    units.push_back(*epc::encode(*epc::sgtin_from_gtin(gtin_for(i * 97), 7, std::to_string(i), 1)));
    strangers.push_back(
        *epc::encode(*epc::sgtin_from_gtin("10614141999993", 7, std::to_string(i), 1)));
  }

  std::int64_t sink = 0;
  auto t0 = Clock::now();
  for (int i = 0; i < kLookups; ++i) {
    auto q = db.prepare("SELECT id FROM item WHERE gtin = ?");
    q.bind(1, gtin_for((i % 1000) * 97));
    if (q.step()) sink += q.int64(0);
  }
  double base_s = seconds_since(t0);

  auto measure = [&](const std::vector<std::vector<std::uint8_t>>& epcs) {
    auto start = Clock::now();
    for (int i = 0; i < kLookups; ++i) {
      auto r = resolve_tag(**store, epcs[static_cast<std::size_t>(i) % epcs.size()]);
      sink += r->id;
    }
    return seconds_since(start);
  };
  double unit_s = measure(units);
  double asset_s = measure(assets);
  double unknown_s = measure(strangers);

  double base = kLookups / base_s;
  std::printf("%d items, %d assets (checksum %lld)\n", kItems, kAssets,
              static_cast<long long>(sink));
  std::printf("SQLite point query on item.gtin   %8.0f k/s  (baseline)\n", base / 1e3);
  for (auto [name, s] :
       {std::pair{"resolve SGTIN -> item", unit_s}, std::pair{"resolve GIAI -> asset", asset_s},
        std::pair{"resolve SGTIN -> unknown", unknown_s}}) {
    double rate = kLookups / s;
    std::printf("%-33s %8.0f k/s  ratio to baseline = %.2f\n", name, rate / 1e3, rate / base);
  }
  std::filesystem::remove_all(dir);
  return 0;
}
