#include "drivers/sim/internal/scenario.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "base/hex.h"

namespace rfinv::drivers::sim {
namespace {

namespace json = boost::json;

constexpr double kMaxSeconds = 1e7;    // about 115 days of scenario time
constexpr double kMaxReadRate = 1000;  // interrogations per second per tag
constexpr std::uint64_t kMaxTags = 2'000'000;
constexpr std::size_t kMaxEpcHexDigits = 124;  // 496 bits, the longest EPC bank

// Thrown inside the parser only; parse_scenario turns it into an Error.
struct BadField {
  std::string path;
  std::string problem;
};

[[noreturn]] void bad(const std::string& path, std::string problem) {
  throw BadField{path, std::move(problem)};
}

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

std::string index(const std::string& path, std::size_t i) { return fmt::format("{}[{}]", path, i); }

// An object whose fields are read by name; finish() refuses any field nobody asked for.
class Fields {
 public:
  Fields(const json::value& value, std::string path) : path_(std::move(path)) {
    if (!value.is_object()) bad(path_.empty() ? "(top level)" : path_, "must be an object");
    object_ = &value.as_object();
  }

  const std::string& path() const { return path_; }
  std::string at(std::string_view key) const { return join(path_, key); }

  const json::value* find(std::string_view key) {
    known_.insert(std::string(key));
    return object_->if_contains(key);
  }
  const json::value& need(std::string_view key) {
    const json::value* v = find(key);
    if (!v) bad(at(key), "is required");
    return *v;
  }

  std::optional<double> number(std::string_view key, double min, double max) {
    const json::value* v = find(key);
    if (!v) return std::nullopt;
    return as_number(*v, at(key), min, max);
  }
  std::optional<std::uint64_t> integer(std::string_view key, std::uint64_t min, std::uint64_t max) {
    const json::value* v = find(key);
    if (!v) return std::nullopt;
    return as_integer(*v, at(key), min, max);
  }
  std::optional<std::string> string(std::string_view key) {
    const json::value* v = find(key);
    if (!v) return std::nullopt;
    if (!v->is_string()) bad(at(key), "must be a string");
    return std::string(v->as_string());
  }

  void finish() const {
    for (const auto& entry : *object_)
      if (!known_.contains(std::string(entry.key()))) bad(at(entry.key()), "unknown field");
  }

  static double as_number(const json::value& v, const std::string& path, double min, double max) {
    if (!v.is_number()) bad(path, "must be a number");
    double d = v.to_number<double>();
    if (!(d >= min && d <= max)) bad(path, fmt::format("must be from {} to {}", min, max));
    return d;
  }
  static std::uint64_t as_integer(const json::value& v, const std::string& path, std::uint64_t min,
                                  std::uint64_t max) {
    std::uint64_t n = 0;
    if (v.is_uint64()) {
      n = v.as_uint64();
    } else if (v.is_int64() && v.as_int64() >= 0) {
      n = static_cast<std::uint64_t>(v.as_int64());
    } else if (v.is_double() && v.as_double() >= 0 && v.as_double() < 1.8e19 &&
               std::floor(v.as_double()) == v.as_double()) {
      n = static_cast<std::uint64_t>(v.as_double());
    } else {
      bad(path, "must be a whole number");
    }
    if (n < min || n > max) bad(path, fmt::format("must be from {} to {}", min, max));
    return n;
  }

 private:
  std::string path_;
  const json::object* object_ = nullptr;
  std::set<std::string, std::less<>> known_;
};

Micros to_micros(double seconds) { return std::llround(seconds * 1e6); }

EpcBytes parse_epc_hex(std::string_view hex, const std::string& path) {
  if (hex.empty() || hex.size() % 4 != 0 || hex.size() > kMaxEpcHexDigits)
    bad(path, fmt::format("EPC '{}' must be hex of whole 16-bit words (4 to {} digits)", hex,
                          kMaxEpcHexDigits));
  // The scenario's own message names the character; base's would name its position.
  for (char c : hex)
    if (hex_digit(c) < 0) bad(path, fmt::format("EPC '{}' has a non-hex character '{}'", hex, c));
  auto bytes = parse_hex(hex);
  return EpcBytes(bytes->begin(), bytes->end());
}

// Appends the bits of `value` MSB first into a fixed-size big-endian buffer.
class BitWriter {
 public:
  explicit BitWriter(std::size_t bytes) : bytes_(bytes, 0) {}
  void put(std::uint64_t value, unsigned bits) {
    for (unsigned i = bits; i-- > 0; ++position_)
      if ((value >> i) & 1) bytes_[position_ / 8] |= std::uint8_t(0x80u >> (position_ % 8));
  }
  EpcBytes take() { return EpcBytes(bytes_.begin(), bytes_.end()); }

 private:
  std::vector<std::uint8_t> bytes_;
  std::size_t position_ = 0;
};

struct TagSink {
  std::vector<EpcBytes>& tags;
  std::map<std::string, std::vector<std::uint32_t>, std::less<>>& groups;
  std::vector<std::uint32_t> entry_of;  // per tag: the index of its entry in "tags"
  std::uint32_t entry = 0;

  void add(EpcBytes epc, const std::string& group, const std::string& path) {
    if (tags.size() >= kMaxTags) bad(path, fmt::format("more than {} tags in all", kMaxTags));
    groups[group].push_back(static_cast<std::uint32_t>(tags.size()));
    tags.push_back(std::move(epc));
    entry_of.push_back(entry);
  }

  // Sorting indices instead of keeping a hash set of EPCs keeps a million-tag scenario small.
  void refuse_duplicates() const {
    std::vector<std::uint32_t> order(tags.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      return tags[a] != tags[b] ? tags[a] < tags[b] : a < b;
    });
    for (std::size_t i = 1; i < order.size(); ++i) {
      if (tags[order[i]] != tags[order[i - 1]]) continue;
      bad(index("tags", entry_of[order[i]]),
          fmt::format("EPC {} is defined twice (also in tags[{}])", to_hex(tags[order[i]]),
                      entry_of[order[i - 1]]));
    }
  }
};

void parse_tag_entry(const json::value& value, const std::string& path, TagSink& sink) {
  Fields f(value, path);
  std::string group = f.string("group").value_or("");
  if (group.empty()) bad(f.at("group"), "is required: a non-empty tag group name");
  const json::value* epc = f.find("epc");
  const json::value* epcs = f.find("epcs");
  const json::value* sgtin = f.find("sgtin96");
  const json::value* range = f.find("hex_range");
  if ((epc != nullptr) + (epcs != nullptr) + (sgtin != nullptr) + (range != nullptr) != 1)
    bad(path, "needs exactly one of epc, epcs, sgtin96, hex_range");
  f.finish();

  if (epc) {
    if (!epc->is_string()) bad(f.at("epc"), "must be a hex string");
    sink.add(parse_epc_hex(epc->as_string(), f.at("epc")), group, f.at("epc"));
  } else if (epcs) {
    if (!epcs->is_array() || epcs->as_array().empty())
      bad(f.at("epcs"), "must be a non-empty array of hex strings");
    const auto& list = epcs->as_array();
    for (std::size_t i = 0; i < list.size(); ++i) {
      std::string at = index(f.at("epcs"), i);
      if (!list[i].is_string()) bad(at, "must be a hex string");
      sink.add(parse_epc_hex(list[i].as_string(), at), group, at);
    }
  } else if (sgtin) {
    Fields s(*sgtin, f.at("sgtin96"));
    auto prefix = s.string("company_prefix");
    auto item = s.string("item_reference");
    if (!prefix) bad(s.at("company_prefix"), "is required (6 to 12 digits)");
    if (!item) bad(s.at("item_reference"), "is required");
    auto filter = s.integer("filter", 0, 7).value_or(1);
    auto serial = s.integer("serial", 0, (1ull << 38) - 1).value_or(0);
    auto count = s.integer("count", 1, kMaxTags).value_or(1);
    s.finish();
    if (serial + count - 1 > (1ull << 38) - 1)
      bad(s.at("count"), "runs the serial number past 2^38 - 1");
    for (std::uint64_t i = 0; i < count; ++i) {
      auto encoded = encode_sgtin96(unsigned(filter), *prefix, *item, serial + i);
      if (!encoded) bad(s.path(), encoded.error().message);
      sink.add(std::move(*encoded), group, s.path());
    }
  } else {
    Fields r(*range, f.at("hex_range"));
    const json::value& first = r.need("first");
    if (!first.is_string()) bad(r.at("first"), "must be a hex string");
    EpcBytes epc = parse_epc_hex(first.as_string(), r.at("first"));
    auto count = r.integer("count", 1, kMaxTags).value_or(1);
    r.finish();
    for (std::uint64_t i = 0; i < count; ++i) {
      if (i > 0) {
        std::size_t k = epc.size();
        while (k > 0 && ++epc[k - 1] == 0) --k;
        if (k == 0) bad(r.at("count"), "runs the EPC past all ones");
      }
      sink.add(epc, group, r.path());
    }
  }
}

Antenna parse_antenna(const json::value& value, const std::string& path) {
  Fields f(value, path);
  Antenna a;
  auto id = f.integer("id", 1, 65535);
  if (!id) bad(f.at("id"), "is required (1 to 65535)");
  a.id = static_cast<std::uint16_t>(*id);
  a.read_rate = f.number("read_rate", 0.001, kMaxReadRate).value_or(a.read_rate);
  a.miss_rate = f.number("miss_rate", 0, 0.999).value_or(a.miss_rate);
  a.rssi_mean = f.number("rssi_mean", -127, 20).value_or(a.rssi_mean);
  a.rssi_noise = f.number("rssi_noise", 0, 30).value_or(a.rssi_noise);
  f.finish();
  return a;
}

Pass parse_pass(const json::value& value, const std::string& path, const Scenario& scenario,
                const std::map<std::string, std::vector<std::uint32_t>, std::less<>>& groups) {
  Fields f(value, path);
  Pass p;
  const json::value& tags = f.need("tags");
  std::vector<std::pair<std::string, std::string>> names;  // (name, path)
  if (tags.is_string()) {
    names.emplace_back(std::string(tags.as_string()), f.at("tags"));
  } else if (tags.is_array() && !tags.as_array().empty()) {
    for (std::size_t i = 0; i < tags.as_array().size(); ++i) {
      const auto& name = tags.as_array()[i];
      if (!name.is_string()) bad(index(f.at("tags"), i), "must be a tag group name");
      names.emplace_back(std::string(name.as_string()), index(f.at("tags"), i));
    }
  } else {
    bad(f.at("tags"), "must be a tag group name or a non-empty array of them");
  }
  for (const auto& [name, at] : names) {
    auto found = groups.find(name);
    if (found == groups.end()) bad(at, fmt::format("no tag group named '{}'", name));
    p.tags.insert(p.tags.end(), found->second.begin(), found->second.end());
  }

  auto antenna_id = f.integer("antenna", 1, 65535);
  if (!antenna_id) bad(f.at("antenna"), "is required");
  const Antenna* antenna = nullptr;
  for (const auto& a : scenario.antennas)
    if (a.id == *antenna_id) antenna = &a;
  if (!antenna) bad(f.at("antenna"), fmt::format("no antenna with id {}", *antenna_id));
  p.antenna = antenna->id;

  auto at = f.number("at", 0, kMaxSeconds);
  if (!at) bad(f.at("at"), "is required (seconds from the scenario start)");
  auto duration = f.number("duration", 0.000001, kMaxSeconds);
  if (!duration) bad(f.at("duration"), "is required (seconds each tag stays in the field)");
  p.at = to_micros(*at);
  p.duration = to_micros(*duration);
  p.stagger = to_micros(f.number("stagger", 0, 10'000).value_or(0));
  double rate = f.number("read_rate", 0.001, kMaxReadRate).value_or(antenna->read_rate);
  p.period = std::max<Micros>(1, std::llround(1e6 / rate));
  p.miss_rate = f.number("miss_rate", 0, 0.999).value_or(antenna->miss_rate);
  p.rssi_mean = antenna->rssi_mean + f.number("rssi_offset", -100, 100).value_or(0);
  p.rssi_noise = antenna->rssi_noise;
  f.finish();
  return p;
}

Scenario parse(const json::value& root) {
  Fields f(root, "");
  Scenario s;
  s.name = f.string("name").value_or("");
  (void)f.string("description");
  if (auto start = f.string("start")) {
    s.start = parse_utc(*start);
    if (!s.start) bad("start", "must be a UTC time like 2026-11-23T08:00:00Z");
  }
  s.seed = f.integer("seed", 0, UINT64_MAX).value_or(1);
  auto duration = f.number("duration", 0.000001, kMaxSeconds);
  s.report_interval = to_micros(f.number("report_interval", 0.001, 60).value_or(0.05));

  const json::value& antennas = f.need("antennas");
  if (!antennas.is_array() || antennas.as_array().empty())
    bad("antennas", "must be a non-empty array");
  for (std::size_t i = 0; i < antennas.as_array().size(); ++i) {
    Antenna a = parse_antenna(antennas.as_array()[i], index("antennas", i));
    for (const auto& other : s.antennas)
      if (other.id == a.id)
        bad(index("antennas", i) + ".id", fmt::format("{} is used twice", a.id));
    s.antennas.push_back(a);
  }

  const json::value& tags = f.need("tags");
  if (!tags.is_array() || tags.as_array().empty()) bad("tags", "must be a non-empty array");
  TagSink sink{s.tags, s.groups, {}, 0};
  for (; sink.entry < tags.as_array().size(); ++sink.entry)
    parse_tag_entry(tags.as_array()[sink.entry], index("tags", sink.entry), sink);
  sink.refuse_duplicates();

  const json::value& passes = f.need("passes");
  if (!passes.is_array() || passes.as_array().empty()) bad("passes", "must be a non-empty array");
  Micros last_end = 0;
  for (std::size_t i = 0; i < passes.as_array().size(); ++i) {
    Pass p = parse_pass(passes.as_array()[i], index("passes", i), s, s.groups);
    last_end = std::max(last_end, p.at + Micros(p.tags.size() - 1) * p.stagger + p.duration);
    s.passes.push_back(std::move(p));
  }
  s.duration = duration ? to_micros(*duration) : last_end;
  f.finish();
  return s;
}

}  // namespace

Result<EpcBytes> encode_sgtin96(unsigned filter, std::string_view company_prefix,
                                std::string_view item_reference, std::uint64_t serial) {
  // GS1 TDS partition table: company prefix digits -> (partition, prefix bits, item bits).
  struct Partition {
    unsigned digits, value, prefix_bits, item_bits;
  };
  static constexpr std::array<Partition, 7> kPartitions{{{12, 0, 40, 4},
                                                         {11, 1, 37, 7},
                                                         {10, 2, 34, 10},
                                                         {9, 3, 30, 14},
                                                         {8, 4, 27, 17},
                                                         {7, 5, 24, 20},
                                                         {6, 6, 20, 24}}};
  auto digits_only = [](std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
  };
  if (!digits_only(company_prefix) || company_prefix.size() < 6 || company_prefix.size() > 12)
    return make_error(Errc::invalid_argument, "SGTIN-96 company_prefix '{}' must be 6 to 12 digits",
                      company_prefix);
  if (!digits_only(item_reference) || company_prefix.size() + item_reference.size() != 13)
    return make_error(Errc::invalid_argument,
                      "SGTIN-96 item_reference '{}' must be {} digits (13 minus the company "
                      "prefix's {}, indicator digit first)",
                      item_reference, 13 - company_prefix.size(), company_prefix.size());
  if (filter > 7 || serial >= (1ull << 38))
    return make_error(Errc::invalid_argument, "SGTIN-96 filter {} or serial {} out of range",
                      filter, serial);
  const Partition* partition = nullptr;
  for (const auto& p : kPartitions)
    if (p.digits == company_prefix.size()) partition = &p;
  BitWriter bits(12);
  bits.put(0x30, 8);
  bits.put(filter, 3);
  bits.put(partition->value, 3);
  bits.put(std::stoull(std::string(company_prefix)), partition->prefix_bits);
  bits.put(std::stoull(std::string(item_reference)), partition->item_bits);
  bits.put(serial, 38);
  return bits.take();
}

Result<Scenario> parse_scenario(std::string_view json_text) {
  json::parse_options options;
  options.allow_comments = true;
  options.allow_trailing_commas = true;
  boost::system::error_code ec;
  json::value root = json::parse(json_text, ec, {}, options);
  if (ec) return make_error(Errc::invalid_argument, "scenario is not valid JSON: {}", ec.message());
  try {
    return parse(root);
  } catch (const BadField& e) {
    return make_error(Errc::invalid_argument, "scenario {}: {}", e.path, e.problem);
  } catch (const std::exception& e) {
    return make_error(Errc::invalid_argument, "scenario could not be loaded: {}", e.what());
  }
}

Result<Scenario> load_scenario(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(Errc::io, "cannot read scenario file '{}'", path);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return make_error(Errc::io, "cannot read scenario file '{}'", path);
  auto scenario = parse_scenario(text.str());
  if (!scenario) return make_error(scenario.error().code, "{}: {}", path, scenario.error().message);
  return scenario;
}

}  // namespace rfinv::drivers::sim
