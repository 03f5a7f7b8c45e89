#include "webapp/route.h"

#include <fmt/format.h>

#include <charconv>

namespace rfinv::webapp {

void require(const auth::Principal& who, auth::Right right, std::string_view what) {
  if (!auth::has_right(who.user.role, right))
    fail(forbidden(fmt::format("a {} may not {}", auth::to_string(who.user.role), what)));
}

std::int64_t path_id(const std::string& text) {
  std::int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size() || id <= 0)
    fail({http::status::not_found, "not_found", fmt::format("no such id {}", text), std::nullopt});
  return id;
}

Response Route::no_content() const {
  Response res{http::status::no_content, call.req.version()};
  set_security_headers(res);
  res.keep_alive(call.req.keep_alive());
  res.prepare_payload();
  return res;
}

}  // namespace rfinv::webapp
