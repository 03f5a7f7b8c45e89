// LLRP wire constants and big-endian helpers (EPCglobal LLRP 1.0.1 §16, 1.1 for version 2).
// Private to drivers/llrp. Pure values and inline functions: safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rfinv::drivers::llrp {

inline constexpr std::size_t kHeaderSize = 10;
inline constexpr std::uint16_t kDefaultPort = 5084;
inline constexpr std::uint8_t kVersion101 = 1;
inline constexpr std::uint8_t kVersion11 = 2;

namespace msg {
inline constexpr std::uint16_t kGetReaderCapabilities = 1;
inline constexpr std::uint16_t kGetReaderConfig = 2;
inline constexpr std::uint16_t kSetReaderConfig = 3;
inline constexpr std::uint16_t kCloseConnectionResponse = 4;
inline constexpr std::uint16_t kGetReaderCapabilitiesResponse = 11;
inline constexpr std::uint16_t kGetReaderConfigResponse = 12;
inline constexpr std::uint16_t kSetReaderConfigResponse = 13;
inline constexpr std::uint16_t kCloseConnection = 14;
inline constexpr std::uint16_t kAddRospec = 20;
inline constexpr std::uint16_t kDeleteRospec = 21;
inline constexpr std::uint16_t kStartRospec = 22;
inline constexpr std::uint16_t kStopRospec = 23;
inline constexpr std::uint16_t kEnableRospec = 24;
inline constexpr std::uint16_t kDisableRospec = 25;
inline constexpr std::uint16_t kGetRospecs = 26;
inline constexpr std::uint16_t kAddRospecResponse = 30;
inline constexpr std::uint16_t kDeleteRospecResponse = 31;
inline constexpr std::uint16_t kStartRospecResponse = 32;
inline constexpr std::uint16_t kStopRospecResponse = 33;
inline constexpr std::uint16_t kEnableRospecResponse = 34;
inline constexpr std::uint16_t kDisableRospecResponse = 35;
inline constexpr std::uint16_t kGetRospecsResponse = 36;
inline constexpr std::uint16_t kAddAccessspec = 40;
inline constexpr std::uint16_t kGetAccessspecs = 44;
inline constexpr std::uint16_t kClientRequestOp = 45;
inline constexpr std::uint16_t kGetSupportedVersion = 46;
inline constexpr std::uint16_t kSetProtocolVersion = 47;
inline constexpr std::uint16_t kGetSupportedVersionResponse = 56;
inline constexpr std::uint16_t kGetReport = 60;
inline constexpr std::uint16_t kRoAccessReport = 61;
inline constexpr std::uint16_t kKeepalive = 62;
inline constexpr std::uint16_t kReaderEventNotification = 63;
inline constexpr std::uint16_t kEnableEventsAndReports = 64;
inline constexpr std::uint16_t kKeepaliveAck = 72;
inline constexpr std::uint16_t kErrorMessage = 100;
inline constexpr std::uint16_t kCustomMessage = 1023;
}  // namespace msg

namespace param {
// TV parameters (1..127): fixed size, no length field.
inline constexpr std::uint16_t kAntennaId = 1;
inline constexpr std::uint16_t kFirstSeenUtc = 2;
inline constexpr std::uint16_t kFirstSeenUptime = 3;
inline constexpr std::uint16_t kLastSeenUtc = 4;
inline constexpr std::uint16_t kLastSeenUptime = 5;
inline constexpr std::uint16_t kPeakRssi = 6;
inline constexpr std::uint16_t kChannelIndex = 7;
inline constexpr std::uint16_t kTagSeenCount = 8;
inline constexpr std::uint16_t kEpc96 = 13;
// TLV parameters (128..2047).
inline constexpr std::uint16_t kUtcTimestamp = 128;
inline constexpr std::uint16_t kUptime = 129;
inline constexpr std::uint16_t kGeneralDeviceCapabilities = 137;
inline constexpr std::uint16_t kRospec = 177;
inline constexpr std::uint16_t kRoBoundarySpec = 178;
inline constexpr std::uint16_t kRospecStartTrigger = 179;
inline constexpr std::uint16_t kRospecStopTrigger = 182;
inline constexpr std::uint16_t kAiSpec = 183;
inline constexpr std::uint16_t kAiSpecStopTrigger = 184;
inline constexpr std::uint16_t kInventoryParameterSpec = 186;
inline constexpr std::uint16_t kKeepaliveSpec = 220;
inline constexpr std::uint16_t kRoReportSpec = 237;
inline constexpr std::uint16_t kTagReportContentSelector = 238;
inline constexpr std::uint16_t kTagReportData = 240;
inline constexpr std::uint16_t kEpcData = 241;
inline constexpr std::uint16_t kReaderEventNotificationData = 246;
inline constexpr std::uint16_t kConnectionAttemptEvent = 256;
inline constexpr std::uint16_t kConnectionCloseEvent = 257;
inline constexpr std::uint16_t kLlrpStatus = 287;
inline constexpr std::uint16_t kFieldError = 288;
inline constexpr std::uint16_t kParameterError = 289;
inline constexpr std::uint16_t kCustom = 1023;
}  // namespace param

inline std::uint16_t get_u16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
inline std::uint32_t get_u32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}
inline std::uint64_t get_u64(const std::uint8_t* p) {
  return (std::uint64_t{get_u32(p)} << 32) | get_u32(p + 4);
}

}  // namespace rfinv::drivers::llrp
