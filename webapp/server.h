// The web app's HTTP server inside `rfinv run`: Boost.Beast HTTP/1.1, plain on a loopback
// address and TLS on any other (a given certificate, or a self-signed one made at start),
// static files, the JSON API (api.h) and the event stream (Server-Sent Events).
//
// Threading: start() runs an io_context on `threads` threads of its own; each connection's
// handlers run on its own strand. Each request borrows one of a small pool of Nodes (one
// SQLite connection each), so reads run side by side; writes are IMMEDIATE transactions that
// SQLite serialises with the pipeline's. publish() may be called from any thread.
#pragma once

#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>

#include "base/result.h"

namespace rfinv::webapp {

struct WebOptions {
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free one
  std::string web_root;                   // the web/ directory
  std::string vendor_root = "/usr/share/javascript";
  std::optional<std::string> cert, key;  // PEM files; TLS when given (required off loopback
                                         // unless a self-signed certificate is made)
  std::size_t body_limit = 64 * 1024;    // larger bodies get 413
  int threads = 2;
};

class WebServer {
 public:
  // Binds and starts serving the node database at `db_path`. invalid_argument for a bad
  // address or only one of cert and key; io when the address cannot be bound or a file read.
  static Result<std::unique_ptr<WebServer>> start(const std::string& db_path,
                                                  const WebOptions& options);
  // Stops accepting, closes the event streams and joins the threads.
  ~WebServer();

  // "http://127.0.0.1:8080" or "https://...": where it listens.
  const std::string& url() const;
  // Sends `event` with `data` to every open event stream.
  void publish(const std::string& event, const boost::json::value& data);

  class Impl;

 private:
  explicit WebServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rfinv::webapp
