// A blocking HTTP/1.1 client on one keep-alive loopback connection (Boost.Beast), for the
// web benchmark: it reconnects when the server closes the connection.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/verb.hpp>
#include <cstdint>
#include <string>

namespace rfinv::bench {

struct Reply {
  unsigned status = 0;
  std::string body;
  std::string set_cookie;  // the Set-Cookie header, if any
};

class HttpClient {
 public:
  explicit HttpClient(std::uint16_t port);
  // Sends one request with `cookie` (a "name=value" pair, or empty) and reads the whole reply.
  // Throws boost::system::system_error when the server cannot be reached.
  Reply request(boost::beast::http::verb verb, const std::string& target,
                const std::string& cookie = {}, const std::string& body = {});
  Reply get(const std::string& target, const std::string& cookie = {}) {
    return request(boost::beast::http::verb::get, target, cookie);
  }

 private:
  Reply exchange(boost::beast::http::verb verb, const std::string& target,
                 const std::string& cookie, const std::string& body);
  void connect();

  std::uint16_t port_;
  boost::asio::io_context ioc_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  bool connected_ = false;
};

}  // namespace rfinv::bench
