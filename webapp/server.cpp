#include "webapp/server.h"

#include <array>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <deque>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

#include "base/json_text.h"
#include "service/node.h"
#include "sync/hub/hub_server.h"
#include "sync/protocol/crypto.h"
#include "webapp/api.h"
#include "webapp/static_files.h"

namespace rfinv::webapp {
namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

constexpr auto kTimeout = std::chrono::seconds(30);
constexpr std::size_t kMaxQueuedEvents = 256;  // a stream this far behind is closed

// Nodes (one SQLite connection each) lent to requests, so two threads never share one.
class NodePool {
 public:
  explicit NodePool(std::string path) : path_(std::move(path)) {}

  class Lease {
   public:
    Lease(NodePool& pool, std::unique_ptr<service::Node> node)
        : pool_(pool), node_(std::move(node)) {}
    ~Lease() {
      std::lock_guard lock(pool_.mutex_);
      pool_.free_.push_back(std::move(node_));
    }
    service::Node& operator*() { return *node_; }

   private:
    NodePool& pool_;
    std::unique_ptr<service::Node> node_;
  };

  Result<std::unique_ptr<Lease>> lease() {
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        auto node = std::move(free_.back());
        free_.pop_back();
        return std::make_unique<Lease>(*this, std::move(node));
      }
    }
    auto node = service::Node::open(path_);
    if (!node) return node.error();
    return std::make_unique<Lease>(*this, std::move(*node));
  }

 private:
  std::string path_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<service::Node>> free_;
};

// One open event stream; its writes run on the connection's strand.
class EventSink {
 public:
  virtual ~EventSink() = default;
  virtual void send(std::shared_ptr<const std::string> frame) = 0;
};

}  // namespace

class WebServer::Impl {
 public:
  Impl(std::string db_path, WebOptions options)
      : options_(std::move(options)), nodes_(std::move(db_path)), ioc_(options_.threads) {}

  Status start();
  void stop();
  void publish(const std::string& event, const boost::json::value& data) {
    auto frame = std::make_shared<const std::string>(
        fmt::format("event: {}\ndata: {}\n\n", event, json_text(data)));
    std::lock_guard lock(sinks_mutex_);
    for (auto it = sinks_.begin(); it != sinks_.end();) {
      if (auto sink = it->lock()) {
        sink->send(frame);
        ++it;
      } else {
        it = sinks_.erase(it);
      }
    }
  }
  void subscribe(const std::shared_ptr<EventSink>& sink) {
    std::lock_guard lock(sinks_mutex_);
    sinks_.push_back(sink);
  }

  const WebOptions& options() const { return options_; }
  NodePool& nodes() { return nodes_; }
  bool tls() const { return tls_; }
  std::string url_;

 private:
  void accept();
  template <class Stream>
  void launch(tcp::socket socket);

  WebOptions options_;
  NodePool nodes_;
  net::io_context ioc_;
  std::optional<tcp::acceptor> acceptor_;
  std::optional<ssl::context> ssl_;
  bool tls_ = false;
  std::vector<std::thread> threads_;
  std::mutex sinks_mutex_;
  std::list<std::weak_ptr<EventSink>> sinks_;
};

namespace {

using Impl = WebServer::Impl;

template <class Stream>
class Connection : public EventSink, public std::enable_shared_from_this<Connection<Stream>> {
 public:
  template <class... Args>
  Connection(Impl& server, Args&&... args)
      : server_(server), stream_(std::forward<Args>(args)...), heartbeat_(stream_.get_executor()) {}

  void start() {
    beast::get_lowest_layer(stream_).expires_after(kTimeout);
    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      read();
    } else {
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec) self->read();
                              });
    }
  }

  void send(std::shared_ptr<const std::string> frame) override {
    net::post(stream_.get_executor(), [self = this->shared_from_this(), frame] {
      if (self->closed_) return;
      if (self->events_.size() >= kMaxQueuedEvents) return self->close();
      self->events_.push_back(frame);
      if (self->events_.size() == 1) self->write_event();
    });
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    heartbeat_.cancel();
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(2));
    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      beast::error_code ignored;
      stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream_.socket().close(ignored);
    } else {
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
        beast::error_code ignored;
        beast::get_lowest_layer(self->stream_).socket().close(ignored);
      });
    }
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(server_.options().body_limit);
    beast::get_lowest_layer(stream_).expires_after(kTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                       self->on_read(ec);
                     });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      Request req;
      req.version(11);
      req.keep_alive(false);
      draining_ = true;
      auto res = error_response(
          req, {http::status::payload_too_large, "too_large",
                fmt::format("request body larger than {} bytes", server_.options().body_limit),
                std::nullopt});
      res.set(http::field::cache_control, "no-store");
      return write(std::move(res));
    }
    if (ec) return close();
    const Request& req = parser_->get();
    std::string_view path = req.target().substr(0, req.target().find('?'));
    if (path.substr(0, 5) != "/api/")
      return write(serve_static(req, server_.options().web_root, server_.options().vendor_root));
    auto lease = server_.nodes().lease();
    if (!lease) {
      auto res = error_response(req, api_error(lease.error()));
      return write(std::move(res));
    }
    beast::error_code ignored;
    auto remote = beast::get_lowest_layer(stream_).socket().remote_endpoint(ignored);
    ApiCall call{req, remote.address().to_string(), server_.tls(), ***lease,
                 [this](const std::string& event, const boost::json::value& data) {
                   server_.publish(event, data);
                 }};
    if (path == "/api/v1/events" && req.method() == http::verb::get) {
      if (auto refused = refuse_events(call)) return write(std::move(*refused));
      return start_events();
    }
    write(handle_api(call));
  }

  void write(Response res) {
    response_ = std::make_shared<Response>(std::move(res));
    beast::get_lowest_layer(stream_).expires_after(kTimeout);
    http::async_write(stream_, *response_,
                      [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                        if (ec) return self->close();
                        if (self->draining_)
                          self->drain(0);
                        else if (self->response_->keep_alive())
                          self->read();
                        else
                          self->close();
                      });
  }

  // After a 413 the client is usually still sending its body: reading and dropping it
  // (bounded) lets the client read the answer instead of being reset.
  void drain(std::size_t dropped) {
    if (dropped > kMaxDrain) return close();
    beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
    stream_.async_read_some(net::buffer(scratch_), [self = this->shared_from_this(), dropped](
                                                       beast::error_code ec, std::size_t n) {
      if (ec) return self->close();
      self->drain(dropped + n);
    });
  }

  // The event stream: headers, then one frame per event and a comment line every 15 s (a
  // write to a client that is gone fails and ends the stream). No deadline while it is open.
  void start_events() {
    auto head = std::make_shared<std::string>(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n" +
        security_header_lines() + "Connection: close\r\n\r\n");
    beast::get_lowest_layer(stream_).expires_never();
    server_.subscribe(this->shared_from_this());
    events_.push_back(head);
    write_event();
    beat();
  }

  void write_event() {
    net::async_write(stream_, net::buffer(*events_.front()),
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) return self->close();
                       self->events_.pop_front();
                       if (!self->events_.empty()) self->write_event();
                     });
  }

  void beat() {
    heartbeat_.expires_after(std::chrono::seconds(15));
    heartbeat_.async_wait([self = this->shared_from_this()](beast::error_code ec) {
      if (ec || self->closed_) return;
      self->events_.push_back(std::make_shared<const std::string>(": keepalive\n\n"));
      if (self->events_.size() == 1) self->write_event();
      self->beat();
    });
  }

  Impl& server_;
  Stream stream_;
  net::steady_timer heartbeat_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<Response> response_;
  std::deque<std::shared_ptr<const std::string>> events_;
  bool draining_ = false;
  bool closed_ = false;
  static constexpr std::size_t kMaxDrain = 1 << 20;
  std::array<char, 16384> scratch_{};
};

}  // namespace

template <class Stream>
void Impl::launch(tcp::socket socket) {
  if constexpr (std::is_same_v<Stream, beast::tcp_stream>)
    std::make_shared<Connection<Stream>>(*this, std::move(socket))->start();
  else
    std::make_shared<Connection<Stream>>(*this, std::move(socket), *ssl_)->start();
}

void Impl::accept() {
  acceptor_->async_accept(net::make_strand(ioc_), [this](beast::error_code ec, tcp::socket s) {
    if (ec == net::error::operation_aborted) return;
    if (!ec) {
      if (tls_)
        launch<beast::ssl_stream<beast::tcp_stream>>(std::move(s));
      else
        launch<beast::tcp_stream>(std::move(s));
    }
    accept();
  });
}

Status Impl::start() {
  auto where = sync::split_host_port(options_.listen);
  if (!where) return where.error();
  boost::system::error_code ec;
  auto address = net::ip::make_address(where->first, ec);
  if (ec) return make_error(Errc::invalid_argument, "\"{}\" is not an IP address", where->first);
  if (options_.cert.has_value() != options_.key.has_value())
    return make_error(Errc::invalid_argument, "give both --cert and --key, or neither");
  // Plain HTTP only where nobody else can listen in: elsewhere TLS, self-signed if need be.
  tls_ = options_.cert.has_value() || !address.is_loopback();
  try {
    if (tls_) {
      ssl_.emplace(ssl::context::tls_server);
      ssl_->set_options(ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                        ssl::context::default_workarounds);
      if (options_.cert) {
        ssl_->use_certificate_chain_file(*options_.cert, ec);
        if (!ec) ssl_->use_private_key_file(*options_.key, ssl::context::pem, ec);
        if (ec)
          return make_error(Errc::io, "cannot load {} and {}: {}", *options_.cert, *options_.key,
                            ec.message());
      } else {
        auto made = sync::make_self_signed({});
        if (!made) return made.error();
        ssl_->use_certificate_chain(net::buffer(made->cert_pem));
        ssl_->use_private_key(net::buffer(made->key_pem), ssl::context::pem);
      }
    }
    acceptor_.emplace(ioc_);
    tcp::endpoint endpoint(address, where->second);
    acceptor_->open(endpoint.protocol(), ec);
    if (!ec) acceptor_->set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_->bind(endpoint, ec);
    if (!ec) acceptor_->listen(net::socket_base::max_listen_connections, ec);
    if (ec) return make_error(Errc::io, "cannot listen on {}: {}", options_.listen, ec.message());
    auto bound = acceptor_->local_endpoint();
    url_ = fmt::format("{}://{}:{}", tls_ ? "https" : "http", bound.address().to_string(),
                       bound.port());
  } catch (const std::exception& e) {
    return make_error(Errc::io, "web server: {}", e.what());
  }
  accept();
  for (int i = 0; i < options_.threads; ++i)
    threads_.emplace_back([this] {
      try {
        ioc_.run();
      } catch (const std::exception&) {
        ioc_.stop();  // a handler that throws ends the server rather than the process
      }
    });
  return {};
}

void Impl::stop() {
  net::post(ioc_, [this] {
    beast::error_code ignored;
    acceptor_->close(ignored);
  });
  // Open event streams end with the io_context: their sockets close when it is destroyed.
  ioc_.stop();
  for (auto& t : threads_) t.join();
}

WebServer::WebServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WebServer::~WebServer() { impl_->stop(); }

Result<std::unique_ptr<WebServer>> WebServer::start(const std::string& db_path,
                                                    const WebOptions& options) {
  auto impl = std::make_unique<Impl>(db_path, options);
  if (auto ok = impl->start(); !ok) return ok.error();
  return std::unique_ptr<WebServer>(new WebServer(std::move(impl)));
}

const std::string& WebServer::url() const { return impl_->url_; }

void WebServer::publish(const std::string& event, const boost::json::value& data) {
  impl_->publish(event, data);
}

}  // namespace rfinv::webapp
