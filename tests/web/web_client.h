// A test's side of the web app: a node database with users, `rfinv run --web 127.0.0.1:0`
// started on it, and plain HTTP requests over loopback with Boost.Beast.
#pragma once

#include <boost/json.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace rfinv::test {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  boost::json::value json() const;  // the body parsed; fails the test when it is not JSON
};

struct HttpCall {
  std::string method = "GET";
  std::string target;
  std::string body;
  std::map<std::string, std::string> headers;
};

// One request on a new connection to 127.0.0.1:port; fails the test when no reply comes.
HttpReply http_call(unsigned short port, const HttpCall& call);

// GET /api/v1/events kept open: what the server has sent so far, read on demand.
class EventStream {
 public:
  EventStream(unsigned short port, const std::string& cookie);
  ~EventStream();
  // Reads until `text` has arrived (true) or 30 s passed or the server closed (false).
  bool wait_for(const std::string& text);
  const std::string& received() const { return received_; }

 private:
  struct Socket;
  std::unique_ptr<Socket> socket_;
  std::string received_;
};

// A logged-in client: its cookie and CSRF token.
struct Login {
  std::string cookie;  // "rfinv_session=..."
  std::string csrf;
};

// A node with departments WARD-A and WARD-B, locations DOCK and SHELF, item GLOVE (GTIN
// 80614141123458, reorder point 4), and the users admin, keeper (storekeeper), buyer,
// viewer, mgr-a (manager of WARD-A) and mgr-b (manager of WARD-B), every password
// "<name>-secret-pw"; serving the web app on a free loopback port until destroyed.
class WebNode {
 public:
  // `run_args` are added to `rfinv run --web 127.0.0.1:0` (e.g. --cert and --key).
  explicit WebNode(const std::vector<std::string>& run_args = {});
  ~WebNode();

  const std::string& db() const { return db_; }
  const TempDir& dir() const { return dir_; }
  // "http" or "https", as `rfinv run` announced it.
  const std::string& scheme() const { return scheme_; }
  unsigned short port() const { return port_; }
  // rfinv --db DB ARGS..., which must succeed; its stdout.
  std::string rfinv(std::vector<std::string> args, const std::string& stdin_text = "") const;

  HttpReply call(const HttpCall& call) const { return http_call(port_, call); }
  HttpReply get(const std::string& target, const Login& as) const;
  // A write with the session cookie and (unless `csrf` is false) the CSRF header.
  HttpReply send(const std::string& method, const std::string& target, const std::string& body,
                 const Login& as, bool csrf = true) const;
  // Logs in as `user` with the standard password; fails the test unless it answers 200.
  Login login(const std::string& user) const;
  HttpReply try_login(const std::string& user, const std::string& password) const;

 private:
  TempDir dir_;
  std::string db_;
  std::unique_ptr<BackgroundProcess> service_;
  unsigned short port_ = 0;
  std::string scheme_;
};

}  // namespace rfinv::test
