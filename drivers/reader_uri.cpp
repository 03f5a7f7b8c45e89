#include "drivers/reader_uri.h"

#include <charconv>
#include <optional>

#include "base/hex.h"

namespace rfinv::drivers {
namespace {

// `what` names the URI part in the error ("path", "query parameter 'baud'").
Result<std::string> percent_decode(std::string_view text, std::string_view what) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    bool complete = i + 2 < text.size();
    int high = complete ? hex_digit(text[i + 1]) : -1;
    int low = complete ? hex_digit(text[i + 2]) : -1;
    if (high < 0 || low < 0)
      return make_error(Errc::invalid_argument, "reader URI {} has a bad percent escape '{}'", what,
                        text.substr(i, 3));
    char decoded = static_cast<char>(high * 16 + low);
    if (decoded == '\0')
      return make_error(Errc::invalid_argument, "reader URI {} contains an encoded NUL byte", what);
    out.push_back(decoded);
    i += 2;
  }
  return out;
}

Result<std::map<std::string, std::string>> parse_query(std::string_view text) {
  std::map<std::string, std::string> query;
  while (!text.empty()) {
    std::size_t amp = text.find('&');
    std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (pair.empty()) continue;  // tolerate "a=1&&b=2" and a trailing '&'
    std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos)
      return make_error(Errc::invalid_argument, "reader URI query parameter '{}' has no value",
                        pair);
    auto key = percent_decode(pair.substr(0, eq), "query parameter name");
    if (!key) return key.error();
    if (key->empty())
      return make_error(Errc::invalid_argument, "reader URI query has a parameter with no name");
    auto value = percent_decode(pair.substr(eq + 1), fmt::format("query parameter '{}'", *key));
    if (!value) return value.error();
    if (!query.emplace(*key, std::move(*value)).second)
      return make_error(Errc::invalid_argument, "reader URI query parameter '{}' is given twice",
                        *key);
  }
  return query;
}

Result<std::uint16_t> parse_port(std::string_view text) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value == 0 ||
      value > 65535)
    return make_error(Errc::invalid_argument,
                      "reader URI port '{}' is not a number from 1 to 65535", text);
  return static_cast<std::uint16_t>(value);
}

bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_';
}

// llrp://HOST[:PORT] with HOST a name, an IPv4 address or a bracketed IPv6 address.
Status parse_llrp_authority(std::string_view authority, ReaderUri& uri) {
  std::string_view port_text;
  if (authority.starts_with('[')) {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos)
      return make_error(Errc::invalid_argument, "llrp URI host '{}' lacks the closing ']'",
                        authority);
    uri.host = std::string(authority.substr(1, close - 1));
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':')
        return make_error(Errc::invalid_argument, "llrp URI has '{}' after the IPv6 address", rest);
      port_text = rest.substr(1);
      if (port_text.empty())
        return make_error(Errc::invalid_argument, "llrp URI has ':' but no port");
    }
    for (char c : uri.host)
      if (hex_digit(c) < 0 && c != ':' && c != '.')
        return make_error(Errc::invalid_argument, "llrp URI IPv6 address '{}' is malformed",
                          uri.host);
  } else {
    std::size_t colon = authority.rfind(':');
    uri.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty())
        return make_error(Errc::invalid_argument, "llrp URI has ':' but no port");
    }
    for (char c : uri.host)
      if (!is_host_char(c))
        return make_error(Errc::invalid_argument, "llrp URI host '{}' has an invalid character",
                          uri.host);
  }
  if (uri.host.empty())
    return make_error(Errc::invalid_argument, "llrp URI needs a host (llrp://HOST[:PORT])");
  if (!port_text.empty()) {
    auto port = parse_port(port_text);
    if (!port) return port.error();
    uri.port = *port;
  }
  return {};
}

Result<std::uint16_t> parse_usb_id(std::string_view text, std::string_view which) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  if (text.empty() || text.size() > 4 || ec != std::errc() || end != text.data() + text.size())
    return make_error(Errc::invalid_argument,
                      "usb URI {} '{}' is not 1 to 4 hex digits (usb://VID:PID, e.g. 1209:0001)",
                      which, text);
  return static_cast<std::uint16_t>(value);
}

Status parse_usb_authority(std::string_view authority, ReaderUri& uri) {
  std::size_t colon = authority.find(':');
  if (colon == std::string_view::npos)
    return make_error(Errc::invalid_argument,
                      "usb URI '{}' needs VID:PID in hex (usb://VID:PID, e.g. 1209:0001)",
                      authority);
  auto vid = parse_usb_id(authority.substr(0, colon), "vendor id");
  if (!vid) return vid.error();
  auto pid = parse_usb_id(authority.substr(colon + 1), "product id");
  if (!pid) return pid.error();
  uri.host = fmt::format("{:04x}:{:04x}", *vid, *pid);
  return {};
}

}  // namespace

Result<ReaderUri> parse_reader_uri(std::string_view text) {
  std::size_t sep = text.find("://");
  if (sep == std::string_view::npos || sep == 0)
    return make_error(Errc::invalid_argument,
                      "reader URI '{}' has no scheme (expected llrp://, serial://, usb:// or "
                      "sim://)",
                      text);
  ReaderUri uri;
  for (char c : text.substr(0, sep))
    uri.scheme.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  if (uri.scheme != "llrp" && uri.scheme != "serial" && uri.scheme != "usb" && uri.scheme != "sim")
    return make_error(Errc::invalid_argument,
                      "unknown reader URI scheme '{}' (expected llrp, serial, usb or sim)",
                      uri.scheme);

  std::string_view rest = text.substr(sep + 3);
  std::size_t question = rest.find('?');
  std::string_view body = rest.substr(0, question);
  if (question != std::string_view::npos) {
    auto query = parse_query(rest.substr(question + 1));
    if (!query) return query.error();
    uri.query = std::move(*query);
  }

  if (uri.scheme == "llrp" || uri.scheme == "usb") {
    std::size_t slash = body.find('/');
    std::string_view authority = body.substr(0, slash);
    if (slash != std::string_view::npos && body.substr(slash) != "/")
      return make_error(Errc::invalid_argument, "{} URI takes no path, but has '{}'", uri.scheme,
                        body.substr(slash));
    Status status = uri.scheme == "llrp" ? parse_llrp_authority(authority, uri)
                                         : parse_usb_authority(authority, uri);
    if (!status) return status.error();
    return uri;
  }

  // serial and sim: everything after "scheme://" is the path, so sim:///abs.json is absolute
  // and sim://dir/file.json is relative to the working directory.
  auto path = percent_decode(body, "path");
  if (!path) return path.error();
  uri.path = std::move(*path);
  if (uri.scheme == "serial" && !uri.path.starts_with('/'))
    return make_error(Errc::invalid_argument,
                      "serial URI needs an absolute device path, e.g. serial:///dev/ttyUSB0");
  if (uri.scheme == "sim" && uri.path.empty())
    return make_error(Errc::invalid_argument,
                      "sim URI needs a scenario file path, e.g. sim:///path/scenario.json");
  return uri;
}

}  // namespace rfinv::drivers
