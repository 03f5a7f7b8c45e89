// JSON values the CLI's --json and the web API share: an optional as its value or null.
#pragma once

#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <optional>

#include "base/clock.h"

namespace rfinv {

template <class T>
boost::json::value or_null(const std::optional<T>& v) {
  return v ? boost::json::value_from(*v) : boost::json::value(nullptr);
}

inline boost::json::value time_or_null(const std::optional<Micros>& at) {
  return at ? boost::json::value(format_utc(*at)) : boost::json::value(nullptr);
}

}  // namespace rfinv
