#include "tests/layers/layer_rules.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace rfinv::test {
namespace {

namespace fs = std::filesystem;

// Production modules, each with the modules it may include (itself among them): arrows point
// down only, and the three bottom libraries beside each other (sql, epc, drivers) stand on
// base alone. Any other first path component that is ours (tests, bench, fuzz) is never
// allowed in production code; the rest (<...> system headers, Boost) is not ours.
const std::map<std::string, std::set<std::string>>& allowed() {
  static const std::map<std::string, std::set<std::string>> rules = {
      {"base", {"base"}},
      {"sql", {"base", "sql"}},
      {"epc", {"base", "epc"}},
      {"drivers", {"base", "drivers"}},
      {"inventory", {"base", "sql", "epc", "drivers", "inventory"}},
      // auth/ sits below sync/ so the node's composed schema (sync/node) can hold its tables.
      {"auth", {"base", "sql", "inventory", "auth"}},
      {"sync", {"base", "sql", "epc", "drivers", "inventory", "auth", "sync"}},
      // service/, webapp/ and cli/ reach the database only through the modules' functions.
      {"service", {"base", "epc", "drivers", "inventory", "auth", "sync", "service"}},
      {"webapp", {"base", "epc", "drivers", "inventory", "auth", "sync", "service", "webapp"}},
      {"cli", {"base", "epc", "drivers", "inventory", "auth", "sync", "service", "webapp", "cli"}},
  };
  return rules;
}

bool is_ours(const std::string& module) {
  return allowed().count(module) || module == "tests" || module == "bench" || module == "fuzz";
}

std::string top_module(const std::string& path) { return path.substr(0, path.find('/')); }

// A source file split into what the compiler sees as code and its string literals, with
// comments dropped, so a keyword in a comment or an include in a string does not count.
struct Scanned {
  std::vector<std::string> code_lines;  // literal contents blanked
  struct Literal {
    int line;
    std::string text;  // adjacent literals ("a" "b") joined, as the compiler joins them
  };
  std::vector<Literal> literals;
};

Scanned scan(const std::string& src) {
  Scanned out;
  out.code_lines.emplace_back();
  int line = 1;
  bool joinable = false;  // only whitespace since the last literal ended
  auto add_literal = [&](int at, std::string text) {
    if (joinable && !out.literals.empty())
      out.literals.back().text += text;
    else
      out.literals.push_back({at, std::move(text)});
    joinable = true;
  };
  for (std::size_t i = 0; i < src.size(); ++i) {
    char c = src[i];
    if (c == '\n') {
      ++line;
      out.code_lines.emplace_back();
      continue;
    }
    if (c == '/' && i + 1 < src.size() && src[i + 1] == '/') {
      while (i + 1 < src.size() && src[i + 1] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < src.size() && src[i + 1] == '*') {
      for (i += 2; i + 1 < src.size() && !(src[i] == '*' && src[i + 1] == '/'); ++i)
        if (src[i] == '\n') ++line, out.code_lines.emplace_back();
      ++i;
      continue;
    }
    if (c == '"' && i > 0 && src[i - 1] == 'R') {  // R"delim( ... )delim"
      auto open = src.find('(', i);
      if (open == std::string::npos) break;
      std::string close = ")" + src.substr(i + 1, open - i - 1) + "\"";
      auto end = src.find(close, open);
      if (end == std::string::npos) end = src.size();
      std::string text = src.substr(open + 1, end - open - 1);
      add_literal(line, text);
      line += int(std::count(text.begin(), text.end(), '\n'));
      for (char t : text)
        if (t == '\n') out.code_lines.emplace_back();
      i = std::min(src.size(), end + close.size()) - 1;
      continue;
    }
    if (c == '"' ||
        (c == '\'' && !(i > 0 && std::isalnum(static_cast<unsigned char>(src[i - 1]))))) {
      std::string text;
      for (++i; i < src.size() && src[i] != c && src[i] != '\n'; ++i) {
        if (src[i] == '\\' && i + 1 < src.size()) ++i;
        text += src[i];
      }
      if (i < src.size() && src[i] == '\n') --i;  // unterminated: the newline still counts
      if (c == '"')
        add_literal(line, std::move(text));
      else
        joinable = false;
      out.code_lines.back() += c == '"' ? "\"\"" : "' '";
      continue;
    }
    if (!std::isspace(static_cast<unsigned char>(c))) joinable = false;
    out.code_lines.back() += c;
  }
  return out;
}

// SQL as rfinv writes it: upper-case keywords in the shapes SQLite statements take.
const std::vector<std::regex>& sql_patterns() {
  static const std::vector<std::regex> patterns = [] {
    std::vector<std::regex> p;
    for (const char* re : {
             R"(\bSELECT\b[\s\S]*\bFROM\b)",
             R"(\bSELECT\s+(count|COUNT|max|MAX|min|MIN|sum|SUM|changes|last_insert_rowid)\s*\()",
             R"(\bINSERT\s+(OR\s+[A-Z]+\s+)?INTO\b)",
             R"(\bUPDATE\s+\w+\s+SET\b)",
             R"(\bDELETE\s+FROM\b)",
             R"(\bCREATE\s+(TEMP\s+|TEMPORARY\s+|UNIQUE\s+)?(TABLE|INDEX|VIEW|TRIGGER)\b)",
             R"(\b(DROP|ALTER)\s+(TABLE|INDEX|VIEW|TRIGGER)\b)",
             R"(\bPRAGMA\s+\w+)",
             R"(^\s*BEGIN(\s+(DEFERRED|IMMEDIATE|EXCLUSIVE))?(\s+TRANSACTION)?\s*;?\s*$)",
             R"(^\s*(COMMIT|ROLLBACK)(\s+TRANSACTION)?\s*;?\s*$)",
             R"(\b(SAVEPOINT|RELEASE\s+SAVEPOINT|ROLLBACK\s+TO)\s+\w+)",
         })
      p.emplace_back(re, std::regex::ECMAScript | std::regex::optimize);
    return p;
  }();
  return patterns;
}

// Calls that only the SQL layer's users make: a statement prepared, the connection taken.
const std::regex& sql_call_pattern() {
  static const std::regex re(
      R"(\bprepare\s*\(|\.\s*db\s*\(\s*\)|\bdatabase_of\s*\(|\bsqlite3_\w+)");
  return re;
}

std::string shorten(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text.size() > 70 ? text.substr(0, 67) + "..." : text;
}

void check_file(const fs::path& root, const fs::path& file, std::vector<Violation>& out) {
  const std::string rel = fs::relative(file, root).generic_string();
  const std::string module = top_module(rel);
  std::ifstream in(file, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string src = buffer.str();

  static const std::regex include_re(R"(^\s*#\s*include\s*"([^"]+)\")");
  std::istringstream lines(src);
  std::string text;
  for (int line = 1; std::getline(lines, text); ++line) {
    std::smatch m;
    if (!std::regex_search(text, m, include_re)) continue;
    const std::string target = m[1];
    const std::string owner = top_module(target);
    if (target.find("/internal/") != std::string::npos && owner != module)
      out.push_back(
          {rel, line, "includes \"" + target + "\", an internal header of " + owner + "/"});
    // The connection under a Store is for the modules that own tables in the node database.
    if (target == "inventory/store/store_database.h" && module != "inventory" && module != "auth" &&
        module != "sync")
      out.push_back(
          {rel, line, "includes \"" + target + "\": only inventory/, auth/ and sync/ own tables"});
    if (is_ours(owner) && !allowed().at(module).count(owner))
      out.push_back({rel, line,
                     module + "/ includes \"" + target + "\" from " + owner +
                         "/, a layer it must not depend on"});
  }

  if (module != "cli" && module != "webapp") return;
  auto scanned = scan(src);
  for (const auto& literal : scanned.literals) {
    for (const auto& re : sql_patterns()) {
      if (!std::regex_search(literal.text, re)) continue;
      out.push_back(
          {rel, literal.line, "SQL in " + module + "/: \"" + shorten(literal.text) + "\""});
      break;
    }
  }
  for (std::size_t i = 0; i < scanned.code_lines.size(); ++i) {
    std::smatch m;
    if (std::regex_search(scanned.code_lines[i], m, sql_call_pattern()))
      out.push_back({rel, int(i + 1), "SQL layer call in " + module + "/: " + m.str()});
  }
}

}  // namespace

std::vector<Violation> check_layers(const fs::path& root) {
  std::vector<Violation> out;
  for (const auto& [module, _] : allowed()) {
    if (!fs::is_directory(root / module)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / module)) {
      const auto ext = entry.path().extension();
      if (entry.is_regular_file() &&
          (ext == ".h" || ext == ".cpp" || ext == ".hpp" || ext == ".cc"))
        check_file(root, entry.path(), out);
    }
  }
  std::sort(out.begin(), out.end(), [](const Violation& a, const Violation& b) {
    return std::tie(a.file, a.line, a.what) < std::tie(b.file, b.line, b.what);
  });
  return out;
}

std::string describe(const Violation& v) {
  return v.file + ":" + std::to_string(v.line) + ": " + v.what;
}

}  // namespace rfinv::test
