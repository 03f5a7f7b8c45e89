// What the API's route groups share: the request's path and query, and one authenticated
// call as a group sees it. api.cpp authenticates the caller and offers the call to each group
// in turn (movement_routes.cpp, pool_routes.cpp, admin_routes.cpp, ...); a group answers the
// routes it knows and nullopt for the rest. A route fails with fail(); api.cpp turns that into
// the error response.
//
// Threading: one call on the calling thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/permissions.h"
#include "auth/sessions.h"
#include "webapp/api.h"

namespace rfinv::webapp {

// The request's path split into segments after /api/v1, and its query parameters.
struct Target {
  std::vector<std::string> segments;
  std::map<std::string, std::string> query;

  std::optional<std::string> param(const std::string& key) const {
    auto it = query.find(key);
    if (it == query.end() || it->second.empty()) return std::nullopt;
    return it->second;
  }
};

// Fails with 403 unless `who`'s role has `right`; `what` ends "a viewer may not ...".
void require(const auth::Principal& who, auth::Right right, std::string_view what);
// A positive integer id from the path, else 404.
std::int64_t path_id(const std::string& text);

struct Route {
  ApiCall& call;
  const Target& target;
  const auth::Principal& who;

  const Request& req() const { return call.req; }
  const std::vector<std::string>& segments() const { return target.segments; }
  bool is(http::verb v) const { return call.req.method() == v; }
  const std::string& actor() const { return who.user.name; }
  void require(auth::Right right, std::string_view what) const {
    webapp::require(who, right, what);
  }
  Response ok(const boost::json::value& body) const {
    return json_response(call.req, http::status::ok, body);
  }
  Response created(const boost::json::value& body) const {
    return json_response(call.req, http::status::created, body);
  }
  Response no_content() const;
};

std::optional<Response> movement_routes(const Route& r);
std::optional<Response> pool_routes(const Route& r);

// This node's pool requests. A node that has not joined a hub has none of its own: the CLI
// says so (not_found), the dashboard and the pool page show an empty list.
std::vector<sync::PoolRequest> department_requests(service::Node& node);
std::optional<Response> admin_routes(const Route& r);
std::optional<Response> planning_routes(const Route& r);
std::optional<Response> lot_routes(const Route& r);
std::optional<Response> requisition_routes(const Route& r);

}  // namespace rfinv::webapp
