// A JSON request body checked against the fields a route accepts: malformed JSON, a body
// that is not an object, an unknown field, a field of the wrong type or a missing required
// field is a 400 that names the field; nothing is written before the body passed.
//
// Threading: values only.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace rfinv::webapp {

enum class Type { string, integer, boolean, array };

struct Field {
  std::string_view name;
  Type type;
  bool required = false;
};

class Body {
 public:
  // Fails the route (ApiFailure, 400) on any of the problems above.
  Body(std::string_view text, std::initializer_list<Field> fields);

  std::optional<std::string> string(std::string_view name) const;
  std::optional<std::int64_t> integer(std::string_view name) const;
  std::optional<bool> boolean(std::string_view name) const;
  // An array field's elements (checked to be an array, not what is in it); none when absent.
  const boost::json::array* array(std::string_view name) const;
  // A required field's value (checked present by the constructor).
  std::string need_string(std::string_view name) const { return *string(name); }
  std::int64_t need_integer(std::string_view name) const { return *integer(name); }

 private:
  boost::json::object object_;
};

}  // namespace rfinv::webapp
