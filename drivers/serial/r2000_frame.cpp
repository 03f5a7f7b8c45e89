#include "drivers/serial/internal/r2000_frame.h"

#include <algorithm>
#include <array>
#include <cassert>

namespace rfinv::drivers::r2000 {

std::uint8_t checksum(std::span<const std::uint8_t> bytes) {
  std::uint8_t sum = 0;
  for (std::uint8_t b : bytes) sum = static_cast<std::uint8_t>(sum + b);
  return static_cast<std::uint8_t>(~sum + 1);
}

std::vector<std::uint8_t> encode(std::uint8_t address, std::uint8_t command,
                                 std::span<const std::uint8_t> data) {
  assert(data.size() <= kMaxDataSize);
  std::vector<std::uint8_t> frame;
  frame.reserve(data.size() + 5);
  frame.push_back(kHead);
  frame.push_back(static_cast<std::uint8_t>(data.size() + kMinLen));
  frame.push_back(address);
  frame.push_back(command);
  frame.insert(frame.end(), data.begin(), data.end());
  frame.push_back(checksum(frame));
  return frame;
}

std::vector<std::uint8_t> encode_real_time_inventory(std::uint8_t address, std::uint8_t repeat) {
  const std::array<std::uint8_t, 1> data{repeat};
  return encode(address, cmd::kRealTimeInventory, data);
}

std::vector<std::uint8_t> encode_set_work_antenna(std::uint8_t address, std::uint8_t antenna) {
  assert(antenna >= 1 && antenna <= 4);
  const std::array<std::uint8_t, 1> data{static_cast<std::uint8_t>(antenna - 1)};
  return encode(address, cmd::kSetWorkAntenna, data);
}

std::vector<std::uint8_t> encode_get_firmware_version(std::uint8_t address) {
  return encode(address, cmd::kGetFirmwareVersion, {});
}

namespace {

std::uint16_t be16(const std::uint8_t* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }

std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}

// Tag reports carry FreqAnt + PC + an even number of EPC bytes + RSSI (an even count);
// summaries carry 7 or 5 bytes (odd), so the data size alone tells the forms apart.
Result<Message> interpret_real_time_inventory(const Frame& frame) {
  const auto d = frame.data;
  if (d.size() == 1) return Message{ErrorReply{frame.command, d[0]}};
  if (d.size() == 7) {
    return Message{
        RoundSummary{static_cast<std::uint8_t>((d[0] & 0x03) + 1), be16(&d[1]), be32(&d[3])}};
  }
  if (d.size() == 5) {
    return Message{
        RoundSummary{static_cast<std::uint8_t>((d[0] & 0x03) + 1), std::nullopt, be32(&d[1])}};
  }
  if (d.size() < 4 || d.size() % 2 != 0) {
    return make_error(Errc::corrupt,
                      "r2000: real-time inventory frame with {} data bytes is neither a tag "
                      "report nor a round summary",
                      d.size());
  }
  TagReport tag;
  tag.antenna = static_cast<std::uint8_t>((d[0] & 0x03) + 1);
  tag.frequency_index = static_cast<std::uint8_t>(d[0] >> 2);
  tag.pc = be16(&d[1]);
  const std::size_t epc_size = 2u * (tag.pc >> 11);
  const std::size_t carried = d.size() - 4;
  if (epc_size != carried) {
    return make_error(Errc::corrupt,
                      "r2000: tag report PC {:04x} announces a {}-byte EPC but the frame "
                      "carries {}",
                      tag.pc, epc_size, carried);
  }
  tag.epc.assign(d.begin() + 3, d.begin() + 3 + static_cast<std::ptrdiff_t>(epc_size));
  tag.rssi_raw = d.back();
  tag.rssi_dbm = rssi_to_dbm(tag.rssi_raw);
  return Message{std::move(tag)};
}

}  // namespace

Result<Message> interpret(const Frame& frame) {
  if (frame.command == cmd::kRealTimeInventory) return interpret_real_time_inventory(frame);
  if (frame.data.size() == 1 && frame.data[0] != kSuccess) {
    return Message{ErrorReply{frame.command, frame.data[0]}};
  }
  return Message{CommandReply{frame.command, {frame.data.begin(), frame.data.end()}}};
}

std::string_view error_name(std::uint8_t code) {
  switch (code) {
    case 0x10:
      return "success";
    case 0x11:
      return "fail";
    case 0x20:
      return "mcu_reset_error";
    case 0x21:
      return "cw_on_error";
    case 0x22:
      return "antenna_missing";
    case 0x23:
      return "write_flash_error";
    case 0x24:
      return "read_flash_error";
    case 0x25:
      return "set_output_power_error";
    case 0x31:
      return "tag_inventory_error";
    case 0x32:
      return "tag_read_error";
    case 0x33:
      return "tag_write_error";
    case 0x34:
      return "tag_lock_error";
    case 0x35:
      return "tag_kill_error";
    case 0x36:
      return "no_tag";
    case 0x37:
      return "inventory_ok_but_access_fail";
    case 0x38:
      return "buffer_empty";
    case 0x3C:
      return "nxp_custom_command_fail";
    case 0x40:
      return "access_or_password_error";
    case 0x41:
      return "parameter_invalid";
    case 0x42:
      return "parameter_invalid_word_count_too_long";
    case 0x43:
      return "parameter_invalid_membank_out_of_range";
    case 0x44:
      return "parameter_invalid_lock_region_out_of_range";
    case 0x45:
      return "parameter_invalid_lock_action_out_of_range";
    case 0x46:
      return "parameter_reader_address_invalid";
    case 0x47:
      return "parameter_invalid_antenna_id_out_of_range";
    case 0x48:
      return "parameter_invalid_output_power_out_of_range";
    case 0x49:
      return "parameter_invalid_frequency_region_out_of_range";
    case 0x4A:
      return "parameter_invalid_baudrate_out_of_range";
    case 0x4B:
      return "parameter_beeper_mode_out_of_range";
    case 0x4C:
      return "parameter_epc_match_len_too_long";
    case 0x4D:
      return "parameter_epc_match_len_error";
    case 0x4E:
      return "parameter_invalid_epc_match_mode";
    case 0x4F:
      return "parameter_invalid_frequency_range";
    case 0x50:
      return "fail_to_get_rn16_from_tag";
    case 0x51:
      return "parameter_invalid_drm_mode";
    case 0x52:
      return "pll_lock_fail";
    case 0x53:
      return "rf_chip_fail_to_response";
    case 0x54:
      return "fail_to_achieve_desired_output_power";
    case 0x55:
      return "copyright_authentication_fail";
    case 0x56:
      return "spectrum_regulation_error";
    case 0x57:
      return "output_power_too_low";
    case 0xEE:
      return "fail_to_get_rf_port_return_loss";
    default:
      return "unknown";
  }
}

float rssi_to_dbm(std::uint8_t raw) {
  return static_cast<float>(raw >= 90 ? int{raw} - 129 : int{raw} - 130);
}

void StreamDecoder::feed(std::span<const std::uint8_t> bytes) {
  // Compact lazily so a long stream costs amortised O(1) per byte and the buffer stays small.
  if (start_ > 0 && start_ >= buffer_.size() / 2) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(start_));
    start_ = 0;
  }
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
}

// Only moves the start: frames handed out by next() view the buffer until the next feed().
void StreamDecoder::drop(std::size_t count) { start_ += count; }

void StreamDecoder::abandon_partial() {
  if (pending() == 0) return;
  ++discarded_;
  drop(1);
}

std::optional<Frame> StreamDecoder::next() {
  while (pending() > 0) {
    const std::uint8_t* p = buffer_.data() + start_;
    const std::size_t avail = pending();
    if (p[0] != kHead) {
      const auto* head = std::find(p, p + avail, kHead);
      const auto skipped = static_cast<std::size_t>(head - p);
      discarded_ += skipped;
      drop(skipped);
      continue;
    }
    if (avail < 2) return std::nullopt;
    const std::size_t len = p[1];
    if (len < kMinLen) {
      ++discarded_;
      drop(1);
      continue;
    }
    const std::size_t total = len + 2;
    if (avail < total) return std::nullopt;
    std::uint8_t sum = 0;
    for (std::size_t i = 0; i < total; ++i) sum = static_cast<std::uint8_t>(sum + p[i]);
    if (sum != 0) {
      ++bad_checksums_;
      ++discarded_;
      drop(1);
      continue;
    }
    Frame frame{p[2], p[3], std::span<const std::uint8_t>(p + 4, len - kMinLen)};
    drop(total);
    return frame;
  }
  return std::nullopt;
}

}  // namespace rfinv::drivers::r2000
