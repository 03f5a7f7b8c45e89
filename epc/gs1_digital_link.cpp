// GS1 Digital Link URIs (GS1 Digital Link URI Syntax): any host, an optional path before the
// primary key, the key's qualifiers in the standard's order, data attributes in the query.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "epc/gs1_ai.h"
#include "epc/gs1_element_string.h"
#include "epc/internal/digital_link.h"

namespace rfinv::epc {
namespace {

constexpr std::string_view kSchemes[] = {"http://", "https://", "HTTP://", "HTTPS://"};
constexpr std::string_view kCanonicalHost = "https://id.gs1.org";

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  return true;
}

bool unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// Characters RFC 3986 allows in a URI (unreserved, reserved and the % of an escape).
bool uri_char(char c) {
  return unreserved(c) || std::string_view(":/?#[]@!$&'()*+,;=%").find(c) != std::string_view::npos;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Undoes %HH escapes; in a query "+" stands for a space (which no AI value may hold).
Result<std::string> percent_decode(std::string_view s, bool query, std::string_view where) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      int hi = i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
      int lo = i + 2 < s.size() ? hex_value(s[i + 2]) : -1;
      if (hi < 0 || lo < 0)
        return make_error(Errc::invalid_argument, "{}: '%' is not followed by two hex digits",
                          where);
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(query && s[i] == '+' ? ' ' : s[i]);
    }
  }
  return out;
}

std::string percent_encode(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (unreserved(c))
      out.push_back(c);
    else
      fmt::format_to(std::back_inserter(out), "%{:02X}", static_cast<unsigned char>(c));
  }
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Position of `ai` in the space-separated qualifier list, or npos.
std::size_t qualifier_rank(const AiSpec& key, std::string_view ai) {
  std::size_t rank = 0;
  std::string_view q = key.qualifiers;
  while (!q.empty()) {
    std::size_t sp = q.find(' ');
    if (q.substr(0, sp) == ai) return rank;
    ++rank;
    if (sp == std::string_view::npos) break;
    q.remove_prefix(sp + 1);
  }
  return std::string_view::npos;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    std::size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

}  // namespace

namespace detail {

bool looks_like_uri(std::string_view text) {
  return starts_with_ci(text, "http://") || starts_with_ci(text, "https://");
}

Result<std::vector<AiElement>> parse_digital_link(std::string_view uri) {
  auto scheme = std::find_if(std::begin(kSchemes), std::end(kSchemes),
                             [&](std::string_view s) { return uri.starts_with(s); });
  if (scheme == std::end(kSchemes))
    return make_error(Errc::invalid_argument,
                      "Digital Link: the scheme must be http:// or https:// (one case)");
  for (std::size_t i = 0; i < uri.size(); ++i)
    if (!uri_char(uri[i]))
      return make_error(Errc::invalid_argument,
                        "Digital Link: character {} is not allowed in a URI", i + 1);
  std::string_view rest = uri.substr(scheme->size());
  rest = rest.substr(0, rest.find('#'));  // a fragment means nothing to GS1
  std::string_view query;
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    query = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  std::size_t slash = rest.find('/');
  std::string_view host = rest.substr(0, slash);
  if (host.empty() || host.find_first_of("$%@!&'()*+,;=") != std::string_view::npos)
    return make_error(Errc::invalid_argument,
                      "Digital Link: the host name is missing or malformed");
  if (slash == std::string_view::npos || slash + 1 == rest.size())
    return make_error(Errc::invalid_argument, "Digital Link: the path has no GS1 primary key");
  std::string_view path = rest.substr(slash + 1);
  if (path.back() == '/')
    return make_error(Errc::invalid_argument, "Digital Link: the path must not end with '/'");
  std::vector<std::string_view> segs = split(path, '/');

  // The primary key is the rightmost pair-aligned segment that names one; what comes before
  // it is the publisher's own path.
  std::size_t key_at = std::string_view::npos;
  for (std::size_t i = segs.size() % 2 == 0 ? 0 : 1; i + 1 < segs.size(); i += 2) {
    const AiSpec* s = find_ai(segs[i]);
    if (s != nullptr && s->dl_role == DlRole::primary_key) key_at = i;
  }
  if (key_at == std::string_view::npos)
    return make_error(
        Errc::invalid_argument,
        "Digital Link: no GS1 primary key (01, 00, 414, 8003, 8004, ...) in the path");
  const AiSpec& key = *find_ai(segs[key_at]);
  // A qualifier and its value just before the key are a path in the wrong order, not the
  // publisher's own path.
  if (key_at >= 2 && qualifier_rank(key, segs[key_at - 2]) != std::string_view::npos)
    return make_error(Errc::invalid_argument,
                      "Digital Link: ({}) stands before the primary key ({}); key qualifiers "
                      "follow it",
                      segs[key_at - 2], key.ai);

  std::vector<AiElement> out;
  std::size_t last_rank = 0;
  std::string_view last_ai;
  for (std::size_t i = key_at; i + 1 < segs.size(); i += 2) {
    std::string_view ai = segs[i];
    if (i > key_at) {
      std::size_t rank = qualifier_rank(key, ai);
      if (rank == std::string_view::npos)
        return make_error(Errc::invalid_argument,
                          "Digital Link: ({}) is not a key qualifier of ({}); data attributes "
                          "go in the query string",
                          ai, key.ai);
      if (!last_ai.empty() && rank <= last_rank)
        return make_error(Errc::invalid_argument,
                          "Digital Link: path order is wrong: ({}) must come before ({}) (the "
                          "order after ({}) is {})",
                          ai, last_ai, key.ai, key.qualifiers);
      last_rank = rank;
      last_ai = ai;
    }
    auto value = percent_decode(segs[i + 1], false, fmt::format("Digital Link ({})", ai));
    if (!value) return value.error();
    out.push_back({std::string(ai), std::move(*value)});
  }

  for (std::string_view param : split(query, '&')) {
    auto eq = param.find('=');
    if (param.empty() || eq == std::string_view::npos) continue;  // singletons mean nothing to GS1
    std::string_view name = param.substr(0, eq);
    if (!all_digits(name)) continue;  // other parameters (linkType, ...) are the resolver's
    const AiSpec* spec = find_ai(name);
    if (spec == nullptr)
      return make_error(Errc::invalid_argument, "unknown AI ({}) in the Digital Link query", name);
    if (qualifier_rank(key, name) != std::string_view::npos || name == key.ai)
      return make_error(Errc::invalid_argument,
                        "Digital Link: ({}) is a key qualifier of ({}) and belongs in the path",
                        name, key.ai);
    auto value = percent_decode(param.substr(eq + 1), true, fmt::format("Digital Link ({})", name));
    if (!value) return value.error();
    out.push_back({std::string(name), std::move(*value)});
  }
  return out;
}

}  // namespace detail

Result<std::string> to_digital_link(const Gs1Data& data) {
  const AiSpec* key = nullptr;
  for (const AiElement& e : data.elements) {
    const AiSpec* s = find_ai(e.ai);
    if (s != nullptr && s->dl_role == DlRole::primary_key) {
      key = s;
      break;
    }
  }
  if (key == nullptr)
    return make_error(
        Errc::invalid_argument,
        "no GS1 primary key (01, 00, 414, 8003, 8004, ...) to make a Digital Link of");
  std::string out(kCanonicalHost);
  fmt::format_to(std::back_inserter(out), "/{}/{}", key->ai, percent_encode(*data.value(key->ai)));
  std::vector<std::string_view> in_path{key->ai};
  for (std::string_view q : split(key->qualifiers, ' ')) {
    if (q.empty()) continue;
    if (auto v = data.value(q)) {
      fmt::format_to(std::back_inserter(out), "/{}/{}", q, percent_encode(*v));
      in_path.push_back(q);
    }
  }
  char sep = '?';
  for (const AiElement& e : data.elements) {
    if (std::find(in_path.begin(), in_path.end(), e.ai) != in_path.end()) continue;
    fmt::format_to(std::back_inserter(out), "{}{}={}", sep, e.ai, percent_encode(e.value));
    sep = '&';
  }
  return out;
}

}  // namespace rfinv::epc
