#include "bench/web/http_client.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http.hpp>

namespace rfinv::bench {

namespace beast = boost::beast;
namespace http = beast::http;
using boost::asio::ip::tcp;

HttpClient::HttpClient(std::uint16_t port) : port_(port), stream_(ioc_) {}

void HttpClient::connect() {
  beast::error_code ignored;
  stream_.socket().close(ignored);
  buffer_.clear();
  stream_.connect(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port_));
  connected_ = true;
}

Reply HttpClient::request(http::verb verb, const std::string& target, const std::string& cookie,
                          const std::string& body) {
  if (!connected_) connect();
  try {
    return exchange(verb, target, cookie, body);
  } catch (const beast::system_error&) {
    // The server closed the kept-alive connection between requests: one fresh attempt.
    connect();
    return exchange(verb, target, cookie, body);
  }
}

Reply HttpClient::exchange(http::verb verb, const std::string& target, const std::string& cookie,
                           const std::string& body) {
  http::request<http::string_body> req{verb, target, 11};
  req.set(http::field::host, "127.0.0.1");
  if (!cookie.empty()) req.set(http::field::cookie, cookie);
  if (!body.empty()) {
    req.set(http::field::content_type, "application/json");
    req.body() = body;
  }
  req.prepare_payload();
  http::write(stream_, req);
  http::response_parser<http::string_body> parser;
  parser.body_limit(boost::none);  // the stock listing runs to megabytes
  http::read(stream_, buffer_, parser);
  auto& res = parser.get();
  Reply out;
  out.status = res.result_int();
  out.set_cookie = std::string(res[http::field::set_cookie]);
  out.body = std::move(res.body());
  if (!res.keep_alive()) connected_ = false;
  return out;
}

}  // namespace rfinv::bench
