// Errors as values across module boundaries (the leveldb Status habit, in a C++20 shape).
// A Result<T> holds either a T or an Error; Status is Result<void>. Nothing here throws
// except value() on an error, which is a programming mistake, not a runtime condition.
#pragma once

#include <fmt/format.h>

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace rfinv {

enum class Errc {
  invalid_argument,  // the caller's input is wrong (bad quantity, malformed EPC, bad URI)
  not_found,         // a named thing does not exist (unknown SKU, location, request)
  conflict,          // the request clashes with what is stored (duplicate SKU, asset taken)
  refused,           // a business rule says no (issuing more than on hand)
  corrupt,           // stored or received data is not what it must be
  unsupported,       // a file or peer from a newer or foreign version
  io,                // the outside world failed (file, socket, device)
  unauthorized,      // wrong credentials
};

struct Error {
  Errc code;
  std::string message;
};

template <class... Args>
Error make_error(Errc code, fmt::format_string<Args...> format, Args&&... args) {
  return Error{code, fmt::format(format, std::forward<Args>(args)...)};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(state_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<1>(state_);
  }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const {
    assert(!ok_);
    return error_;
  }

 private:
  Error error_{};
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace rfinv
