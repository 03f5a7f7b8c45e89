// Turns a DbError thrown inside a module function into an Error value at its boundary.
#pragma once

#include <string_view>

#include "sql/database.h"

namespace rfinv::sql {

template <class F>
auto guarded(std::string_view what, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const DbError& e) {
    return make_error(Errc::io, "{}: database error: {}", what, e.what());
  }
}

}  // namespace rfinv::sql
