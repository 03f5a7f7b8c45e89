#define BOOST_TEST_MODULE reader_uri
#include "drivers/reader_uri.h"

#include <boost/test/unit_test.hpp>

#include "drivers/reader.h"

using namespace rfinv;
using namespace rfinv::drivers;

BOOST_AUTO_TEST_CASE(llrp_host_port_and_antennas) {
  auto uri = parse_reader_uri("llrp://dock-1.example.net:5085?antennas=1,2");
  BOOST_TEST_REQUIRE(uri.ok());
  BOOST_TEST(uri->scheme == "llrp");
  BOOST_TEST(uri->host == "dock-1.example.net");
  BOOST_TEST(uri->port == 5085);
  BOOST_TEST(uri->query.at("antennas") == "1,2");
}

BOOST_AUTO_TEST_CASE(llrp_port_is_zero_when_absent_and_ipv6_is_bracketed) {
  auto plain = parse_reader_uri("LLRP://192.168.1.20");
  BOOST_TEST_REQUIRE(plain.ok());
  BOOST_TEST(plain->scheme == "llrp");
  BOOST_TEST(plain->host == "192.168.1.20");
  BOOST_TEST(plain->port == 0);
  BOOST_TEST(plain->query.empty());

  auto v6 = parse_reader_uri("llrp://[::1]:5084/");
  BOOST_TEST_REQUIRE(v6.ok());
  BOOST_TEST(v6->host == "::1");
  BOOST_TEST(v6->port == 5084);
}

BOOST_AUTO_TEST_CASE(serial_path_and_query) {
  auto uri = parse_reader_uri("serial:///dev/ttyUSB0?baud=115200&protocol=r2000");
  BOOST_TEST_REQUIRE(uri.ok());
  BOOST_TEST(uri->scheme == "serial");
  BOOST_TEST(uri->path == "/dev/ttyUSB0");
  BOOST_TEST(uri->query.at("baud") == "115200");
  BOOST_TEST(uri->query.at("protocol") == "r2000");
  BOOST_TEST(uri->host.empty());
}

BOOST_AUTO_TEST_CASE(usb_vid_pid_is_normalised_hex) {
  auto uri = parse_reader_uri("usb://1209:1?serial=AB%20C&protocol=r2000");
  BOOST_TEST_REQUIRE(uri.ok());
  BOOST_TEST(uri->host == "1209:0001");
  BOOST_TEST(uri->query.at("serial") == "AB C");
  auto upper = parse_reader_uri("usb://10C4:EA60");
  BOOST_TEST_REQUIRE(upper.ok());
  BOOST_TEST(upper->host == "10c4:ea60");
}

BOOST_AUTO_TEST_CASE(sim_paths_are_percent_decoded_absolute_or_relative) {
  auto absolute = parse_reader_uri("sim:///srv/scen%20arios/dock.json?seed=3&speed=max");
  BOOST_TEST_REQUIRE(absolute.ok());
  BOOST_TEST(absolute->path == "/srv/scen arios/dock.json");
  BOOST_TEST(absolute->query.at("seed") == "3");
  BOOST_TEST(absolute->query.at("speed") == "max");
  auto relative = parse_reader_uri("sim://scenarios/dock.json");
  BOOST_TEST_REQUIRE(relative.ok());
  BOOST_TEST(relative->path == "scenarios/dock.json");
}

BOOST_AUTO_TEST_CASE(bad_uris_are_refused_naming_the_bad_part) {
  struct Case {
    const char* uri;
    const char* says;
  };
  const Case cases[] = {
      {"", "no scheme"},
      {"dock-door-1", "no scheme"},
      {"://host", "no scheme"},
      {"http://reader:80", "unknown reader URI scheme 'http'"},
      {"llrp://", "needs a host"},
      {"llrp://:5084", "needs a host"},
      {"llrp://host:", "no port"},
      {"llrp://host:0", "port '0'"},
      {"llrp://host:65536", "port '65536'"},
      {"llrp://host:50x4", "port '50x4'"},
      {"llrp://host:-1", "port '-1'"},
      {"llrp://ho st", "invalid character"},
      {"llrp://[::1", "closing ']'"},
      {"llrp://[::1]x", "after the IPv6 address"},
      {"llrp://host/path", "takes no path"},
      {"llrp://host?antennas", "'antennas' has no value"},
      {"llrp://host?=1", "no name"},
      {"llrp://host?a=1&a=2", "'a' is given twice"},
      {"serial://dev/ttyUSB0", "absolute device path"},
      {"serial://", "absolute device path"},
      {"serial:///dev/tty%G0", "bad percent escape '%G0'"},
      {"serial:///dev/tty%4", "bad percent escape '%4'"},
      {"serial:///dev/tty%00", "NUL"},
      {"usb://1209", "needs VID:PID"},
      {"usb://12345:0001", "vendor id '12345'"},
      {"usb://1209:xyz", "product id 'xyz'"},
      {"usb://1209:", "product id ''"},
      {"usb://1209:0001/x", "takes no path"},
      {"sim://", "scenario file path"},
      {"sim://?seed=1", "scenario file path"},
      {"sim:///a.json?seed=%zz", "bad percent escape"},
  };
  for (const Case& c : cases) {
    auto uri = parse_reader_uri(c.uri);
    BOOST_TEST_CONTEXT("uri '" << c.uri << "'") {
      BOOST_TEST_REQUIRE(!uri.ok());
      BOOST_TEST((uri.error().code == Errc::invalid_argument));
      BOOST_TEST(uri.error().message.find(c.says) != std::string::npos, uri.error().message);
    }
  }
}

BOOST_AUTO_TEST_CASE(open_reader_refuses_bad_uris_before_touching_anything) {
  boost::asio::io_context io;
  auto reader = open_reader(io, "x", "ftp://x");
  BOOST_TEST_REQUIRE(!reader.ok());
  BOOST_TEST(reader.error().message.find("unknown reader URI scheme 'ftp'") != std::string::npos);
  auto missing = open_reader(io, "x", "sim:///nonexistent/rfinv/scenario.json");
  BOOST_TEST_REQUIRE(!missing.ok());
  BOOST_TEST((missing.error().code == Errc::io));
  BOOST_TEST(missing.error().message.find("/nonexistent/rfinv/scenario.json") != std::string::npos);
}
