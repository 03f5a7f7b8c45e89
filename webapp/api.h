// The JSON API under /api/v1 (docs/openapi.yaml): who is calling (session cookie with a CSRF
// token on writes, or a bearer token), what their role and department allow, and the route.
// Reads call the Node's listings; writes call one Node use case with the logged-in user as
// the actor.
//
// Threading: one call uses the Node it is given on the calling thread.
#pragma once

#include <functional>
#include <string>

#include "service/node.h"
#include "webapp/http.h"

namespace rfinv::webapp {

struct ApiCall {
  const Request& req;
  std::string address;  // the client's IP, for login throttling
  bool tls = false;     // the session cookie is Secure under TLS
  service::Node& node;
  // Business events of this call, for the event stream ("movement", "alert", "pool").
  std::function<void(const std::string& event, const boost::json::value& data)> publish;
};

// Answers a request whose path starts with /api/ (except the event stream); never throws.
Response handle_api(ApiCall& call);

// For GET /api/v1/events: nullopt when the caller is logged in (the stream may start), else
// the error response.
std::optional<Response> refuse_events(ApiCall& call);

}  // namespace rfinv::webapp
