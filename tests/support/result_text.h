// For test messages: the error text of a Result, or "" when it succeeded.
#pragma once

#include <string>

namespace rfinv::test {

template <class R>
std::string error_text(const R& result) {
  return result.ok() ? std::string() : result.error().message;
}

}  // namespace rfinv::test
