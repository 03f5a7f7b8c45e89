// The layers of DESIGN.md hold in this tree, and the check that says so can fail: it is run
// first on a small fake tree that breaks each rule once.
#define BOOST_TEST_MODULE boundaries
#include <boost/test/unit_test.hpp>
#include <fstream>

#include "tests/layers/layer_rules.h"
#include "tests/support/temp_dir.h"

using namespace rfinv::test;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& root, const std::string& rel, const std::string& text) {
  fs::create_directories((root / rel).parent_path());
  std::ofstream(root / rel) << text;
}

std::vector<std::string> described(const std::vector<Violation>& violations) {
  std::vector<std::string> out;
  for (const auto& v : violations) out.push_back(describe(v));
  return out;
}

bool reported(const std::vector<std::string>& lines, const std::string& prefix,
              const std::string& word) {
  for (const auto& l : lines)
    if (l.rfind(prefix, 0) == 0 && l.find(word) != std::string::npos) return true;
  return false;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_tree_that_breaks_each_rule_is_reported_file_by_line) {
  TempDir dir;
  const auto& root = dir.path();
  write(root, "cli/report.cpp",
        "#include \"cli/output.h\"\n"
        "// SELECT id FROM item in a comment is not SQL in the code\n"
        "void f(Db& d) {\n"
        "  auto& st = d.prepare(\n"
        "      \"SELECT id \"\n"
        "      \"FROM item\");\n"
        "  print(\"select what you need from the list\");\n"
        "}\n");
  write(root, "cli/begin.cpp", "const char* k = \"BEGIN IMMEDIATE\";\n");
  write(root, "sync/node/peek.cpp",
        "#include \"inventory/catalog/internal/catalog_rows.h\"\n"
        "#include \"sync/internal/statements.h\"\n");
  write(root, "base/up.h",
        "#pragma once\n#include \"sql/database.h\"\n#include \"base/result.h\"\n");
  write(root, "drivers/x.cpp", "#include \"inventory/store/store.h\"\n#include <sqlite3.h>\n");
  write(root, "inventory/y.cpp", "#include \"sync/node/node.h\"\n#include \"drivers/reader.h\"\n");
  write(root, "epc/z.cpp", "#include \"tests/support/temp_dir.h\"\n");
  // White-box code may look inside any module.
  write(root, "tests/inventory/t.cpp", "#include \"inventory/ledger/internal/ledger_apply.h\"\n");
  write(root, "bench/b.cpp", "#include \"drivers/llrp/internal/client.h\"\n");

  auto lines = described(check_layers(root));
  for (const auto& l : lines) BOOST_TEST_MESSAGE(l);
  BOOST_TEST(reported(lines, "cli/report.cpp:5: ", "SELECT id FROM item"));
  BOOST_TEST(reported(lines, "cli/report.cpp:4: ", "prepare("));
  BOOST_TEST(reported(lines, "cli/begin.cpp:1: ", "BEGIN IMMEDIATE"));
  BOOST_TEST(reported(lines, "sync/node/peek.cpp:1: ", "internal header of inventory/"));
  BOOST_TEST(reported(lines, "base/up.h:2: ", "sql/database.h"));
  BOOST_TEST(reported(lines, "drivers/x.cpp:1: ", "inventory/store/store.h"));
  BOOST_TEST(reported(lines, "inventory/y.cpp:1: ", "sync/node/node.h"));
  BOOST_TEST(reported(lines, "epc/z.cpp:1: ", "tests/support/temp_dir.h"));
  // Nothing else: not the comment, not the English sentence, not an allowed include.
  BOOST_TEST(lines.size() == 8u);
}

BOOST_AUTO_TEST_CASE(this_tree_keeps_its_layers) {
  auto violations = check_layers(RFINV_SOURCE_DIR);
  for (const auto& v : violations) BOOST_ERROR(describe(v));
  BOOST_TEST_MESSAGE(violations.size() << " layering violations in " << RFINV_SOURCE_DIR);
}
