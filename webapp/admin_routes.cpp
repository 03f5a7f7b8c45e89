// The administrator's routes: departments, adding locations, readers and their read points.
// Reads of these (except read points) stay in api.cpp, open to every logged-in user.
#include <charconv>

#include "webapp/body.h"
#include "webapp/route.h"
#include "webapp/views.h"

namespace rfinv::webapp {
namespace {

using auth::Right;

Response departments(const Route& r) {
  return r.ok(array_of(need(r.call.node.list_depts()), dept_json));
}

Response add_department(const Route& r) {
  r.require(Right::administer, "add departments");
  Body body(r.req().body(), {{"code", Type::string, true}, {"name", Type::string}});
  auto code = body.need_string("code");
  if (code.empty()) fail(bad_request("code must not be empty", "code"));
  return r.created(dept_json(need(r.call.node.add_dept(code, body.string("name").value_or("")))));
}

Response add_location(const Route& r) {
  r.require(Right::administer, "add locations");
  Body body(r.req().body(), {{"code", Type::string, true},
                             {"name", Type::string},
                             {"kind", Type::string},
                             {"parent", Type::string},
                             {"dept", Type::string}});
  inventory::NewLocation l;
  l.code = body.need_string("code");
  if (l.code.empty()) fail(bad_request("code must not be empty", "code"));
  l.name = body.string("name").value_or("");
  l.kind = body.string("kind");
  l.parent = body.string("parent");
  l.dept = body.string("dept");
  return r.created(location_json(need(r.call.node.add_location(l))));
}

Response add_reader(const Route& r) {
  r.require(Right::administer, "add readers");
  Body body(r.req().body(), {{"name", Type::string, true}, {"uri", Type::string, true}});
  auto name = body.need_string("name");
  if (name.empty()) fail(bad_request("name must not be empty", "name"));
  need(r.call.node.add_reader(name, body.need_string("uri")));
  return r.created(reader_json(need(r.call.node.get_reader(name))));
}

Response remove_reader(const Route& r, const std::string& name) {
  r.require(Right::administer, "remove readers");
  auto points = need(r.call.node.remove_reader(name));
  return r.ok({{"name", name}, {"read_points_removed", points}});
}

Response read_points(const Route& r, const std::string& reader) {
  need(r.call.node.get_reader(reader));  // 404 for an unknown reader
  boost::json::array out;
  for (const auto& rp : need(r.call.node.list_read_points()))
    if (rp.reader == reader) out.push_back(read_point_json(rp));
  return r.ok(out);
}

Response add_read_point(const Route& r, const std::string& reader) {
  r.require(Right::administer, "add read points");
  Body body(r.req().body(), {{"antenna", Type::integer, true},
                             {"location", Type::string, true},
                             {"role", Type::string, true}});
  inventory::NewReadPoint rp;
  rp.reader = reader;
  auto antenna = body.need_integer("antenna");
  if (antenna < 1 || antenna > 65535)
    fail(bad_request(fmt::format("antenna {} is not 1-65535", antenna), "antenna"));
  rp.antenna = int(antenna);
  rp.location = body.need_string("location");
  auto role = inventory::parse_read_point_role(body.need_string("role"));
  if (!role)
    fail(bad_request(fmt::format("role \"{}\" is not dock-in, dock-out, portal-outer, "
                                 "portal-inner, shelf or handheld",
                                 body.need_string("role")),
                     "role"));
  rp.role = *role;
  return r.created(read_point_json(need(r.call.node.add_read_point(rp))));
}

Response remove_read_point(const Route& r, const std::string& reader, const std::string& text) {
  r.require(Right::administer, "remove read points");
  int antenna = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), antenna);
  if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size())
    fail({http::status::not_found, "not_found", fmt::format("no antenna {}", text), std::nullopt});
  need(r.call.node.remove_read_point(reader, antenna));
  return r.no_content();
}

}  // namespace

std::optional<Response> admin_routes(const Route& r) {
  const auto& s = r.segments();
  const bool get = r.is(http::verb::get), post = r.is(http::verb::post),
             del = r.is(http::verb::delete_);
  if (s.size() == 1 && s[0] == "departments" && get) return departments(r);
  if (s.size() == 1 && s[0] == "departments" && post) return add_department(r);
  if (s.size() == 1 && s[0] == "locations" && post) return add_location(r);
  if (s.empty() || s[0] != "readers") return std::nullopt;
  if (s.size() == 1 && post) return add_reader(r);
  if (s.size() == 2 && del) return remove_reader(r, s[1]);
  if (s.size() == 3 && s[2] == "read-points" && get) return read_points(r, s[1]);
  if (s.size() == 3 && s[2] == "read-points" && post) return add_read_point(r, s[1]);
  if (s.size() == 4 && s[2] == "read-points" && del) return remove_read_point(r, s[1], s[3]);
  return std::nullopt;
}

}  // namespace rfinv::webapp
