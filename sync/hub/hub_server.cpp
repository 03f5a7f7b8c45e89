#include "sync/hub/hub_server.h"

#include <sys/resource.h>

#include <array>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>
#include <charconv>
#include <filesystem>
#include <memory>
#include <thread>

#include "sync/hub/hub_store.h"

namespace rfinv::sync {
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace json = boost::json;
using tcp = net::ip::tcp;

namespace {

constexpr const char* kTls12Ciphers = "ECDHE+AESGCM:ECDHE+CHACHA20";

http::status status_for(Errc code) {
  switch (code) {
    case Errc::invalid_argument:
    case Errc::corrupt:
      return http::status::bad_request;
    case Errc::unauthorized:
      return http::status::unauthorized;
    case Errc::not_found:
      return http::status::not_found;
    case Errc::conflict:
    case Errc::refused:
      return http::status::conflict;
    case Errc::unsupported:
    case Errc::io:
      return http::status::internal_server_error;
  }
  return http::status::internal_server_error;
}

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

Response json_response(const Request& req, http::status status, const json::value& body) {
  Response res{status, req.version()};
  res.set(http::field::server, "rfinv-hub");
  res.set(http::field::content_type, "application/json");
  res.keep_alive(req.keep_alive());
  res.body() = json::serialize(body);
  res.prepare_payload();
  return res;
}

Response error_response(const Request& req, const Error& error) {
  auto res = json_response(req, status_for(error.code), json::object{{"error", error.message}});
  if (error.code == Errc::unauthorized) res.set(http::field::www_authenticate, "Bearer");
  return res;
}

std::optional<std::int64_t> query_int(std::string_view query, std::string_view key) {
  while (!query.empty()) {
    auto amp = query.find('&');
    auto part = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    auto eq = part.find('=');
    if (eq == std::string_view::npos || part.substr(0, eq) != key) continue;
    auto value = part.substr(eq + 1);
    std::int64_t out = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
    if (ec != std::errc{} || ptr != value.data() + value.size()) return std::nullopt;
    return out;
  }
  return std::nullopt;
}

// GET /v1/health, for a load balancer: no token, 200 while the store answers, else 503.
Response health_response(Hub& hub, const Request& req) {
  auto health = hub.health();
  if (health) return json_response(req, http::status::ok, *health);
  return json_response(req, http::status::service_unavailable,
                       json::object{{"status", "unavailable"},
                                    {"store", hub.store_kind()},
                                    {"error", health.error().message}});
}

// Routes one authenticated-or-not request to the Hub; never throws.
Response handle(Hub& hub, const Request& req) {
  try {
    if (req.target() == "/v1/health" && req.method() == http::verb::get)
      return health_response(hub, req);
    auto auth = req[http::field::authorization];
    constexpr std::string_view kBearer = "Bearer ";
    if (auth.size() <= kBearer.size() || auth.substr(0, kBearer.size()) != kBearer)
      return error_response(req, make_error(Errc::unauthorized, "missing bearer token"));
    auto caller = hub.authenticate(std::string(auth.substr(kBearer.size())));
    if (!caller) return error_response(req, caller.error());

    std::string_view target = req.target();
    std::string_view path = target.substr(0, target.find('?'));
    std::string_view query =
        target.find('?') == std::string_view::npos ? "" : target.substr(target.find('?') + 1);
    auto reply = [&](Result<json::object> result) {
      return result ? json_response(req, http::status::ok, *result)
                    : error_response(req, result.error());
    };
    const bool get = req.method() == http::verb::get;
    const bool post = req.method() == http::verb::post;
    if (path == "/v1/ping" && get) return reply(hub.ping(*caller));
    if (path == "/v1/events" && get) {
      auto after = query.find("after=") == std::string_view::npos ? std::optional<std::int64_t>(0)
                                                                  : query_int(query, "after");
      auto limit = query.find("limit=") == std::string_view::npos ? std::optional<std::int64_t>(500)
                                                                  : query_int(query, "limit");
      if (!after || !limit)
        return error_response(
            req, make_error(Errc::invalid_argument, "after and limit must be integers"));
      return reply(hub.pull(*after, *limit));
    }
    if (path == "/v1/pool" && get) return reply(hub.state());
    if (post)
      if (auto result = post_route(hub, *caller, path, req.body()))
        return reply(std::move(*result));
    return json_response(
        req, http::status::not_found,
        json::object{{"error", fmt::format("no route {} {}", std::string(req.method_string()),
                                           std::string(path))}});
  } catch (const std::exception& e) {
    return json_response(req, http::status::internal_server_error,
                         json::object{{"error", e.what()}});
  }
}

// A place under the connection cap, held by a Session for its whole life; giving it back
// lets a paused listener accept again.
class Slot {
 public:
  explicit Slot(std::function<void()> on_release) : on_release_(std::move(on_release)) {}
  ~Slot() { on_release_(); }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

 private:
  std::function<void()> on_release_;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, ssl::context& ctx, Hub& hub, const ServeOptions& options,
          std::unique_ptr<Slot> slot)
      : stream_(std::move(socket), ctx), hub_(hub), options_(options), slot_(std::move(slot)) {}

  void start() {
    beast::get_lowest_layer(stream_).expires_after(options_.timeout);
    stream_.async_handshake(ssl::stream_base::server,
                            [self = shared_from_this()](beast::error_code ec) {
                              if (!ec) self->read();
                            });
  }

 private:
  void read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(options_.header_limit));
    parser_->body_limit(options_.body_limit);
    beast::get_lowest_layer(stream_).expires_after(options_.timeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  // A request too large to read is answered, then the rest of it is drained (bounded) so
  // the client finishes sending and reads the answer instead of being reset.
  void refuse_and_drain(http::status status, std::string message) {
    Request req;
    req.version(11);
    req.keep_alive(false);
    draining_ = true;
    write(json_response(req, status, json::object{{"error", std::move(message)}}));
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::body_limit)
      return refuse_and_drain(
          http::status::payload_too_large,
          fmt::format("request body larger than {} bytes", options_.body_limit));
    if (ec == http::error::header_limit)
      return refuse_and_drain(
          http::status::request_header_fields_too_large,
          fmt::format("request headers larger than {} bytes", options_.header_limit));
    if (ec == http::error::end_of_stream || ec) return close();
    const Request& req = parser_->get();
    write(handle(hub_, req));
  }

  void write(Response res) {
    response_ = std::make_shared<Response>(std::move(res));
    beast::get_lowest_layer(stream_).expires_after(options_.timeout);
    http::async_write(stream_, *response_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return;
                        if (self->draining_)
                          self->drain(0);
                        else if (self->response_->keep_alive())
                          self->read();
                        else
                          self->close();
                      });
  }

  void drain(std::size_t dropped) {
    if (dropped > kMaxDrain) return close();
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
    stream_.async_read_some(net::buffer(scratch_), [self = shared_from_this(), dropped](
                                                       beast::error_code ec, std::size_t n) {
      if (ec) return self->close();
      self->drain(dropped + n);
    });
  }

  void close() {
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(2));
    stream_.async_shutdown([self = shared_from_this()](beast::error_code) {
      beast::error_code ignored;
      beast::get_lowest_layer(self->stream_).socket().close(ignored);
    });
  }

  beast::ssl_stream<beast::tcp_stream> stream_;
  Hub& hub_;
  const ServeOptions& options_;
  std::unique_ptr<Slot> slot_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<Response> response_;
  bool draining_ = false;
  static constexpr std::size_t kMaxDrain = 64 << 20;
  std::array<char, 16384> scratch_{};
};

// Accepts connections up to `cap` at a time; at the cap it stops accepting (new clients
// wait in the kernel's backlog) until a session ends. An accept that fails (EMFILE when
// descriptors run out, or anything else) is retried after a growing pause instead of at
// once, which would spin a core and starve the sessions that could free descriptors.
// All of its state is touched on the acceptor's strand.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, tcp::acceptor acceptor, ssl::context& ctx, Hub& hub,
           const ServeOptions& options, std::size_t cap)
      : ioc_(ioc),
        acceptor_(std::move(acceptor)),
        strand_(acceptor_.get_executor()),
        backoff_timer_(strand_),
        ctx_(ctx),
        hub_(hub),
        options_(options),
        cap_(cap) {}

  void start() {
    net::dispatch(strand_, [self = shared_from_this()] { self->accept(); });
  }

  void stop() {
    net::dispatch(strand_, [self = shared_from_this()] {
      self->stopped_ = true;
      beast::error_code ignored;
      self->acceptor_.close(ignored);
      self->backoff_timer_.cancel();
    });
  }

 private:
  static constexpr auto kFirstBackoff = std::chrono::milliseconds(50);
  static constexpr auto kMaxBackoff = std::chrono::seconds(1);

  void accept() {
    if (stopped_ || accepting_) return;
    if (live_ >= cap_) return;  // resumed by release()
    accepting_ = true;
    acceptor_.async_accept(
        net::make_strand(ioc_), [self = shared_from_this()](beast::error_code ec, tcp::socket s) {
          self->accepting_ = false;
          if (ec == net::error::operation_aborted || self->stopped_) return;
          if (ec) return self->back_off();
          self->backoff_ = kFirstBackoff;
          ++self->live_;
          auto slot = std::make_unique<Slot>([weak = std::weak_ptr<Listener>(self)] {
            if (auto listener = weak.lock())
              net::post(listener->strand_, [listener] { listener->release(); });
          });
          std::make_shared<Session>(std::move(s), self->ctx_, self->hub_, self->options_,
                                    std::move(slot))
              ->start();
          self->accept();
        });
  }

  void back_off() {
    backoff_timer_.expires_after(backoff_);
    backoff_ = std::min<std::chrono::milliseconds>(backoff_ * 2, kMaxBackoff);
    backoff_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->accept();
    });
  }

  void release() {
    --live_;
    accept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;  // made on a strand, which strand_ is
  net::any_io_executor strand_;
  net::steady_timer backoff_timer_;
  ssl::context& ctx_;
  Hub& hub_;
  const ServeOptions& options_;
  const std::size_t cap_;
  std::size_t live_ = 0;
  bool accepting_ = false;
  bool stopped_ = false;
  std::chrono::milliseconds backoff_ = kFirstBackoff;
};

// The connection cap actually used: the configured one, lowered so that sessions never
// take the descriptors the hub needs for its database and its listening socket.
std::size_t effective_cap(std::size_t configured) {
  constexpr rlim_t kReservedFds = 32;
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return configured;
  rlim_t room = limit.rlim_cur > kReservedFds ? limit.rlim_cur - kReservedFds : 1;
  return std::max<std::size_t>(1, std::min<std::size_t>(configured, room));
}

}  // namespace

std::optional<Result<json::object>> post_route(Hub& hub, const Caller& caller,
                                               std::string_view path, std::string_view body) {
  auto with_body = [&](auto&& fn) -> Result<json::object> {
    boost::system::error_code ec;
    json::value value = json::parse(body, ec);
    if (ec) return make_error(Errc::invalid_argument, "malformed JSON body: {}", ec.message());
    return fn(value);
  };
  if (path == "/v1/push")
    return with_body([&](const json::value& b) { return hub.push(caller, b); });
  if (path == "/v1/requests")
    return with_body([&](const json::value& b) { return hub.request(caller, b); });
  if (path == "/v1/depts")
    return with_body([&](const json::value& b) -> Result<json::object> {
      if (!caller.admin())
        return make_error(Errc::unauthorized, "only the admin token adds departments");
      if (!b.is_object() || !b.as_object().contains("code") ||
          !b.as_object().at("code").is_string())
        return make_error(Errc::invalid_argument, "field \"code\" must be a string");
      std::string code(b.as_object().at("code").as_string());
      auto token = hub.add_dept(code);
      if (!token) return token.error();
      return json::object{{"code", code}, {"token", *token}};
    });
  return std::nullopt;
}

Result<std::pair<std::string, unsigned short>> split_host_port(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return make_error(Errc::invalid_argument, "\"{}\" is not HOST:PORT", text);
  unsigned port = 0;
  auto digits = std::string_view(text).substr(colon + 1);
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (digits.empty() || ec != std::errc{} || ptr != digits.data() + digits.size() || port > 65535)
    return make_error(Errc::invalid_argument, "\"{}\" has no valid port", text);
  return std::pair<std::string, unsigned short>{text.substr(0, colon),
                                                static_cast<unsigned short>(port)};
}

Status serve_hub(const ServeOptions& options,
                 const std::function<void(const std::string&)>& on_listening) {
  auto hub = Hub::open(options.dir);
  if (!hub) return hub.error();
  auto where = split_host_port(options.listen);
  if (!where) return where.error();
  try {
    ssl::context ctx(ssl::context::tls_server);
    ctx.set_options(ssl::context::no_sslv2 | ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                    ssl::context::no_tlsv1_1 | ssl::context::default_workarounds);
    // TLS 1.2 only with forward-secret AEAD suites (no CBC); TLS 1.3 suites are all AEAD.
    if (SSL_CTX_set_cipher_list(ctx.native_handle(), kTls12Ciphers) != 1)
      return make_error(Errc::io, "the TLS library refused the cipher list {}", kTls12Ciphers);
    auto dir = std::filesystem::path(options.dir);
    boost::system::error_code ec;
    ctx.use_certificate_chain_file((dir / "hub.crt").string(), ec);
    if (!ec) ctx.use_private_key_file((dir / "hub.key").string(), ssl::context::pem, ec);
    if (ec)
      return make_error(Errc::io, "cannot load {}/hub.crt and hub.key: {}", options.dir,
                        ec.message());

    net::io_context ioc(options.threads);
    auto address = net::ip::make_address(where->first, ec);
    if (ec) return make_error(Errc::invalid_argument, "\"{}\" is not an IP address", where->first);
    tcp::acceptor acceptor(net::make_strand(ioc));
    tcp::endpoint endpoint(address, where->second);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return make_error(Errc::io, "cannot listen on {}: {}", options.listen, ec.message());
    auto bound = acceptor.local_endpoint();
    auto listener = std::make_shared<Listener>(ioc, std::move(acceptor), ctx, **hub, options,
                                               effective_cap(options.max_connections));
    listener->start();

    net::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](beast::error_code, int) {
      listener->stop();
      ioc.stop();
    });
    on_listening(fmt::format("{}:{}", bound.address().to_string(), bound.port()));

    std::vector<std::thread> threads;
    for (int i = 1; i < options.threads; ++i) threads.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (auto& t : threads) t.join();
  } catch (const std::exception& e) {
    return make_error(Errc::io, "hub server: {}", e.what());
  }
  return {};
}

}  // namespace rfinv::sync
