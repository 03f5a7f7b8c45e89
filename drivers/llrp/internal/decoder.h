// Decoding of LLRP message bodies: the parameter walk (TLV and TV, LLRP 1.0.1 §16.2), tag
// reports into TagRead, reader events, LLRPStatus and the general device capabilities.
//
// Unknown TLV parameters and vendor Custom (1023) parameters are skipped by their length; an
// unknown TV parameter cannot be skipped (it has no length) and is an error. Every error is
// Errc::corrupt and names the message or parameter and the offending value.
// The report decoder writes into a reused TagBatch and allocates nothing per parameter.
//
// Threading: pure functions over caller-owned bytes; TagBatch has one owner at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "drivers/llrp/internal/frame_splitter.h"
#include "drivers/tag_read.h"

namespace rfinv::drivers::llrp {

// Total size in bytes (type byte included) of TV parameter `type`, 0 when unknown.
std::size_t tv_size(std::uint8_t type);

struct Param {
  std::uint16_t type = 0;
  bool tv = false;
  std::span<const std::uint8_t> value;  // bytes after the 1-byte TV or 4-byte TLV header
};

// Iterates over a sequence of parameters that must fill `bytes` exactly.
class ParamWalker {
 public:
  explicit ParamWalker(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  // true and `out` set for the next parameter, false at the end, corrupt when malformed.
  Result<bool> next(Param& out);
  std::size_t offset() const { return pos_; }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t pos_ = 0;
};

// Checks that the parameters of a message body frame exactly, descending into the container
// parameters whose layout is fixed (ROSpec, AISpec parts, TagReportData, event data, ...).
// Message types without parameters after a fixed prefix (or unknown types) pass unchecked.
Status walk_message(const Message& message);

// A vector of TagRead that is reused across reports: clear() keeps elements (and their
// string and EPC storage) alive, so decoding a report into it allocates nothing once warm.
class TagBatch {
 public:
  void clear() { size_ = 0; }
  TagRead& add();  // the next element, reset to defaults except for reused storage
  void truncate(std::size_t n) { size_ = n < size_ ? n : size_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::span<const TagRead> view() const { return {items_.data(), size_}; }
  const TagRead& operator[](std::size_t i) const { return items_[i]; }

 private:
  std::vector<TagRead> items_;
  std::size_t size_ = 0;
};

struct ReportContext {
  std::string_view reader;              // copied into TagRead::reader
  Micros received_at = 0;               // used when a report carries no timestamp
  std::optional<Micros> uptime_to_utc;  // added to Uptime timestamps when UTC is absent
};

// Appends one TagRead per TagReportData of an RO_ACCESS_REPORT body. On error the batch is
// left as it was before the call. RSSI is PeakRSSI as signed dBm; first/last seen are UTC
// microseconds (UTC timestamp, else uptime + uptime_to_utc, else received_at; last seen falls
// back to first seen).
Status decode_ro_access_report(std::span<const std::uint8_t> body, const ReportContext& context,
                               TagBatch& out);

struct ReaderEvent {
  std::optional<Micros> utc;                        // UTCTimestamp
  std::optional<std::uint64_t> uptime;              // Uptime, when the reader has no clock
  std::optional<std::uint16_t> connection_attempt;  // ConnectionAttemptEvent status
  bool connection_close = false;                    // ConnectionCloseEvent
};

// Decodes a READER_EVENT_NOTIFICATION body.
Result<ReaderEvent> decode_reader_event(std::span<const std::uint8_t> body);

struct LlrpStatus {
  std::uint16_t code = 0;  // 0 = M_Success
  std::string description;
  std::uint16_t parameter_type = 0;  // from ParameterError, when present
  std::uint16_t parameter_error = 0;
  std::uint16_t field_num = 0;  // from FieldError, when present
  std::uint16_t field_error = 0;
  bool ok() const { return code == 0; }
  // "status 101 (FieldError): text [parameter 177 error 201] [field 2 error 300]"
  std::string to_string() const;
};

// Finds and decodes the LLRPStatus parameter of a response or ERROR_MESSAGE body.
Result<LlrpStatus> decode_status(std::span<const std::uint8_t> body);

struct Capabilities {
  std::uint16_t max_antennas = 0;
  bool has_utc_clock = false;
  std::uint32_t manufacturer = 0;  // IANA private enterprise number (Impinj = 25882)
  std::uint32_t model = 0;
  std::string firmware;
};

// Decodes the LLRPStatus and GeneralDeviceCapabilities of a GET_READER_CAPABILITIES_RESPONSE.
struct CapabilitiesResponse {
  LlrpStatus status;
  std::optional<Capabilities> general;
};
Result<CapabilitiesResponse> decode_capabilities(std::span<const std::uint8_t> body);

}  // namespace rfinv::drivers::llrp
