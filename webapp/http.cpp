#include "webapp/http.h"

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

void set_security_headers(Response& res) {
  res.set("Content-Security-Policy",
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
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
  return text_response(req, status, "application/json", boost::json::serialize(body));
}

Response error_response(const Request& req, const ApiError& error) {
  boost::json::object body{{"error", error.message}, {"code", error.code}};
  if (error.field) body["field"] = *error.field;
  auto res = json_response(req, error.status, body);
  return res;
}

}  // namespace rfinv::webapp
