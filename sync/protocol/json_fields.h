// Reading typed fields out of untrusted JSON objects with errors that name the field.
//
// Threading: stateless.
#pragma once

#include <boost/json.hpp>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>

#include "base/result.h"
#include "base/text.h"

namespace rfinv::sync {

inline Result<const boost::json::object*> as_object(const boost::json::value& value,
                                                    const char* what) {
  if (!value.is_object())
    return make_error(Errc::invalid_argument, "{} must be a JSON object", what);
  return &value.as_object();
}

// A string field under the text rule (base/text.h): valid UTF-8 (JSON's \u escapes can
// still spell a control character), no control characters, at most max_chars(kind).
inline Result<std::string> text_field(const boost::json::object& obj, const char* key,
                                      TextKind kind) {
  auto it = obj.find(key);
  if (it == obj.end() || !it->value().is_string())
    return make_error(Errc::invalid_argument, "field \"{}\" must be a string", key);
  std::string text(it->value().as_string());
  if (auto ok = check_text(fmt::format("field \"{}\"", key), text, kind); !ok) return ok.error();
  return text;
}

inline Result<std::optional<std::string>> optional_text(const boost::json::object& obj,
                                                        const char* key, TextKind kind) {
  auto it = obj.find(key);
  if (it == obj.end() || it->value().is_null()) return std::optional<std::string>{};
  if (!it->value().is_string())
    return make_error(Errc::invalid_argument, "field \"{}\" must be a string or null", key);
  auto text = text_field(obj, key, kind);
  if (!text) return text.error();
  return std::optional<std::string>(std::move(*text));
}

inline Result<std::int64_t> int_field(const boost::json::object& obj, const char* key) {
  auto it = obj.find(key);
  if (it == obj.end()) return make_error(Errc::invalid_argument, "field \"{}\" is missing", key);
  if (it->value().is_int64()) return it->value().as_int64();
  if (it->value().is_uint64() && it->value().as_uint64() <= INT64_MAX)
    return static_cast<std::int64_t>(it->value().as_uint64());
  return make_error(Errc::invalid_argument, "field \"{}\" must be an integer", key);
}

inline Result<std::optional<std::int64_t>> optional_int(const boost::json::object& obj,
                                                        const char* key) {
  auto it = obj.find(key);
  if (it == obj.end() || it->value().is_null()) return std::optional<std::int64_t>{};
  auto v = int_field(obj, key);
  if (!v) return v.error();
  return std::optional<std::int64_t>(*v);
}

// Codes and ids on the wire: 1..64 of [A-Za-z0-9._:-].
inline bool valid_code(const std::string& text) {
  if (text.empty() || text.size() > 64) return false;
  for (char c : text)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
          c == ':'))
      return false;
  return true;
}

}  // namespace rfinv::sync
