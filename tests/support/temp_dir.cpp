#include "tests/support/temp_dir.h"

#include <boost/test/unit_test.hpp>
#include <cstdlib>
#include <stdexcept>

namespace rfinv::test {

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "rfinv-test-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path shared_dir() {
  std::filesystem::path dir = RFINV_SHARED_DIR;
  if (!std::filesystem::is_directory(dir / "testdata"))
    BOOST_FAIL("shared test data not found at " << dir.string()
                                                << " (clone the project beside ../shared)");
  return dir;
}

}  // namespace rfinv::test
