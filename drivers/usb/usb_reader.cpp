// usb://VID:PID[?serial=S]&protocol=r2000 — an R2000 module behind a USB HID interface: the
// serial byte stream cut into 64-byte interrupt reports (the last one zero-padded), as the
// vendor SDKs do (PROTOCOLS.md §5.1). The R2000 engine does the polling; this file is the
// libusb transport and the hotplug watch.
//
// Why a thread: libusb delivers transfer completions and hotplug events only from inside
// libusb_handle_events*(). Feeding its file descriptors into Asio (libusb_get_pollfds) would
// also need pollfd add/remove notifiers and libusb's own timeout handling, and the hotplug
// path cannot be driven that way on every platform. So each USB reader owns one libusb
// context and one thread that only runs libusb_handle_events_timeout_completed(); every
// completion is copied and posted to the engine's strand, where all state lives.
#include <libusb-1.0/libusb.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/post.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "drivers/internal/backends.h"
#include "drivers/serial/internal/r2000_reader.h"
#include "drivers/usb/internal/known_readers.h"

namespace rfinv::drivers {

namespace {

constexpr std::size_t kReportSize = 64;
constexpr unsigned kEventTimeoutMs = 100;
constexpr auto kCancelWait = std::chrono::seconds(2);

std::string usb_error(int code) { return libusb_strerror(static_cast<libusb_error>(code)); }

std::string transfer_status_text(libusb_transfer_status status) {
  switch (status) {
    case LIBUSB_TRANSFER_COMPLETED:
      return "completed";
    case LIBUSB_TRANSFER_ERROR:
      return "transfer error (I/O error)";
    case LIBUSB_TRANSFER_TIMED_OUT:
      return "timed out";
    case LIBUSB_TRANSFER_CANCELLED:
      return "cancelled";
    case LIBUSB_TRANSFER_STALL:
      return "endpoint stalled";
    case LIBUSB_TRANSFER_NO_DEVICE:
      return "device was disconnected";
    case LIBUSB_TRANSFER_OVERFLOW:
      return "device sent more than asked for";
  }
  return "unknown transfer status";
}

// Owns one libusb context and the thread that handles its events. Hotplug and transfer
// callbacks run on that thread.
class UsbEvents {
 public:
  ~UsbEvents() { shut_down(); }

  Status start() {
    if (ctx_ != nullptr) return {};
    if (int rc = libusb_init(&ctx_); rc != 0) {
      ctx_ = nullptr;
      return make_error(Errc::io, "libusb_init failed: {}", usb_error(rc));
    }
    thread_ = std::thread([this] {
      while (!quit_) {
        timeval tv{0, static_cast<suseconds_t>(kEventTimeoutMs * 1000)};
        libusb_handle_events_timeout_completed(ctx_, &tv, nullptr);
      }
    });
    return {};
  }

  // Joins the thread first so no callback runs while hotplug is deregistered and the
  // context freed.
  void shut_down() {
    if (ctx_ == nullptr) return;
    quit_ = true;
    libusb_interrupt_event_handler(ctx_);
    if (thread_.joinable()) thread_.join();
    if (hotplug_registered_) libusb_hotplug_deregister_callback(ctx_, hotplug_);
    libusb_exit(ctx_);
    ctx_ = nullptr;
  }

  libusb_context* ctx() const { return ctx_; }
  void set_hotplug(libusb_hotplug_callback_handle handle) {
    hotplug_ = handle;
    hotplug_registered_ = true;
  }

 private:
  libusb_context* ctx_ = nullptr;
  std::thread thread_;
  std::atomic<bool> quit_{false};
  libusb_hotplug_callback_handle hotplug_{};
  bool hotplug_registered_ = false;
};

// Lives on the engine's strand except for the libusb callbacks, which only touch the
// in-flight counter (under mutex_) and post copies to the strand.
class UsbTransport final : public r2000::Transport,
                           public std::enable_shared_from_this<UsbTransport> {
 public:
  UsbTransport(const r2000::Strand& strand, usb::UsbId id, std::string serial)
      : strand_(strand), id_(id), serial_(std::move(serial)) {}

  ~UsbTransport() override {
    close();
    events_.shut_down();
  }

  Status open(Callbacks callbacks) override {
    callbacks_ = std::move(callbacks);
    if (auto status = start_events(); !status) return status;
    auto found = find_and_open();
    if (!found) return found.error();
    handle_ = *found;
    if (auto status = claim(); !status) {
      libusb_close(handle_);
      handle_ = nullptr;
      return status;
    }
    ++generation_;
    writes_.clear();
    writing_ = false;
    reading_ = false;
    return {};
  }

  void write(std::vector<std::uint8_t> frame) override {
    for (std::size_t at = 0; at < frame.size(); at += kReportSize) {
      std::array<std::uint8_t, kReportSize> report{};
      std::copy_n(frame.begin() + static_cast<std::ptrdiff_t>(at),
                  std::min(kReportSize, frame.size() - at), report.begin());
      writes_.push_back(report);
    }
    if (!writing_) submit_next_write();
  }

  void close() override {
    if (handle_ == nullptr) return;
    ++generation_;
    cancel_and_wait();
    libusb_release_interface(handle_, interface_);
    if (detached_) libusb_attach_kernel_driver(handle_, interface_);
    libusb_close(handle_);
    handle_ = nullptr;
    writes_.clear();
    writing_ = reading_ = false;
  }

  std::string note() const override { return note_; }

 private:
  struct Pending {
    UsbTransport* owner;
    bool in;
    std::uint64_t generation;
    std::array<std::uint8_t, kReportSize> buffer{};
  };

  std::string device_text() const {
    return fmt::format("USB device {:04x}:{:04x}{}", id_.vid, id_.pid,
                       serial_.empty() ? "" : " serial " + serial_);
  }

  Status start_events() {
    if (events_.ctx() != nullptr) return {};
    if (auto status = events_.start(); !status) return status;
    if (!libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG)) {
      note_ = "libusb hotplug unsupported here: rescanning at each reconnect attempt";
      return {};
    }
    libusb_hotplug_callback_handle handle{};
    const int rc = libusb_hotplug_register_callback(
        events_.ctx(),
        static_cast<libusb_hotplug_event>(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED |
                                          LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT),
        static_cast<libusb_hotplug_flag>(0), id_.vid, id_.pid, LIBUSB_HOTPLUG_MATCH_ANY,
        &UsbTransport::on_hotplug, this, &handle);
    if (rc != LIBUSB_SUCCESS) {
      note_ = fmt::format(
          "libusb hotplug registration failed ({}): rescanning at each "
          "reconnect attempt",
          usb_error(rc));
      return {};
    }
    events_.set_hotplug(handle);
    return {};
  }

  Result<libusb_device_handle*> find_and_open() {
    libusb_device** list = nullptr;
    const ssize_t count = libusb_get_device_list(events_.ctx(), &list);
    if (count < 0) {
      return make_error(Errc::io, "cannot list USB devices: {}",
                        usb_error(static_cast<int>(count)));
    }
    std::string last_problem;
    libusb_device_handle* opened = nullptr;
    for (ssize_t i = 0; i < count && opened == nullptr; ++i) {
      libusb_device_descriptor desc{};
      if (libusb_get_device_descriptor(list[i], &desc) != 0) continue;
      if (desc.idVendor != id_.vid || desc.idProduct != id_.pid) continue;
      libusb_device_handle* handle = nullptr;
      if (int rc = libusb_open(list[i], &handle); rc != 0) {
        last_problem = fmt::format(": cannot open it: {}{}", usb_error(rc),
                                   rc == LIBUSB_ERROR_ACCESS
                                       ? " (check the udev rule / permissions of /dev/bus/usb)"
                                       : "");
        continue;
      }
      if (!serial_.empty()) {
        std::array<unsigned char, 256> text{};
        const int n = desc.iSerialNumber == 0
                          ? -1
                          : libusb_get_string_descriptor_ascii(handle, desc.iSerialNumber,
                                                               text.data(), text.size());
        if (n < 0 || serial_ != std::string_view(reinterpret_cast<char*>(text.data()),
                                                 static_cast<std::size_t>(n))) {
          libusb_close(handle);
          continue;
        }
      }
      opened = handle;
    }
    libusb_free_device_list(list, 1);
    if (opened == nullptr) {
      return make_error(Errc::io, "no {} connected{}", device_text(), last_problem);
    }
    return opened;
  }

  // Picks the interface with interrupt IN and OUT endpoints (HID first), detaches the kernel
  // driver (usbhid would otherwise own it) and claims the interface.
  Status claim() {
    libusb_config_descriptor* config = nullptr;
    if (int rc = libusb_get_active_config_descriptor(libusb_get_device(handle_), &config);
        rc != 0) {
      return make_error(Errc::io, "{}: cannot read its configuration: {}", device_text(),
                        usb_error(rc));
    }
    bool found = false;
    for (int pass = 0; pass < 2 && !found; ++pass) {
      for (int i = 0; i < config->bNumInterfaces && !found; ++i) {
        const auto& alt = config->interface[i].altsetting[0];
        if (pass == 0 && alt.bInterfaceClass != LIBUSB_CLASS_HID) continue;
        int in = -1, out = -1;
        for (int e = 0; e < alt.bNumEndpoints; ++e) {
          const auto& ep = alt.endpoint[e];
          if ((ep.bmAttributes & 0x03) != LIBUSB_TRANSFER_TYPE_INTERRUPT) continue;
          if (ep.bEndpointAddress & LIBUSB_ENDPOINT_IN) {
            in = ep.bEndpointAddress;
          } else {
            out = ep.bEndpointAddress;
          }
        }
        if (in >= 0 && out >= 0) {
          interface_ = alt.bInterfaceNumber;
          endpoint_in_ = static_cast<unsigned char>(in);
          endpoint_out_ = static_cast<unsigned char>(out);
          found = true;
        }
      }
    }
    libusb_free_config_descriptor(config);
    if (!found) {
      return make_error(Errc::io, "{} has no interface with interrupt IN and OUT endpoints",
                        device_text());
    }
    detached_ = false;
    if (libusb_kernel_driver_active(handle_, interface_) == 1) {
      if (int rc = libusb_detach_kernel_driver(handle_, interface_); rc != 0) {
        return make_error(Errc::io, "{}: cannot detach the kernel driver from interface {}: {}",
                          device_text(), interface_, usb_error(rc));
      }
      detached_ = true;
    }
    if (int rc = libusb_claim_interface(handle_, interface_); rc != 0) {
      if (detached_) libusb_attach_kernel_driver(handle_, interface_);
      return make_error(Errc::io, "{}: cannot claim interface {}: {}", device_text(), interface_,
                        usb_error(rc));
    }
    return {};
  }

  // One OUT report at a time, in order. The IN transfer starts after the first OUT has
  // completed: a module speaks only when spoken to, and a strictly ordered exchange is also
  // what a recorded (umockdev) session can replay.
  void submit_next_write() {
    if (writes_.empty()) {
      writing_ = false;
      return;
    }
    writing_ = true;
    auto* pending = new Pending{this, false, generation_, writes_.front()};
    writes_.pop_front();
    if (auto status = submit(pending, endpoint_out_); !status) {
      fail(fmt::format("write to {} failed: {}", device_text(), status.error().message));
    }
  }

  void submit_read() {
    reading_ = true;
    auto* pending = new Pending{this, true, generation_, {}};
    if (auto status = submit(pending, endpoint_in_); !status) {
      fail(fmt::format("read from {} failed: {}", device_text(), status.error().message));
    }
  }

  Status submit(Pending* pending, unsigned char endpoint) {
    libusb_transfer* transfer = libusb_alloc_transfer(0);
    if (transfer == nullptr) {
      delete pending;
      return make_error(Errc::io, "out of memory for a USB transfer");
    }
    libusb_fill_interrupt_transfer(transfer, handle_, endpoint, pending->buffer.data(),
                                   static_cast<int>(kReportSize), &UsbTransport::on_transfer,
                                   pending, 0);
    {
      std::lock_guard lock(mutex_);
      ++in_flight_;
      transfers_.push_back(transfer);
    }
    if (int rc = libusb_submit_transfer(transfer); rc != 0) {
      forget(transfer);
      libusb_free_transfer(transfer);
      delete pending;
      return make_error(Errc::io, "{}", usb_error(rc));
    }
    return {};
  }

  void forget(libusb_transfer* transfer) {
    std::lock_guard lock(mutex_);
    std::erase(transfers_, transfer);
    --in_flight_;
    done_.notify_all();
  }

  // Event thread: copy what is needed, free the transfer, post the rest to the strand.
  static void LIBUSB_CALL on_transfer(libusb_transfer* transfer) {
    auto* pending = static_cast<Pending*>(transfer->user_data);
    UsbTransport* self = pending->owner;
    const auto status = transfer->status;
    const auto length = static_cast<std::size_t>(std::max(transfer->actual_length, 0));
    std::weak_ptr<UsbTransport> weak = self->weak_from_this();
    boost::asio::post(self->strand_, [weak, pending, status, length] {
      std::unique_ptr<Pending> owned(pending);
      if (auto transport = weak.lock()) transport->on_done(*owned, status, length);
    });
    self->forget(transfer);
    libusb_free_transfer(transfer);
  }

  void on_done(const Pending& pending, libusb_transfer_status status, std::size_t length) {
    if (pending.generation != generation_ || handle_ == nullptr) return;
    if (status != LIBUSB_TRANSFER_COMPLETED) {
      fail(fmt::format("{} from {} failed: {}", pending.in ? "read" : "write", device_text(),
                       transfer_status_text(status)));
      return;
    }
    if (pending.in) {
      callbacks_.on_bytes(std::span<const std::uint8_t>(pending.buffer.data(), length));
      if (pending.generation == generation_ && handle_ != nullptr) submit_read();
      return;
    }
    if (!reading_) submit_read();
    if (pending.generation == generation_) submit_next_write();
  }

  void cancel_and_wait() {
    std::unique_lock lock(mutex_);
    for (auto* transfer : transfers_) libusb_cancel_transfer(transfer);
    done_.wait_for(lock, kCancelWait, [&] { return in_flight_ == 0; });
  }

  static int LIBUSB_CALL on_hotplug(libusb_context*, libusb_device* device,
                                    libusb_hotplug_event event, void* user_data) {
    auto* self = static_cast<UsbTransport*>(user_data);
    libusb_ref_device(device);
    std::weak_ptr<UsbTransport> weak = self->weak_from_this();
    boost::asio::post(self->strand_, [weak, device, event] {
      if (auto transport = weak.lock()) transport->on_hotplug_event(device, event);
      libusb_unref_device(device);
    });
    return 0;  // stay registered
  }

  void on_hotplug_event(libusb_device* device, libusb_hotplug_event event) {
    if (event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED) {
      if (handle_ == nullptr && callbacks_.on_arrival) callbacks_.on_arrival();
      return;
    }
    if (handle_ != nullptr && libusb_get_device(handle_) == device) {
      fail(fmt::format("{} was unplugged", device_text()));
    }
  }

  void fail(std::string reason) {
    ++generation_;
    if (callbacks_.on_failure) callbacks_.on_failure(std::move(reason));
  }

  r2000::Strand strand_;
  usb::UsbId id_;
  std::string serial_;
  UsbEvents events_;
  std::string note_;
  Callbacks callbacks_;
  libusb_device_handle* handle_ = nullptr;
  int interface_ = 0;
  unsigned char endpoint_in_ = 0;
  unsigned char endpoint_out_ = 0;
  bool detached_ = false;
  std::deque<std::array<std::uint8_t, kReportSize>> writes_;
  bool writing_ = false;
  bool reading_ = false;
  std::uint64_t generation_ = 0;
  std::mutex mutex_;
  std::condition_variable done_;
  std::vector<libusb_transfer*> transfers_;  // submitted, callback not yet run
  int in_flight_ = 0;
};

}  // namespace

Result<std::unique_ptr<Reader>> make_usb_reader(boost::asio::io_context& io, std::string name,
                                                const ReaderUri& uri) {
  auto id = usb::parse_usb_id(uri.host);
  if (!id) return id.error();
  if (const auto* known = usb::find_known_reader(*id); known != nullptr && !known->supported) {
    return make_error(Errc::invalid_argument, "usb://{}: {} cannot be driven by rfinv", uri.host,
                      known->model);
  }
  constexpr std::string_view kExtra[] = {"serial"};
  auto options = r2000::parse_poll_options(uri, kExtra);
  if (!options) return options.error();
  std::string serial;
  if (auto it = uri.query.find("serial"); it != uri.query.end()) serial = it->second;
  return r2000::make_r2000_reader(io, std::move(name), std::move(*options),
                                  [id = *id, serial](const r2000::Strand& strand) {
                                    return std::make_shared<UsbTransport>(strand, id, serial);
                                  });
}

}  // namespace rfinv::drivers
