// What the web app's parts share: the request and response types, an API error (status,
// code, message, and the field at fault), and the responses every route builds.
//
// Threading: values only.
#pragma once

#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace rfinv::webapp {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// An error as the API answers it: {"error": message, "code": code[, "field": field]}.
struct ApiError {
  http::status status;
  std::string code;  // "invalid_argument", "unauthorized", "forbidden", "csrf", ...
  std::string message;
  std::optional<std::string> field;
};

// A module's Error as the API answers it: invalid_argument and corrupt 400, unauthorized 401,
// not_found 404, conflict and refused 409, the rest 500.
ApiError api_error(const Error& error);
ApiError bad_request(std::string message, std::optional<std::string> field = std::nullopt);
ApiError forbidden(std::string message);

// Thrown inside the router by a route that cannot answer, and turned into the error response
// by the router itself: nothing throws out of webapp/.
struct ApiFailure {
  ApiError error;
};
[[noreturn]] inline void fail(ApiError error) { throw ApiFailure{std::move(error)}; }
// The value of `result`, or the route fails with its error.
template <class T>
T need(Result<T> result) {
  if (!result) fail(api_error(result.error()));
  return std::move(result.value());
}
inline void need(Status status) {
  if (!status) fail(api_error(status.error()));
}

// The headers every response carries (the Content-Security-Policy and its companions).
void set_security_headers(Response& res);

Response json_response(const Request& req, http::status status, const boost::json::value& body);
Response error_response(const Request& req, const ApiError& error);
Response text_response(const Request& req, http::status status, std::string content_type,
                       std::string body);

}  // namespace rfinv::webapp
