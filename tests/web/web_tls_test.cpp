// `rfinv run --cert --key` serves the web app over TLS only, and its session cookie is Secure.
#define BOOST_TEST_MODULE web_tls
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/test/unit_test.hpp>

#include "tests/web/web_client.h"

using namespace rfinv::test;
namespace net = boost::asio;
namespace ssl = net::ssl;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// A certificate for 127.0.0.1 made the way the hub makes its own.
std::pair<std::string, std::string> make_certificate(const TempDir& dir) {
  auto r = run_rfinv({"hub", "init", "--dir", dir.file("certs")});
  BOOST_REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return {dir.file("certs/hub.crt"), dir.file("certs/hub.key")};
}

}  // namespace

BOOST_AUTO_TEST_CASE(with_a_certificate_the_web_app_speaks_only_tls_and_the_cookie_is_secure) {
  TempDir certs;
  auto [cert, key] = make_certificate(certs);
  WebNode node({"--cert", cert, "--key", key});
  BOOST_CHECK_EQUAL(node.scheme(), "https");

  net::io_context ioc;
  ssl::context ctx(ssl::context::tls_client);
  ctx.load_verify_file(cert);
  ctx.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
  beast::get_lowest_layer(stream).connect(
      net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), node.port()));
  stream.handshake(ssl::stream_base::client);
  http::request<http::string_body> req{http::verb::post, "/api/v1/session", 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::content_type, "application/json");
  req.body() = R"({"user":"viewer","password":"viewer-secret-pw"})";
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  BOOST_CHECK_EQUAL(res.result_int(), 200);
  BOOST_CHECK(std::string(res[http::field::set_cookie]).find("; Secure") != std::string::npos);

  // Plain HTTP on the same port gets no answer.
  net::io_context ioc2;
  beast::tcp_stream raw(ioc2);
  raw.expires_after(std::chrono::seconds(30));
  raw.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), node.port()));
  http::request<http::string_body> get{http::verb::get, "/api/v1/stock", 11};
  get.set(http::field::host, "127.0.0.1");
  http::write(raw, get);
  http::response<http::string_body> none;
  beast::error_code ec;
  http::read(raw, buffer, none, ec);
  BOOST_CHECK(ec);  // the TLS server drops the connection: no HTTP reply
}
