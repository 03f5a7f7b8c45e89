#include "webapp/body.h"

#include <fmt/format.h>

#include "webapp/http.h"

namespace rfinv::webapp {
namespace {

const char* type_name(Type type) {
  switch (type) {
    case Type::string:
      return "a string";
    case Type::integer:
      return "an integer";
    case Type::boolean:
      return "true or false";
    case Type::array:
      return "an array";
  }
  return "?";
}

bool has_type(const boost::json::value& v, Type type) {
  switch (type) {
    case Type::string:
      return v.is_string();
    case Type::integer:
      return v.is_int64() || (v.is_uint64() && v.as_uint64() <= INT64_MAX);
    case Type::boolean:
      return v.is_bool();
    case Type::array:
      return v.is_array();
  }
  return false;
}

}  // namespace

Body::Body(std::string_view text, std::initializer_list<Field> fields) {
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec) fail(bad_request(fmt::format("malformed JSON body: {}", ec.message())));
  if (!value.is_object()) fail(bad_request("the body must be a JSON object"));
  object_ = std::move(value.as_object());
  for (const auto& [key, v] : object_) {
    const Field* field = nullptr;
    for (const auto& f : fields)
      if (f.name == key) field = &f;
    if (!field) fail(bad_request(fmt::format("unknown field \"{}\"", std::string(key)), key));
    // null stands for an optional field left out
    if (v.is_null() && !field->required) continue;
    if (!has_type(v, field->type))
      fail(bad_request(
          fmt::format("field \"{}\" must be {}", std::string(key), type_name(field->type)), key));
  }
  for (const auto& f : fields)
    if (f.required && !object_.contains(f.name))
      fail(bad_request(fmt::format("field \"{}\" is required", f.name), std::string(f.name)));
}

std::optional<std::string> Body::string(std::string_view name) const {
  auto it = object_.find(name);
  if (it == object_.end() || it->value().is_null()) return std::nullopt;
  return std::string(it->value().as_string());
}

std::optional<std::int64_t> Body::integer(std::string_view name) const {
  auto it = object_.find(name);
  if (it == object_.end() || it->value().is_null()) return std::nullopt;
  return it->value().to_number<std::int64_t>();
}

std::optional<bool> Body::boolean(std::string_view name) const {
  auto it = object_.find(name);
  if (it == object_.end() || it->value().is_null()) return std::nullopt;
  return it->value().as_bool();
}

const boost::json::array* Body::array(std::string_view name) const {
  auto it = object_.find(name);
  if (it == object_.end() || it->value().is_null()) return nullptr;
  return &it->value().as_array();
}

}  // namespace rfinv::webapp
