// A small blocking HTTPS client for the hub API: verifies the hub against a pinned CA (or
// the system roots), sends the bearer token, keeps the connection alive between calls and
// bounds every step with a timeout.
//
// Threading: one HubClient per thread; it owns a private io_context that runs only inside
// its calls. Every hub endpoint is idempotent, so a call that fails on a reused connection
// is retried once on a fresh one.
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "base/result.h"

namespace rfinv::sync {

struct HubEndpoint {
  std::string url;  // https://HOST:PORT
  std::string token;
  std::optional<std::string> ca_pem;  // pinned CA certificate; system roots when empty
  std::chrono::milliseconds timeout{15000};
};

struct ParsedUrl {
  std::string host;
  std::string port;
};
// Accepts https://HOST[:PORT][/]; invalid_argument otherwise.
Result<ParsedUrl> parse_hub_url(const std::string& url);

class HubClient {
 public:
  static Result<std::unique_ptr<HubClient>> connect(const HubEndpoint& endpoint);
  ~HubClient();
  HubClient(const HubClient&) = delete;
  HubClient& operator=(const HubClient&) = delete;

  // A non-2xx answer becomes an Error: 400/413 invalid_argument, 401 unauthorized,
  // 404 not_found, 409 conflict, others io; the message is the hub's "error" text.
  Result<boost::json::value> get(const std::string& target);
  Result<boost::json::value> post(const std::string& target, const boost::json::value& body);
  // Sends `body` as it is (for tools and tests that must send what a JSON encoder would not).
  Result<boost::json::value> post_text(const std::string& target, const std::string& body);

 private:
  struct Impl;
  explicit HubClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rfinv::sync
