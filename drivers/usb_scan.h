// USB devices that look like known RFID readers, for `rfinv reader scan-usb`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"

namespace rfinv::drivers {

struct UsbDeviceInfo {
  std::uint16_t vid = 0;
  std::uint16_t pid = 0;
  std::uint8_t bus = 0;
  std::uint8_t address = 0;
  std::string serial;        // iSerialNumber string, empty when the device has none
  std::string manufacturer;  // iManufacturer string
  std::string product;       // iProduct string
  std::string model;         // which known reader this matches, e.g. "R2000 HID module"
  std::string uri;           // a ready-to-use reader URI, e.g. "usb://1209:0001?protocol=r2000"
};

// Lists connected USB devices whose VID:PID (or HID interface) matches a known reader.
// Fails with io when libusb cannot be initialised.
Result<std::vector<UsbDeviceInfo>> scan_usb_readers();

}  // namespace rfinv::drivers
