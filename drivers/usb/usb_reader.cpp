// usb://VID:PID — placeholder until the libusb transport lands (same day).
#include "drivers/backends.h"
#include "drivers/usb_scan.h"

namespace rfinv::drivers {

Result<std::unique_ptr<Reader>> make_usb_reader(boost::asio::io_context&, std::string,
                                                const ReaderUri&) {
  return make_error(Errc::unsupported, "usb readers are not built yet");
}

Result<std::vector<UsbDeviceInfo>> scan_usb_readers() { return std::vector<UsbDeviceInfo>{}; }

}  // namespace rfinv::drivers
