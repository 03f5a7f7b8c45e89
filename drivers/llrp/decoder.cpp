#include "drivers/llrp/internal/decoder.h"

#include <array>

#include "drivers/llrp/internal/protocol.h"

namespace rfinv::drivers::llrp {
namespace {

// TV sizes, type byte included [LLRP 1.0.1 §16.2.7 and 1.1 for XPC words 19/20].
constexpr std::array<std::uint8_t, 128> kTvSizes = [] {
  std::array<std::uint8_t, 128> s{};
  s[param::kAntennaId] = 3;
  s[param::kFirstSeenUtc] = 9;
  s[param::kFirstSeenUptime] = 9;
  s[param::kLastSeenUtc] = 9;
  s[param::kLastSeenUptime] = 9;
  s[param::kPeakRssi] = 2;
  s[param::kChannelIndex] = 3;
  s[param::kTagSeenCount] = 3;
  s[9] = 5;   // ROSpecID
  s[10] = 3;  // InventoryParameterSpecID
  s[11] = 3;  // C1G2_CRC
  s[12] = 3;  // C1G2_PC
  s[param::kEpc96] = 13;
  s[14] = 3;  // SpecIndex
  s[15] = 3;  // ClientRequestOpSpecResult
  s[16] = 5;  // AccessSpecID
  s[17] = 3;  // OpSpecID
  s[18] = 5;  // C1G2SingulationDetails
  s[19] = 3;  // C1G2XPCW1
  s[20] = 3;  // C1G2XPCW2
  return s;
}();

// Bytes of fixed fields before the parameters of a message body; -1 = do not walk.
int message_prefix(std::uint16_t type) {
  switch (type) {
    case msg::kGetReaderCapabilities:
    case msg::kSetReaderConfig:
    case msg::kSetProtocolVersion:
      return 1;
    case msg::kGetReaderConfig:
      return 7;
    case msg::kDeleteRospec:
    case msg::kStartRospec:
    case msg::kStopRospec:
    case msg::kEnableRospec:
    case msg::kDisableRospec:
    case 41:  // DELETE_ACCESSSPEC
    case 42:  // ENABLE_ACCESSSPEC
    case 43:  // DISABLE_ACCESSSPEC
      return 4;
    case msg::kGetSupportedVersionResponse:
      return 2;
    case msg::kCloseConnectionResponse:
    case msg::kGetReaderCapabilitiesResponse:
    case msg::kGetReaderConfigResponse:
    case msg::kSetReaderConfigResponse:
    case msg::kCloseConnection:
    case msg::kAddRospec:
    case msg::kGetRospecs:
    case msg::kAddRospecResponse:
    case msg::kDeleteRospecResponse:
    case msg::kStartRospecResponse:
    case msg::kStopRospecResponse:
    case msg::kEnableRospecResponse:
    case msg::kDisableRospecResponse:
    case msg::kGetRospecsResponse:
    case msg::kAddAccessspec:
    case msg::kGetAccessspecs:
    case msg::kClientRequestOp:
    case msg::kGetSupportedVersion:
    case 50:
    case 51:
    case 52:
    case 53:
    case 54:
    case 55:
    case 57:
    case msg::kGetReport:
    case msg::kRoAccessReport:
    case msg::kKeepalive:
    case msg::kReaderEventNotification:
    case msg::kEnableEventsAndReports:
    case msg::kKeepaliveAck:
    case msg::kErrorMessage:
      return 0;
    default:
      return -1;
  }
}

// Bytes of fixed fields before the sub-parameters of a container TLV; -1 = opaque (fields
// only, vendor data, or a layout not worth walking).
long param_prefix(std::uint16_t type, std::span<const std::uint8_t> v) {
  switch (type) {
    case param::kRospec:
      return 6;
    case param::kRoBoundarySpec:
      return 0;
    case param::kRospecStartTrigger:
      return 1;
    case param::kRospecStopTrigger:
      return 5;
    case param::kAiSpecStopTrigger:
      return 5;
    case param::kInventoryParameterSpec:
      return 3;
    case param::kRoReportSpec:
      return 3;
    case param::kTagReportData:
      return 0;
    case param::kReaderEventNotificationData:
      return 0;
    case 222:
      return 2;  // AntennaConfiguration
    case 207:
      return 12;                                                 // AccessSpec
    case param::kAiSpec:                                         // AntennaIDs u16v
      if (v.size() < 2) return static_cast<long>(v.size()) + 1;  // forces a length error
      return 2 + 2L * get_u16(v.data());
    case param::kLlrpStatus:  // StatusCode u16, ErrorDescription utf8v
      if (v.size() < 4) return static_cast<long>(v.size()) + 1;
      return 4 + get_u16(v.data() + 2);
    default:
      return -1;
  }
}

Status walk_params(std::span<const std::uint8_t> bytes, int depth) {
  if (depth > 16) return make_error(Errc::corrupt, "LLRP parameters nested deeper than 16");
  ParamWalker walker(bytes);
  Param p;
  for (;;) {
    auto more = walker.next(p);
    if (!more) return more.error();
    if (!*more) return {};
    if (p.tv) continue;
    long prefix = param_prefix(p.type, p.value);
    if (prefix < 0) continue;
    if (static_cast<std::size_t>(prefix) > p.value.size())
      return make_error(Errc::corrupt, "LLRP parameter {}: {} bytes too short for its fields",
                        p.type, p.value.size() + 4);
    if (auto st = walk_params(p.value.subspan(static_cast<std::size_t>(prefix)), depth + 1); !st)
      return make_error(Errc::corrupt, "in parameter {}: {}", p.type, st.error().message);
  }
}

Micros to_utc(std::optional<std::uint64_t> utc, std::optional<std::uint64_t> uptime,
              const ReportContext& ctx, Micros fallback) {
  if (utc) return static_cast<Micros>(*utc);
  if (uptime && ctx.uptime_to_utc) return static_cast<Micros>(*uptime) + *ctx.uptime_to_utc;
  return fallback;
}

// One TagReportData value (after its 4-byte header) into `t`. The hot path: a flat switch
// over the parameters, no allocation (EPCs up to 32 bytes stay inline in TagRead::epc).
Status decode_tag_report(const std::uint8_t* p, const std::uint8_t* end, const ReportContext& ctx,
                         TagRead& t) {
  std::optional<std::uint64_t> first_utc, first_up, last_utc, last_up;
  bool have_epc = false;
  while (p < end) {
    std::uint8_t b = *p;
    if (b & 0x80) {
      std::uint8_t type = b & 0x7f;
      std::size_t size = kTvSizes[type];
      if (size == 0)
        return make_error(Errc::corrupt, "TagReportData: unknown TV parameter type {}", type);
      if (static_cast<std::size_t>(end - p) < size)
        return make_error(Errc::corrupt, "TagReportData: TV parameter {} truncated", type);
      const std::uint8_t* v = p + 1;
      switch (type) {
        case param::kEpc96:
          t.epc.assign(v, v + 12);
          t.epc_bits = 96;
          have_epc = true;
          break;
        case param::kAntennaId:
          t.antenna = get_u16(v);
          break;
        case param::kPeakRssi:
          t.rssi_dbm = static_cast<float>(static_cast<std::int8_t>(*v));
          break;
        case param::kFirstSeenUtc:
          first_utc = get_u64(v);
          break;
        case param::kFirstSeenUptime:
          first_up = get_u64(v);
          break;
        case param::kLastSeenUtc:
          last_utc = get_u64(v);
          break;
        case param::kLastSeenUptime:
          last_up = get_u64(v);
          break;
        case param::kTagSeenCount:
          t.seen_count = get_u16(v);
          break;
        default:
          break;
      }
      p += size;
      continue;
    }
    if (end - p < 4) return make_error(Errc::corrupt, "TagReportData: truncated TLV header");
    std::uint16_t type = get_u16(p) & 0x3ff;
    std::uint16_t len = get_u16(p + 2);
    if (len < 4 || len > end - p)
      return make_error(Errc::corrupt, "TagReportData: parameter {} length {} does not fit in {}",
                        type, len, end - p);
    if (type == param::kEpcData) {
      if (len < 6) return make_error(Errc::corrupt, "EPCData: length {} below 6", len);
      std::uint16_t bits = get_u16(p + 4);
      std::size_t bytes = (bits + 7u) / 8u;
      if (6 + bytes > len)
        return make_error(Errc::corrupt, "EPCData: {} bits do not fit in length {}", bits, len);
      t.epc.assign(p + 6, p + 6 + bytes);
      t.epc_bits = bits;
      have_epc = true;
    }
    p += len;
  }
  if (!have_epc) return make_error(Errc::corrupt, "TagReportData without EPC-96 or EPCData");
  t.first_seen = to_utc(first_utc, first_up, ctx, ctx.received_at);
  t.last_seen = to_utc(last_utc, last_up, ctx, t.first_seen);
  return {};
}

}  // namespace

std::size_t tv_size(std::uint8_t type) { return type < 128 ? kTvSizes[type] : 0; }

Result<bool> ParamWalker::next(Param& out) {
  std::size_t left = bytes_.size() - pos_;
  if (left == 0) return false;
  const std::uint8_t* p = bytes_.data() + pos_;
  if (p[0] & 0x80) {
    std::uint8_t type = p[0] & 0x7f;
    std::size_t size = kTvSizes[type];
    if (size == 0)
      return make_error(Errc::corrupt, "unknown TV parameter type {} at offset {}", type, pos_);
    if (left < size)
      return make_error(Errc::corrupt, "TV parameter {} at offset {} truncated ({} of {} bytes)",
                        type, pos_, left, size);
    out = Param{type, true, {p + 1, size - 1}};
    pos_ += size;
    return true;
  }
  if (left < 4)
    return make_error(Errc::corrupt, "truncated parameter header at offset {} ({} bytes left)",
                      pos_, left);
  std::uint16_t type = get_u16(p) & 0x3ff;
  std::uint16_t len = get_u16(p + 2);
  if (len < 4)
    return make_error(Errc::corrupt, "parameter {} at offset {} has length {} below 4", type, pos_,
                      len);
  if (len > left)
    return make_error(Errc::corrupt, "parameter {} at offset {} claims {} bytes, {} left", type,
                      pos_, len, left);
  out = Param{type, false, {p + 4, std::size_t{len} - 4u}};
  pos_ += len;
  return true;
}

Status walk_message(const Message& message) {
  int prefix = message_prefix(message.header.type);
  if (prefix < 0) return {};
  if (message.body.size() < static_cast<std::size_t>(prefix))
    return make_error(Errc::corrupt, "LLRP message type {} id {}: body of {} bytes is too short",
                      message.header.type, message.header.id, message.body.size());
  if (auto st = walk_params(message.body.subspan(static_cast<std::size_t>(prefix)), 0); !st)
    return make_error(Errc::corrupt, "LLRP message type {} id {}: {}", message.header.type,
                      message.header.id, st.error().message);
  return {};
}

TagRead& TagBatch::add() {
  if (size_ == items_.size()) items_.emplace_back();
  TagRead& t = items_[size_++];
  t.antenna = 0;
  t.epc.clear();
  t.epc_bits = 0;
  t.rssi_dbm.reset();
  t.first_seen = t.last_seen = 0;
  t.seen_count = 1;
  return t;
}

Status decode_ro_access_report(std::span<const std::uint8_t> body, const ReportContext& context,
                               TagBatch& out) {
  const std::size_t start = out.size();
  const std::uint8_t* p = body.data();
  const std::uint8_t* end = p + body.size();
  while (p < end) {
    std::size_t size;
    std::uint16_t type;
    if (*p & 0x80) {
      type = *p & 0x7f;
      size = kTvSizes[type];
      if (size == 0 || size > static_cast<std::size_t>(end - p)) {
        out.truncate(start);
        return make_error(Errc::corrupt, "RO_ACCESS_REPORT: bad TV parameter {} at offset {}", type,
                          p - body.data());
      }
    } else {
      if (end - p < 4) {
        out.truncate(start);
        return make_error(Errc::corrupt, "RO_ACCESS_REPORT: truncated parameter at offset {}",
                          p - body.data());
      }
      type = get_u16(p) & 0x3ff;
      size = get_u16(p + 2);
      if (size < 4 || size > static_cast<std::size_t>(end - p)) {
        out.truncate(start);
        return make_error(Errc::corrupt,
                          "RO_ACCESS_REPORT: parameter {} at offset {} has length {} ({} left)",
                          type, p - body.data(), size, end - p);
      }
      if (type == param::kTagReportData) {
        TagRead& t = out.add();
        if (t.reader != context.reader) t.reader.assign(context.reader);
        if (auto st = decode_tag_report(p + 4, p + size, context, t); !st) {
          out.truncate(start);
          return make_error(Errc::corrupt, "RO_ACCESS_REPORT offset {}: {}", p - body.data(),
                            st.error().message);
        }
      }
    }
    p += size;
  }
  return {};
}

Result<ReaderEvent> decode_reader_event(std::span<const std::uint8_t> body) {
  ParamWalker top(body);
  Param p;
  ReaderEvent ev;
  bool found = false;
  for (;;) {
    auto more = top.next(p);
    if (!more)
      return make_error(Errc::corrupt, "READER_EVENT_NOTIFICATION: {}", more.error().message);
    if (!*more) break;
    if (p.tv || p.type != param::kReaderEventNotificationData) continue;
    found = true;
    ParamWalker inner(p.value);
    Param e;
    for (;;) {
      auto m = inner.next(e);
      if (!m)
        return make_error(Errc::corrupt, "ReaderEventNotificationData: {}", m.error().message);
      if (!*m) break;
      if (e.tv) continue;
      switch (e.type) {
        case param::kUtcTimestamp:
        case param::kUptime:
          if (e.value.size() < 8)
            return make_error(Errc::corrupt, "timestamp parameter {} of {} bytes", e.type,
                              e.value.size() + 4);
          if (e.type == param::kUtcTimestamp)
            ev.utc = static_cast<Micros>(get_u64(e.value.data()));
          else
            ev.uptime = get_u64(e.value.data());
          break;
        case param::kConnectionAttemptEvent:
          if (e.value.size() < 2)
            return make_error(Errc::corrupt, "ConnectionAttemptEvent without a status");
          ev.connection_attempt = get_u16(e.value.data());
          break;
        case param::kConnectionCloseEvent:
          ev.connection_close = true;
          break;
        default:
          break;
      }
    }
  }
  if (!found)
    return make_error(Errc::corrupt,
                      "READER_EVENT_NOTIFICATION without ReaderEventNotificationData");
  return ev;
}

namespace {

Status decode_status_param(std::span<const std::uint8_t> v, LlrpStatus& st) {
  if (v.size() < 4) return make_error(Errc::corrupt, "LLRPStatus of {} bytes", v.size() + 4);
  st.code = get_u16(v.data());
  std::size_t n = get_u16(v.data() + 2);
  if (4 + n > v.size())
    return make_error(Errc::corrupt, "LLRPStatus: description of {} bytes overruns the parameter",
                      n);
  st.description.assign(reinterpret_cast<const char*>(v.data() + 4), n);
  ParamWalker w(v.subspan(4 + n));
  Param p;
  for (;;) {
    auto more = w.next(p);
    if (!more) return make_error(Errc::corrupt, "LLRPStatus: {}", more.error().message);
    if (!*more) return {};
    if (p.tv || p.value.size() < 4) continue;
    if (p.type == param::kFieldError) {
      st.field_num = get_u16(p.value.data());
      st.field_error = get_u16(p.value.data() + 2);
    } else if (p.type == param::kParameterError) {
      st.parameter_type = get_u16(p.value.data());
      st.parameter_error = get_u16(p.value.data() + 2);
    }
  }
}

std::string_view status_name(std::uint16_t code) {
  switch (code) {
    case 0:
      return "Success";
    case 100:
      return "ParameterError";
    case 101:
      return "FieldError";
    case 102:
      return "UnexpectedParameter";
    case 103:
      return "MissingParameter";
    case 104:
      return "DuplicateParameter";
    case 105:
      return "OverflowParameter";
    case 106:
      return "OverflowField";
    case 107:
      return "UnknownParameter";
    case 108:
      return "UnknownField";
    case 109:
      return "UnsupportedMessage";
    case 110:
      return "UnsupportedVersion";
    case 111:
      return "UnsupportedParameter";
    case 300:
      return "A_Invalid";
    case 301:
      return "A_OutOfRange";
    case 401:
      return "R_DeviceError";
    default:
      return code >= 200 && code < 210 ? "P_ParameterError" : "unknown";
  }
}

}  // namespace

std::string LlrpStatus::to_string() const {
  std::string s = fmt::format("status {} ({})", code, status_name(code));
  if (!description.empty()) s += fmt::format(": {}", description);
  if (parameter_type) s += fmt::format(" [parameter {} error {}]", parameter_type, parameter_error);
  if (field_error) s += fmt::format(" [field {} error {}]", field_num, field_error);
  return s;
}

Result<LlrpStatus> decode_status(std::span<const std::uint8_t> body) {
  ParamWalker w(body);
  Param p;
  for (;;) {
    auto more = w.next(p);
    if (!more) return make_error(Errc::corrupt, "response: {}", more.error().message);
    if (!*more) return make_error(Errc::corrupt, "response without LLRPStatus");
    if (p.tv || p.type != param::kLlrpStatus) continue;
    LlrpStatus st;
    if (auto r = decode_status_param(p.value, st); !r) return r.error();
    return st;
  }
}

Result<CapabilitiesResponse> decode_capabilities(std::span<const std::uint8_t> body) {
  ParamWalker w(body);
  Param p;
  CapabilitiesResponse out;
  bool have_status = false;
  for (;;) {
    auto more = w.next(p);
    if (!more)
      return make_error(Errc::corrupt, "GET_READER_CAPABILITIES_RESPONSE: {}",
                        more.error().message);
    if (!*more) break;
    if (p.tv) continue;
    if (p.type == param::kLlrpStatus) {
      if (auto r = decode_status_param(p.value, out.status); !r) return r.error();
      have_status = true;
    } else if (p.type == param::kGeneralDeviceCapabilities) {
      const auto& v = p.value;
      if (v.size() < 14)
        return make_error(Errc::corrupt, "GeneralDeviceCapabilities of {} bytes", v.size() + 4);
      Capabilities c;
      c.max_antennas = get_u16(v.data());
      c.has_utc_clock = (get_u16(v.data() + 2) & 0x4000) != 0;
      c.manufacturer = get_u32(v.data() + 4);
      c.model = get_u32(v.data() + 8);
      std::size_t n = get_u16(v.data() + 12);
      if (14 + n > v.size())
        return make_error(Errc::corrupt, "GeneralDeviceCapabilities: firmware version overruns");
      c.firmware.assign(reinterpret_cast<const char*>(v.data() + 14), n);
      out.general = std::move(c);
    }
  }
  if (!have_status)
    return make_error(Errc::corrupt, "GET_READER_CAPABILITIES_RESPONSE without LLRPStatus");
  return out;
}

}  // namespace rfinv::drivers::llrp
