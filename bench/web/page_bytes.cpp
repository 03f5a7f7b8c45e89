#include "bench/web/page_bytes.h"

#include <deque>
#include <filesystem>
#include <regex>
#include <set>

namespace rfinv::bench {
namespace {

// "/js/pages/x.js" + "../api.js" -> "/js/api.js"; absolute references stay as they are.
std::string resolve(const std::string& from, const std::string& ref) {
  if (ref.starts_with("/")) return ref;
  auto dir = std::filesystem::path(from).parent_path();
  return (dir / ref).lexically_normal().generic_string();
}

bool local(const std::string& ref) {
  return !ref.empty() && ref.find("://") == std::string::npos && !ref.starts_with("data:") &&
         !ref.starts_with("#");
}

std::vector<std::string> references(const std::string& path, const std::string& body) {
  static const std::regex html_ref(R"re(<(?:script|link)\b[^>]*?\b(?:src|href)="([^"]+)")re");
  static const std::regex js_import(
      R"re(\bimport\s*(?:[\w*{}\s,]*\bfrom\s*)?\(?\s*['"]([^'"]+)['"])re");
  static const std::regex css_import(R"re(@import\s+(?:url\()?['"]?([^'")\s]+))re");
  const std::regex* pattern = nullptr;
  if (path.ends_with(".html")) pattern = &html_ref;
  if (path.ends_with(".js")) pattern = &js_import;
  if (path.ends_with(".css")) pattern = &css_import;
  std::vector<std::string> out;
  if (!pattern) return out;
  for (std::sregex_iterator it(body.begin(), body.end(), *pattern), end; it != end; ++it)
    if (local((*it)[1].str())) out.push_back(resolve(path, (*it)[1].str()));
  return out;
}

}  // namespace

std::vector<Fetched> page_closure(HttpClient& client, const std::string& page,
                                  const std::string& cookie) {
  std::vector<Fetched> out;
  std::set<std::string> seen{page};
  std::deque<std::string> queue{page};
  while (!queue.empty()) {
    auto path = queue.front();
    queue.pop_front();
    auto reply = client.get(path, cookie);
    out.push_back({path, reply.body.size(), reply.status});
    for (auto& ref : references(path, reply.body))
      if (seen.insert(ref).second) queue.push_back(ref);
  }
  return out;
}

}  // namespace rfinv::bench
