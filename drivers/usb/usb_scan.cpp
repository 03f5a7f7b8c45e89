// `rfinv reader scan-usb`: connected USB devices whose VID:PID is in the known-reader table.
#include "drivers/usb_scan.h"

#include <libusb-1.0/libusb.h>

#include <array>
#include <memory>

#include "drivers/usb/internal/known_readers.h"

namespace rfinv::drivers {

namespace {

std::string read_string(libusb_device_handle* handle, std::uint8_t index) {
  if (handle == nullptr || index == 0) return {};
  std::array<unsigned char, 256> text{};
  const int n = libusb_get_string_descriptor_ascii(handle, index, text.data(), text.size());
  if (n <= 0) return {};
  return std::string(reinterpret_cast<char*>(text.data()), static_cast<std::size_t>(n));
}

}  // namespace

Result<std::vector<UsbDeviceInfo>> scan_usb_readers() {
  libusb_context* raw = nullptr;
  if (int rc = libusb_init(&raw); rc != 0) {
    return make_error(Errc::io, "libusb_init failed: {}",
                      libusb_strerror(static_cast<libusb_error>(rc)));
  }
  std::unique_ptr<libusb_context, decltype(&libusb_exit)> ctx(raw, &libusb_exit);
  libusb_device** list = nullptr;
  const ssize_t count = libusb_get_device_list(ctx.get(), &list);
  if (count < 0) {
    return make_error(Errc::io, "cannot list USB devices: {}",
                      libusb_strerror(static_cast<libusb_error>(count)));
  }
  std::vector<UsbDeviceInfo> found;
  for (ssize_t i = 0; i < count; ++i) {
    libusb_device_descriptor desc{};
    if (libusb_get_device_descriptor(list[i], &desc) != 0) continue;
    const auto* known = usb::find_known_reader({desc.idVendor, desc.idProduct});
    if (known == nullptr) continue;
    UsbDeviceInfo info;
    info.vid = desc.idVendor;
    info.pid = desc.idProduct;
    info.bus = libusb_get_bus_number(list[i]);
    info.address = libusb_get_device_address(list[i]);
    info.model = std::string(known->model);
    // Strings need the device opened; without permission the entry is still listed.
    libusb_device_handle* handle = nullptr;
    if (libusb_open(list[i], &handle) == 0) {
      info.serial = read_string(handle, desc.iSerialNumber);
      info.manufacturer = read_string(handle, desc.iManufacturer);
      info.product = read_string(handle, desc.iProduct);
      libusb_close(handle);
    }
    if (known->supported) {
      info.uri = fmt::format("usb://{:04x}:{:04x}?protocol=r2000{}", info.vid, info.pid,
                             info.serial.empty() ? "" : "&serial=" + info.serial);
    }
    found.push_back(std::move(info));
  }
  libusb_free_device_list(list, 1);
  return found;
}

}  // namespace rfinv::drivers
