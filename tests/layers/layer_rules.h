// The layering rules of DESIGN.md as a check over a source tree: which module may include
// which, whose internal/ headers are whose, and that cli/ holds no SQL. Only production code
// is checked; tests/, bench/ and fuzz/ are white-box and may include anything.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace rfinv::test {

struct Violation {
  std::string file;  // relative to the tree's root, with '/' separators
  int line = 0;
  std::string what;
};

// Every violation under `root`, ordered by file and line.
std::vector<Violation> check_layers(const std::filesystem::path& root);

// "file:line: what", the form compilers use, so editors can jump to it.
std::string describe(const Violation& v);

}  // namespace rfinv::test
