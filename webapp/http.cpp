#include "webapp/http.h"

#include "base/json_text.h"

namespace rfinv::webapp {

ApiError api_error(const Error& error) {
  switch (error.code) {
    case Errc::invalid_argument:
      return {http::status::bad_request, "invalid_argument", error.message, std::nullopt};
    case Errc::corrupt:
      return {http::status::bad_request, "corrupt", error.message, std::nullopt};
    case Errc::unauthorized:
      return {http::status::unauthorized, "unauthorized", error.message, std::nullopt};
    case Errc::not_found:
      return {http::status::not_found, "not_found", error.message, std::nullopt};
    case Errc::conflict:
      return {http::status::conflict, "conflict", error.message, std::nullopt};
    case Errc::refused:
      return {http::status::conflict, "refused", error.message, std::nullopt};
    case Errc::unsupported:
      return {http::status::internal_server_error, "unsupported", error.message, std::nullopt};
    case Errc::io:
      return {http::status::internal_server_error, "io", error.message, std::nullopt};
  }
  return {http::status::internal_server_error, "failed", error.message, std::nullopt};
}

ApiError bad_request(std::string message, std::optional<std::string> field) {
  return {http::status::bad_request, "invalid_argument", std::move(message), std::move(field)};
}

ApiError forbidden(std::string message) {
  return {http::status::forbidden, "forbidden", std::move(message), std::nullopt};
}

namespace {

constexpr std::pair<const char*, const char*> kSecurityHeaders[] = {
    {"Content-Security-Policy",
     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
     "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
};

}  // namespace

const std::string& security_header_lines() {
  static const std::string lines = [] {
    std::string out;
    for (auto [name, value] : kSecurityHeaders) out += fmt::format("{}: {}\r\n", name, value);
    return out;
  }();
  return lines;
}

void set_security_headers(Response& res) {
  for (auto [name, value] : kSecurityHeaders) res.set(name, value);
  res.set(http::field::server, "rfinv");
}

Response text_response(const Request& req, http::status status, std::string content_type,
                       std::string body) {
  Response res{status, req.version()};
  set_security_headers(res);
  res.set(http::field::content_type, content_type);
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response json_response(const Request& req, http::status status, const boost::json::value& body) {
  return text_response(req, status, "application/json", json_text(body));
}

Response error_response(const Request& req, const ApiError& error) {
  boost::json::object body{{"error", error.message}, {"code", error.code}};
  if (error.field) body["field"] = *error.field;
  auto res = json_response(req, error.status, body);
  return res;
}

}  // namespace rfinv::webapp
