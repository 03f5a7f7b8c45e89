#include "sync/node/http_client.h"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <optional>

namespace rfinv::sync {
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace json = boost::json;
using tcp = net::ip::tcp;

namespace {
constexpr std::size_t kMaxResponseBody = 64 << 20;
}

Result<ParsedUrl> parse_hub_url(const std::string& url) {
  constexpr std::string_view kScheme = "https://";
  if (url.rfind(kScheme, 0) != 0)
    return make_error(Errc::invalid_argument, "hub URL \"{}\" must start with https://", url);
  std::string rest = url.substr(kScheme.size());
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  if (rest.empty() || rest.find('/') != std::string::npos)
    return make_error(Errc::invalid_argument, "hub URL \"{}\" must be https://HOST[:PORT]", url);
  auto colon = rest.rfind(':');
  if (colon == std::string::npos) return ParsedUrl{rest, "443"};
  std::string port = rest.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535)
    return make_error(Errc::invalid_argument, "hub URL \"{}\" has a bad port", url);
  return ParsedUrl{rest.substr(0, colon), port};
}

struct HubClient::Impl {
  HubEndpoint endpoint;
  ParsedUrl where;
  net::io_context ioc;
  ssl::context ctx{ssl::context::tls_client};
  std::optional<beast::ssl_stream<beast::tcp_stream>> stream;
  beast::flat_buffer buffer;

  // Runs one asynchronous operation to completion on the private io_context.
  template <class Start>
  beast::error_code run(Start&& start) {
    beast::error_code result = net::error::would_block;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }

  Status open() {
    stream.reset();
    buffer.clear();
    tcp::resolver resolver(ioc);
    beast::error_code ec;
    auto results = resolver.resolve(where.host, where.port, ec);
    if (ec) return make_error(Errc::io, "cannot resolve {}: {}", where.host, ec.message());
    stream.emplace(ioc, ctx);
    auto& tcp_layer = beast::get_lowest_layer(*stream);
    tcp_layer.expires_after(endpoint.timeout);
    ec = run([&](auto h) { tcp_layer.async_connect(results, std::move(h)); });
    if (ec) return make_error(Errc::io, "cannot connect to {}: {}", endpoint.url, ec.message());
    // SNI only for names; the certificate check covers IP addresses too.
    boost::system::error_code addr_ec;
    net::ip::make_address(where.host, addr_ec);
    if (addr_ec) SSL_set_tlsext_host_name(stream->native_handle(), where.host.c_str());
    stream->set_verify_callback(ssl::host_name_verification(where.host));
    tcp_layer.expires_after(endpoint.timeout);
    ec = run([&](auto h) { stream->async_handshake(ssl::stream_base::client, std::move(h)); });
    if (ec) {
      stream.reset();
      return make_error(Errc::io, "TLS handshake with {} failed: {}", endpoint.url, ec.message());
    }
    return {};
  }

  Result<json::value> exchange(http::verb verb, const std::string& target,
                               const std::optional<std::string>& body) {
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, where.host);
    req.set(http::field::authorization, "Bearer " + endpoint.token);
    req.set(http::field::user_agent, "rfinv-node");
    req.keep_alive(true);
    if (body) {
      req.set(http::field::content_type, "application/json");
      req.body() = *body;
    }
    req.prepare_payload();
    auto& tcp_layer = beast::get_lowest_layer(*stream);
    tcp_layer.expires_after(endpoint.timeout);
    auto ec = run([&](auto h) { http::async_write(*stream, req, std::move(h)); });
    if (ec) return make_error(Errc::io, "sending to {} failed: {}", endpoint.url, ec.message());
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxResponseBody);
    tcp_layer.expires_after(endpoint.timeout);
    ec = run([&](auto h) { http::async_read(*stream, buffer, parser, std::move(h)); });
    if (ec) return make_error(Errc::io, "reading from {} failed: {}", endpoint.url, ec.message());
    auto res = parser.release();
    if (!res.keep_alive()) stream.reset();
    boost::system::error_code jec;
    json::value value = json::parse(res.body(), jec);
    unsigned status = res.result_int();
    if (status >= 200 && status < 300) {
      if (jec) return make_error(Errc::corrupt, "the hub sent malformed JSON: {}", jec.message());
      return value;
    }
    std::string message = fmt::format("hub answered {}", status);
    if (!jec && value.is_object() && value.as_object().contains("error") &&
        value.as_object().at("error").is_string())
      message = std::string(value.as_object().at("error").as_string());
    Errc code = status == 400 || status == 413 ? Errc::invalid_argument
                : status == 401                ? Errc::unauthorized
                : status == 404                ? Errc::not_found
                : status == 409                ? Errc::conflict
                                               : Errc::io;
    return Error{code, message};
  }

  Result<json::value> call(http::verb verb, const std::string& target,
                           const std::optional<std::string>& body) {
    try {
      bool reused = stream.has_value();
      if (!reused)
        if (auto s = open(); !s) return s.error();
      auto result = exchange(verb, target, body);
      if (!result && result.error().code == Errc::io && reused) {
        if (auto s = open(); !s) return s.error();
        result = exchange(verb, target, body);
      }
      if (!result && result.error().code == Errc::io) stream.reset();
      return result;
    } catch (const std::exception& e) {
      stream.reset();
      return make_error(Errc::io, "talking to {}: {}", endpoint.url, e.what());
    }
  }
};

HubClient::HubClient(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HubClient::~HubClient() = default;

Result<std::unique_ptr<HubClient>> HubClient::connect(const HubEndpoint& endpoint) {
  auto where = parse_hub_url(endpoint.url);
  if (!where) return where.error();
  auto impl = std::make_unique<Impl>();
  impl->endpoint = endpoint;
  impl->where = *where;
  try {
    boost::system::error_code ec;
    impl->ctx.set_verify_mode(ssl::verify_peer, ec);
    if (endpoint.ca_pem)
      impl->ctx.add_certificate_authority(net::buffer(*endpoint.ca_pem), ec);
    else
      impl->ctx.set_default_verify_paths(ec);
    if (ec)
      return make_error(Errc::invalid_argument, "cannot use the CA certificate: {}", ec.message());
  } catch (const std::exception& e) {
    return make_error(Errc::io, "TLS setup: {}", e.what());
  }
  return std::unique_ptr<HubClient>(new HubClient(std::move(impl)));
}

Result<json::value> HubClient::get(const std::string& target) {
  return impl_->call(http::verb::get, target, std::nullopt);
}

Result<json::value> HubClient::post(const std::string& target, const json::value& body) {
  return impl_->call(http::verb::post, target, json::serialize(body));
}

Result<json::value> HubClient::post_text(const std::string& target, const std::string& body) {
  return impl_->call(http::verb::post, target, body);
}

}  // namespace rfinv::sync
