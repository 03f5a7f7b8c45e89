// Feeds arbitrary bytes as the JSON body of each hub POST route (post_route, the server's
// own step after HTTP and authentication) against a real hub.db in a temporary directory.
// Input: the first byte picks the route and caller ('p' push, 'r' request, 'd' department
// as admin, 'x' department as a department; others by value), the rest is the body.
// A crash, a sanitizer report or an exception escaping post_route is a finding.
#include <boost/json.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "sync/hub/hub_server.h"
#include "sync/hub/hub_store.h"

namespace {

rfinv::sync::Hub& hub() {
  static std::unique_ptr<rfinv::sync::Hub> instance = [] {
    char pattern[] = "/tmp/hub_request_fuzz.XXXXXX";
    if (!mkdtemp(pattern)) std::abort();
    std::string dir = pattern;
    auto opened = rfinv::sync::Hub::open(dir);
    if (!opened || !(*opened)->reset_admin_token() || !(*opened)->add_dept("LAB")) std::abort();
    static std::string cleanup_dir = dir;
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(cleanup_dir, ec);
    });
    return std::move(*opened);
  }();
  return *instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  const rfinv::sync::Caller lab{"LAB"}, admin{""};
  static constexpr std::string_view kPicks = "prdx";
  auto pick = kPicks.find(static_cast<char>(data[0]));
  if (pick == std::string_view::npos) pick = data[0] % kPicks.size();
  static constexpr std::string_view kPaths[] = {"/v1/push", "/v1/requests", "/v1/depts",
                                                "/v1/depts"};
  const rfinv::sync::Caller& caller = pick == 2 ? admin : lab;
  auto result = rfinv::sync::post_route(hub(), caller, kPaths[pick], body);
  if (!result) std::abort();  // every path above is a POST route
  if (*result)
    (void)boost::json::serialize(**result);  // as the server does with a reply
  else if (result->error().message.empty())
    std::abort();  // an error must name what was wrong
  return 0;
}
