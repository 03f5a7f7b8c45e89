#include "webapp/static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace rfinv::webapp {
namespace {

namespace fs = std::filesystem;

std::string content_type(const fs::path& file) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".map", "application/json"},
  };
  auto ext = file.extension().string();
  for (auto [e, type] : kTypes)
    if (ext == e) return type;
  return "application/octet-stream";
}

Response not_found(const Request& req) {
  return text_response(req, http::status::not_found, "text/plain; charset=utf-8", "not found\n");
}

}  // namespace

Response serve_static(const Request& req, const std::string& web_root,
                      const std::string& vendor_root) {
  if (req.method() != http::verb::get)
    return text_response(req, http::status::method_not_allowed, "text/plain; charset=utf-8",
                         "method not allowed\n");
  std::string path(req.target().substr(0, req.target().find('?')));
  if (path.find("..") != std::string::npos || path.find('\0') != std::string::npos ||
      path.find('%') != std::string::npos || path.empty() || path[0] != '/')
    return not_found(req);
  fs::path file;
  constexpr std::string_view kVendor = "/vendor/";
  if (path.compare(0, kVendor.size(), kVendor) == 0)
    file = fs::path(vendor_root) / path.substr(kVendor.size());
  else
    file = fs::path(web_root) / (path == "/" ? "index.html" : path.substr(1));
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return not_found(req);
  std::ifstream in(file, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return text_response(req, http::status::ok, content_type(file), content.str());
}

}  // namespace rfinv::webapp
