// End-to-end: the database file itself, through the real rfinv binary. An existing empty file
// is refused, a damaged one is found by `check` and refused by `run`, `backup` makes a sound
// owner-only copy, commands that only read work where the user cannot write, and the hub
// token never travels as an argument.
#define BOOST_TEST_MODULE database_file_cli
#include <sqlite3.h>
#include <sys/stat.h>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/cli_db.h"

using namespace rfinv::test;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

std::string contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

unsigned mode_of(const std::string& path) {
  struct stat st {};
  BOOST_REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

struct Cli : CliDb {
  // 129 boxes of GLOVE at WH.
  void stock_gloves() {
    ok({"location", "add", "WH"});
    ok({"item", "add", "GLOVE", "--name", "Gloves", "--unit", "box"});
    ok({"receive", "GLOVE", "129", "--to", "WH"});
  }
  std::int64_t gloves_on_hand(const ProcessOptions& options = {}) {
    auto rows = json::parse(ok({"stock", "--json"}, options)).as_array();
    BOOST_REQUIRE_EQUAL(rows.size(), 1u);
    return rows.at(0).at("qty").as_int64();
  }
};

// Overwrites bytes at `offset` in the root page of `table`, as a failing disk or a stray write
// would. The last rfinv process has closed the file, so everything is in the file itself (a
// reader may leave an empty -wal behind).
void damage_root_page(const std::string& db, const std::string& table, std::size_t offset,
                      const std::string& bytes) {
  BOOST_REQUIRE(!fs::exists(db + "-wal") || fs::file_size(db + "-wal") == 0);
  sqlite3* conn = nullptr;
  BOOST_REQUIRE(sqlite3_open_v2(db.c_str(), &conn, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  auto value = [&](const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    BOOST_REQUIRE(sqlite3_prepare_v2(conn, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    BOOST_REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    auto v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
  };
  auto page_size = value("PRAGMA page_size");
  auto root = value("SELECT rootpage FROM sqlite_schema WHERE name = '" + table + "'");
  sqlite3_close(conn);
  std::fstream file(db, std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(std::streamoff((root - 1) * page_size) + std::streamoff(offset));
  file.write(bytes.data(), std::streamsize(bytes.size()));
  BOOST_REQUIRE(file.good());
}

// The stock table's only leaf page now says it holds no cells: SQLite reads it as empty
// without any error, so the 129 boxes silently vanish from `stock` (which still exits 0: only
// a check of the whole file can tell).
void lose_the_stock_row(const std::string& db) {
  damage_root_page(db, "stock", 3, std::string("\0\0\0", 3));
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(an_existing_empty_file_is_refused_and_left_empty, Cli) {
  std::ofstream{db};
  for (auto args :
       {std::vector<std::string>{"stock"}, {"receive", "GLOVE", "1", "--to", "WH"}, {"check"}}) {
    auto r = run(args);
    BOOST_CHECK_EQUAL(r.exit_code, 5);
    BOOST_CHECK_MESSAGE(r.err.find("is an empty file, not a database") != std::string::npos, r.err);
  }
  BOOST_CHECK_EQUAL(fs::file_size(db), 0u);
  BOOST_CHECK(!fs::exists(db + "-wal"));
}

BOOST_FIXTURE_TEST_CASE(check_passes_a_sound_file_and_fails_a_damaged_one_with_exit_5, Cli) {
  stock_gloves();
  auto sound = run({"check"});
  BOOST_CHECK_EQUAL(sound.exit_code, 0);
  BOOST_CHECK_EQUAL(sound.out, db + ": ok\n");

  lose_the_stock_row(db);
  auto before = contents(db);
  auto damaged = run({"check"});
  BOOST_CHECK_EQUAL(damaged.exit_code, 5);
  BOOST_CHECK_MESSAGE(
      damaged.out.find("wrong # of entries in index stock_by_location") != std::string::npos,
      damaged.out);
  BOOST_CHECK_MESSAGE(damaged.err.find("is damaged") != std::string::npos, damaged.err);
  auto as_json = run({"check", "--json"});
  BOOST_CHECK_EQUAL(as_json.exit_code, 5);
  BOOST_CHECK(as_json.out.empty());
  BOOST_CHECK_EQUAL(json::parse(as_json.err).at("code").as_string(), "corrupt");
  // Checking reads only.
  BOOST_CHECK(contents(db) == before);
}

BOOST_FIXTURE_TEST_CASE(damage_sqlite_meets_while_reading_fails_the_command_as_corrupt, Cli) {
  stock_gloves();
  damage_root_page(db, "stock", 0, "\xFF\xFF\xFF");  // no page type SQLite knows
  auto r = run({"stock", "--json"});
  BOOST_CHECK_EQUAL(r.exit_code, 5);
  BOOST_CHECK(r.out.empty());
  auto error = json::parse(r.err);
  BOOST_CHECK_EQUAL(error.at("code").as_string(), "corrupt");
  BOOST_CHECK_MESSAGE(
      std::string(error.at("error").as_string()).find("see rfinv check") != std::string::npos,
      r.err);
}

BOOST_FIXTURE_TEST_CASE(run_refuses_to_start_on_a_damaged_database_and_writes_nothing, Cli) {
  stock_gloves();
  lose_the_stock_row(db);
  auto before = contents(db);
  auto r = run({"run", "--until-idle"});
  BOOST_CHECK_EQUAL(r.exit_code, 5);
  BOOST_CHECK_MESSAGE(r.err.find("is damaged") != std::string::npos, r.err);
  BOOST_CHECK_MESSAGE(r.err.find("not starting") != std::string::npos, r.err);
  BOOST_CHECK(contents(db) == before);
}

BOOST_FIXTURE_TEST_CASE(a_backup_is_a_new_owner_only_copy_that_reads_the_same_and_checks_ok, Cli) {
  stock_gloves();
  auto copy = dir.file("copy.db");
  auto r = run({"backup", copy});
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  BOOST_CHECK_EQUAL(r.out, "backed up " + db + " to " + copy + "\n");
  BOOST_CHECK_EQUAL(mode_of(copy), 0600u);
  BOOST_CHECK_EQUAL(run_rfinv({"--db", copy, "check"}).exit_code, 0);
  auto rows = json::parse(run_rfinv({"--db", copy, "stock", "--json"}).out).as_array();
  BOOST_REQUIRE_EQUAL(rows.size(), 1u);
  BOOST_CHECK_EQUAL(rows.at(0).at("qty").as_int64(), 129);

  // A backup never overwrites: the existing file keeps every byte.
  std::ofstream(dir.file("keep.txt")) << "not to be lost\n";
  auto again = run({"backup", dir.file("keep.txt")});
  BOOST_CHECK_EQUAL(again.exit_code, 4);
  BOOST_CHECK_MESSAGE(again.err.find("already exists") != std::string::npos, again.err);
  BOOST_CHECK_EQUAL(contents(dir.file("keep.txt")), "not to be lost\n");
}

BOOST_FIXTURE_TEST_CASE(a_new_database_is_readable_and_writable_by_its_owner_only, Cli) {
  ::umask(022);  // the usual umask, which SQLite's own 0644 would pass through
  ok({"location", "add", "WH"});
  BOOST_CHECK_EQUAL(mode_of(db), 0600u);
  // The hub's database likewise (its key was already 0600).
  auto hub = dir.file("hub");
  BOOST_REQUIRE_EQUAL(run_rfinv({"hub", "init", "--dir", hub}).exit_code, 0);
  BOOST_CHECK_EQUAL(mode_of(hub + "/hub.db"), 0600u);
  BOOST_CHECK_EQUAL(mode_of(hub + "/hub.key"), 0600u);
}

BOOST_FIXTURE_TEST_CASE(commands_that_only_read_work_where_the_user_cannot_write, Cli) {
  // The database lives in a directory the user may only read, as a file only readable.
  auto shelf = dir.file("shelf");
  fs::create_directory(shelf);
  db = shelf + "/rfinv.db";
  stock_gloves();
  fs::permissions(dir.path(), fs::perms(0755));
  fs::permissions(db, fs::perms(0444));
  fs::permissions(shelf, fs::perms(0555));
  ProcessOptions user;
  user.unprivileged = true;
  auto before = contents(db);

  BOOST_CHECK_EQUAL(gloves_on_hand(user), 129);
  for (auto args : {std::vector<std::string>{"item", "list"}, {"history", "GLOVE"}, {"check"}}) {
    auto r = run(args, user);
    BOOST_CHECK_MESSAGE(r.exit_code == 0, args.front() << ": " << r.err);
  }
  // A command that writes fails, saying why, and writes nothing.
  auto receive = run({"receive", "GLOVE", "1", "--to", "WH"}, user);
  BOOST_CHECK_EQUAL(receive.exit_code, 5);
  BOOST_CHECK(receive.out.empty());
  BOOST_CHECK(contents(db) == before);
  BOOST_CHECK(!fs::exists(db + "-wal"));

  fs::permissions(shelf, fs::perms(0755));  // so the temporary directory can be removed
}

BOOST_FIXTURE_TEST_CASE(a_command_that_only_reads_never_creates_a_database, Cli) {
  auto r = run({"stock"});
  BOOST_CHECK_EQUAL(r.exit_code, 3);
  BOOST_CHECK_MESSAGE(r.err.find("there is no database") != std::string::npos, r.err);
  BOOST_CHECK(!fs::exists(db));
}

BOOST_FIXTURE_TEST_CASE(the_hub_token_is_refused_as_an_argument_and_required_from_a_file_or_env,
                        Cli) {
  auto argument = run({"sync", "join", "https://127.0.0.1:1", "--dept", "OPS", "--token", "t0k3n"});
  BOOST_CHECK_EQUAL(argument.exit_code, 2);
  BOOST_CHECK_MESSAGE(argument.err.find("--token-file") != std::string::npos, argument.err);
  ProcessOptions no_env;
  no_env.env["RFINV_TOKEN"] = "";
  auto none = run({"sync", "join", "https://127.0.0.1:1", "--dept", "OPS"}, no_env);
  BOOST_CHECK_EQUAL(none.exit_code, 2);
  BOOST_CHECK_MESSAGE(none.err.find("no token") != std::string::npos, none.err);
  auto missing = run(
      {"sync", "join", "https://127.0.0.1:1", "--dept", "OPS", "--token-file", dir.file("nope")});
  BOOST_CHECK_EQUAL(missing.exit_code, 3);
  BOOST_CHECK(!fs::exists(db));  // refused before the database was opened
}
