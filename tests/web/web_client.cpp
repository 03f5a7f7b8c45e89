#include "tests/web/web_client.h"

#include <signal.h>

#include <array>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/test/unit_test.hpp>
#include <chrono>
#include <fstream>
#include <regex>
#include <thread>

namespace rfinv::test {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

std::string lower(std::string s) {
  for (auto& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

boost::json::value HttpReply::json() const {
  boost::system::error_code ec;
  auto value = boost::json::parse(body, ec);
  BOOST_REQUIRE_MESSAGE(!ec, "not JSON: " << body);
  return value;
}

HttpReply http_call(unsigned short port, const HttpCall& call) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(30));
  stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> req{http::string_to_verb(call.method), call.target, 11};
  req.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : call.headers) req.set(name, value);
  req.body() = call.body;
  if (!call.body.empty() || call.method != "GET") req.prepare_payload();
  beast::error_code ec;
  http::write(stream, req, ec);
  // A server refusing a large body may answer before it has read it all: the reply counts.
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  http::read(stream, buffer, parser, ec);
  BOOST_REQUIRE_MESSAGE(!ec || parser.is_header_done(), "no reply to " << call.method << " "
                                                                       << call.target << ": "
                                                                       << ec.message());
  HttpReply reply;
  const auto& res = parser.get();
  reply.status = res.result_int();
  for (const auto& field : res)
    reply.headers[lower(std::string(field.name_string()))] = field.value();
  reply.body = res.body();
  return reply;
}

struct EventStream::Socket {
  net::io_context ioc;
  tcp::socket socket{ioc};
};

EventStream::EventStream(unsigned short port, const std::string& cookie)
    : socket_(std::make_unique<Socket>()) {
  socket_->socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  net::write(socket_->socket, net::buffer("GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                          "Cookie: " +
                                          cookie + "\r\n\r\n"));
}

EventStream::~EventStream() = default;

bool EventStream::wait_for(const std::string& text) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (received_.find(text) == std::string::npos) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    // Poll with a short wait so the deadline holds even when nothing arrives.
    socket_->socket.non_blocking(true);
    std::array<char, 4096> buf;
    boost::system::error_code ec;
    std::size_t n = socket_->socket.read_some(net::buffer(buf), ec);
    if (ec == net::error::would_block) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    if (ec) return false;
    received_.append(buf.data(), n);
  }
  return true;
}

WebNode::WebNode(const std::vector<std::string>& run_args) : db_(dir_.file("node.db")) {
  rfinv({"dept", "add", "WARD-A", "--name", "Ward A"});
  rfinv({"dept", "add", "WARD-B", "--name", "Ward B"});
  rfinv({"location", "add", "DOCK"});
  rfinv({"location", "add", "SHELF"});
  rfinv({"item", "add", "GLOVE", "--name", "Gloves", "--gtin", "80614141123458", "--reorder-point",
         "4", "--reorder-qty", "10"});
  const std::vector<std::vector<std::string>> users = {
      {"admin", "admin"},   {"keeper", "storekeeper"},      {"buyer", "buyer"},
      {"viewer", "viewer"}, {"mgr-a", "manager", "WARD-A"}, {"mgr-b", "manager", "WARD-B"}};
  for (const auto& u : users) {
    std::vector<std::string> args{"user", "add", u[0], "--role", u[1]};
    if (u.size() > 2) args.insert(args.end(), {"--dept", u[2]});
    rfinv(args, u[0] + "-secret-pw\n");
  }
  std::vector<std::string> argv{RFINV_BINARY, "--db", db_, "run", "--web", "127.0.0.1:0"};
  argv.insert(argv.end(), run_args.begin(), run_args.end());
  service_ = std::make_unique<BackgroundProcess>(argv, dir_.file("run.log"));
  static const std::regex url_re(R"(web app at (https?)://127\.0\.0\.1:(\d+))");
  for (int i = 0; i < 300 && port_ == 0; ++i) {  // up to 30 s
    std::smatch m;
    auto out = service_->output();
    if (std::regex_search(out, m, url_re)) {
      scheme_ = m[1];
      port_ = static_cast<unsigned short>(std::stoi(m[2]));
    }
    if (port_ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    BOOST_REQUIRE_MESSAGE(port_ != 0 || service_->running(), "rfinv run ended: " << out);
  }
  BOOST_REQUIRE_MESSAGE(port_ != 0,
                        "rfinv run never said where it listens: " << service_->output());
}

WebNode::~WebNode() {
  service_->signal(SIGTERM);
  service_->wait(std::chrono::seconds(20));
}

std::string WebNode::rfinv(std::vector<std::string> args, const std::string& stdin_text) const {
  args.insert(args.begin(), {"--db", db_});
  ProcessOptions options;
  options.stdin_text = stdin_text;
  auto r = run_rfinv(args, options);
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, "rfinv " << args[2] << " failed: " << r.err);
  return r.out;
}

HttpReply WebNode::get(const std::string& target, const Login& as) const {
  return call({"GET", target, "", {{"Cookie", as.cookie}}});
}

HttpReply WebNode::send(const std::string& method, const std::string& target,
                        const std::string& body, const Login& as, bool csrf) const {
  HttpCall c{method, target, body, {{"Cookie", as.cookie}, {"Content-Type", "application/json"}}};
  if (csrf) c.headers["X-CSRF-Token"] = as.csrf;
  return call(c);
}

HttpReply WebNode::try_login(const std::string& user, const std::string& password) const {
  boost::json::object body{{"user", user}, {"password", password}};
  return call({"POST",
               "/api/v1/session",
               boost::json::serialize(body),
               {{"Content-Type", "application/json"}}});
}

Login WebNode::login(const std::string& user) const {
  auto reply = try_login(user, user + "-secret-pw");
  BOOST_REQUIRE_MESSAGE(reply.status == 200, "login " << user << ": " << reply.body);
  std::string cookie = reply.headers["set-cookie"];
  return {cookie.substr(0, cookie.find(';')),
          std::string(reply.json().as_object().at("csrf").as_string())};
}

}  // namespace rfinv::test
