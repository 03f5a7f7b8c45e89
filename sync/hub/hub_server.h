// The hub's HTTPS server: Boost.Beast HTTP/1.1 over an Asio ssl::stream, JSON bodies, one
// strand per connection, a body size limit and timeouts. The API is in sync/API.md.
//
// Threading: serve_hub() blocks its caller and runs the io_context on `threads` threads;
// each connection's handlers run on its own strand; the Hub serialises database work.
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "sync/hub/hub_store.h"

namespace rfinv::sync {

struct ServeOptions {
  std::string dir;                        // holds hub.db, hub.crt, hub.key
  std::string listen = "127.0.0.1:8443";  // host:port; port 0 picks a free one
  std::size_t body_limit = 1 << 20;       // larger request bodies get 413
  std::size_t header_limit = 16 << 10;    // larger request headers get 431
  // Connections served at once; more wait in the listen backlog. Lowered at start so that
  // sessions leave 32 of the RLIMIT_NOFILE descriptors to the hub.
  std::size_t max_connections = 256;
  std::chrono::seconds timeout{30};  // per handshake, read and write
  int threads = 2;
};

// Serves until SIGINT or SIGTERM, then stops accepting, closes connections and returns.
// `on_listening` is called once with "host:port" actually bound.
Status serve_hub(const ServeOptions& options,
                 const std::function<void(const std::string&)>& on_listening);

// The work of an authenticated POST after HTTP: the body text (parsed as JSON here) -> the
// reply object or an error (its code gives the HTTP status). nullopt when `path` is not a
// POST route. The server and fuzz/sync call this, so the fuzzer sees what the server sees.
std::optional<Result<boost::json::object>> post_route(Hub& hub, const Caller& caller,
                                                      std::string_view path, std::string_view body);

// Splits "host:port"; invalid_argument naming the text when malformed.
Result<std::pair<std::string, unsigned short>> split_host_port(const std::string& text);

}  // namespace rfinv::sync
