// rfinv tag decode|encode|commission|unknown|assign, rfinv config prefix add|list|remove
#include <fmt/format.h>

#include <cctype>
#include <iostream>
#include <memory>

#include "base/clock.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "epc/epc.h"
#include "epc/tag_gs1_data.h"
#include "service/node.h"

namespace rfinv::cli {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The arguments, or when there are none the non-empty lines of standard input.
std::vector<std::string> inputs_or_stdin(const std::vector<std::string>& args) {
  if (!args.empty()) return args;
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(std::cin, line))
    if (!trim(line).empty()) lines.emplace_back(trim(line));
  return lines;
}

std::optional<epc::Scheme> scheme_option(const std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  auto s = epc::scheme_from_name(*name);
  if (!s)
    fail_input(
        fmt::format("--scheme '{}' is not one of sgtin-96, sgtin-198, sscc-96, sgln-96, "
                    "sgln-195, grai-96, grai-170, giai-96, giai-202, sgtin+, dsgtin+, sscc+, "
                    "sgln+, grai+, giai+",
                    *name));
  return s;
}

// A TDS 2.x "+" EPC: no company prefix partition; its GS1 elements, +AIDC data included.
boost::json::object plus_json(boost::json::object o, const epc::Epc& e) {
  auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  epc::Gs1Data d = need(epc::gs1_data(e, std::chrono::year_month_day{today}));
  if (auto serial = epc::serial_text(e)) o["serial"] = *serial;
  o["tag_uri"] = epc::tag_uri(e);
  o["pure_uri"] = epc::pure_uri(e);
  o["gs1_key"] = *epc::gs1_key(e);
  o["gs1_element_string"] = epc::to_bracketed(d);
  if (d.lot) o["lot"] = *d.lot;
  if (d.expiry) o["expiry"] = epc::iso_date(*d.expiry);
  if (d.best_before) o["best_before"] = epc::iso_date(*d.best_before);
  boost::json::array elements;
  for (const epc::AiElement& el : d.elements)
    elements.push_back(boost::json::object{{"ai", el.ai}, {"value", el.value}});
  o["gs1_elements"] = std::move(elements);
  return o;
}

boost::json::object decoded_json(const std::string& hex, const epc::Epc& e) {
  boost::json::object o{{"hex", hex}, {"scheme", epc::scheme_name(e.scheme)}};
  if (e.scheme == epc::Scheme::raw) {
    o["bits"] = e.raw_bits;
    o["tag_uri"] = epc::tag_uri(e);
    o["pure_uri"] = epc::pure_uri(e);
    return o;
  }
  o["filter"] = e.filter;
  if (epc::is_plus(e.scheme)) return plus_json(std::move(o), e);
  o["partition"] = e.partition;
  o["company_prefix"] = fmt::format("{:0{}}", e.company_prefix, e.prefix_digits);
  o["reference"] = epc::reference_text(e);
  if (auto serial = epc::serial_text(e)) o["serial"] = *serial;
  o["tag_uri"] = epc::tag_uri(e);
  o["pure_uri"] = epc::pure_uri(e);
  o["gs1_key"] = *epc::gs1_key(e);
  o["gs1_element_string"] = *epc::element_string(e);
  return o;
}

void print_decoded(const boost::json::object& o) {
  fmt::print("{}\n", o.at("hex").as_string().c_str());
  for (const auto& [key, value] : o) {
    if (key == "hex" || key == "gs1_elements") continue;  // the element string says it
    std::string text =
        value.is_string() ? std::string(value.as_string().c_str()) : boost::json::serialize(value);
    fmt::print("  {:<20}{}\n", std::string(key), text);
  }
}

void add_decode(CLI::App* tag, Context& ctx) {
  auto args = std::make_shared<std::vector<std::string>>();
  auto* cmd = tag->add_subcommand(
      "decode", "decode EPCs given as hex (arguments, or one per line on standard input)");
  cmd->add_option("HEX", *args, "EPC in hex, either case");
  on_run(cmd, ctx, [&ctx, args] {
    int failed = 0;
    for (const std::string& input : inputs_or_stdin(*args)) {
      std::string hex = upper(trim(input));
      auto e = epc::decode_hex(trim(input));
      boost::json::object o;
      if (e) {
        o = decoded_json(hex, *e);
      } else {
        ++failed;
        o = {{"hex", std::string(trim(input))}, {"error", e.error().message}};
      }
      if (ctx.json)
        print_json(o);
      else if (e)
        print_decoded(o);
      else
        fmt::print("{}\n  error               {}\n", std::string(trim(input)), e.error().message);
    }
    if (failed > 0)
      throw CliError(2,
                     fmt::format("{} EPC{} could not be decoded", failed, failed == 1 ? "" : "s"));
  });
}

struct EncodeOptions {
  std::vector<std::string> uris;
  std::optional<std::string> gtin, serial, scheme, gs1, date_ai;
  std::optional<int> prefix_length;
  int filter = 0;
};

void add_encode(CLI::App* tag, Context& ctx) {
  auto o = std::make_shared<EncodeOptions>();
  auto* cmd = tag->add_subcommand(
      "encode",
      "encode EPC URIs (tag, pure identity with --filter, raw), or --gtin/--serial, to hex");
  cmd->add_option("URI", o->uris, "urn:epc:tag:..., urn:epc:id:... or urn:epc:raw:...");
  cmd->add_option("--gtin", o->gtin, "GTIN-8/12/13/14 to build an SGTIN from");
  cmd->add_option("--serial", o->serial, "serial number for --gtin");
  cmd->add_option("--filter", o->filter, "filter value 0-7 (default 0)");
  cmd->add_option("--prefix-length", o->prefix_length,
                  "company prefix digits in the GTIN (default: from `config prefix add`)");
  cmd->add_option("--scheme", o->scheme, "binary scheme, e.g. sgtin-96 (default: the shortest)");
  cmd->add_option(
      "--gs1", o->gs1,
      "GS1 data for a TDS 2.x + scheme (--scheme sgtin+|dsgtin+|sscc+|sgln+|grai+|"
      "giai+): an element string or Digital Link; AIs beyond the key become +AIDC data");
  cmd->add_option("--date-ai", o->date_ai,
                  "the date a dsgtin+ carries: 11, 13, 15, 16, 17 or 7006 (default: 17, 15, ...)");
  on_run(cmd, ctx, [&ctx, o] {
    auto scheme = scheme_option(o->scheme);
    if (o->gs1) {
      if (!scheme || !epc::is_plus(*scheme))
        fail_input("--gs1 needs --scheme sgtin+, dsgtin+, sscc+, sgln+, grai+ or giai+");
      if (!o->uris.empty() || o->gtin || o->serial)
        fail_input("give either --gs1, URIs or --gtin/--serial");
      auto scan = need(epc::parse_gs1(*o->gs1));
      auto e = need(epc::plus_epc(*scheme, o->filter, scan.data, o->date_ai.value_or("")));
      std::string hex = need(epc::encode_hex(e));
      if (ctx.json)
        print_json({{"hex", hex},
                    {"gs1_element_string", *epc::element_string(e)},
                    {"pure_uri", epc::pure_uri(e)}});
      else
        fmt::print("{}\n", hex);
      return;
    }
    if (o->date_ai) fail_input("--date-ai goes with --gs1");
    if (o->gtin || o->serial) {
      if (!o->gtin || !o->serial) fail_input("--gtin and --serial go together");
      if (!o->uris.empty()) fail_input("give either URIs or --gtin/--serial, not both");
      int prefix_length = 0;
      if (o->prefix_length) {
        prefix_length = *o->prefix_length;
      } else {
        auto gtin14 = need(epc::normalize_gtin(*o->gtin));
        auto found = ctx.node_to_read().prefix_length_for_gtin(gtin14);
        // Only encode takes --prefix-length: the advice for it is added here, not below.
        if (!found) fail({found.error().code, found.error().message + " or give --prefix-length"});
        prefix_length = *found;
      }
      auto e = need(epc::sgtin_from_gtin(*o->gtin, prefix_length, *o->serial, o->filter, scheme));
      std::string hex = need(epc::encode_hex(e));
      if (ctx.json)
        print_json({{"hex", hex}, {"tag_uri", epc::tag_uri(e)}, {"pure_uri", epc::pure_uri(e)}});
      else
        fmt::print("{}\n", hex);
      return;
    }
    auto uris = inputs_or_stdin(o->uris);
    int failed = 0;
    for (const std::string& uri : uris) {
      auto e = epc::parse_uri(uri, o->filter, scheme);
      Result<std::string> hex = e ? epc::encode_hex(*e) : Result<std::string>(e.error());
      if (!hex) {
        ++failed;
        if (ctx.json)
          print_json({{"uri", uri}, {"error", hex.error().message}});
        else
          fmt::print(stderr, "rfinv: {}: {}\n", uri, hex.error().message);
        continue;
      }
      if (ctx.json)
        print_json({{"uri", uri}, {"hex", *hex}, {"tag_uri", epc::tag_uri(*e)}});
      else
        fmt::print("{}\n", *hex);
    }
    if (failed > 0)
      throw CliError(2,
                     fmt::format("{} URI{} could not be encoded", failed, failed == 1 ? "" : "s"));
  });
}

boost::json::object commissioned_json(const inventory::CommissionedTag& t) {
  return {{"hex", t.hex}, {"tag_uri", t.tag_uri}, {"serial", t.serial}};
}

void print_commissioned(Context& ctx, const std::vector<inventory::CommissionedTag>& tags) {
  if (ctx.json) {
    boost::json::array a;
    for (const auto& t : tags) a.push_back(commissioned_json(t));
    return print_json(a);
  }
  for (const auto& t : tags) fmt::print("{}\n", t.hex);
}

struct CommissionOptions {
  std::optional<std::string> sku, prefix, scheme;
  std::optional<int> filter;
  int count = 1;
  bool giai = false;
};

void add_commission(CLI::App* tag, Context& ctx) {
  auto o = std::make_shared<CommissionOptions>();
  auto* cmd = tag->add_subcommand(
      "commission",
      "allocate new serials and print the EPCs to write: --sku SKU for items (SGTIN), "
      "--giai for assets (GIAI-96)");
  cmd->add_option("--sku", o->sku, "item whose GTIN the tags carry");
  cmd->add_flag("--giai", o->giai, "asset tags (GIAI-96) instead of item tags");
  cmd->add_option("--count", o->count, "how many tags (1-100000, default 1)");
  cmd->add_option("--scheme", o->scheme, "sgtin-96 (default) or sgtin-198");
  cmd->add_option("--filter", o->filter, "filter value 0-7 (default 1 for items, 0 for assets)");
  cmd->add_option("--prefix", o->prefix,
                  "company prefix for --giai (default: the only registered one)");
  on_run(cmd, ctx, [&ctx, o] {
    if (o->giai == o->sku.has_value()) fail_input("give either --sku SKU or --giai");
    if (o->giai) {
      if (o->scheme) fail_input("--scheme applies to --sku; --giai makes GIAI-96 tags");
      inventory::AssetCommission c;
      c.count = o->count;
      c.prefix = o->prefix;
      c.filter = o->filter.value_or(0);
      return print_commissioned(ctx, need(ctx.node().commission_asset_tags(c)));
    }
    if (o->prefix) fail_input("--prefix applies to --giai; items use their GTIN's prefix");
    inventory::ItemCommission c;
    c.sku = *o->sku;
    c.count = o->count;
    c.scheme = scheme_option(o->scheme).value_or(epc::Scheme::sgtin_96);
    c.filter = o->filter.value_or(1);
    print_commissioned(ctx, need(ctx.node().commission_item_tags(c)));
  });
}

void add_unknown(CLI::App* tag, Context& ctx) {
  auto all = std::make_shared<bool>(false);
  auto* cmd = tag->add_subcommand("unknown", "tags seen that map to no item or asset");
  cmd->add_flag("--all", *all, "include tags already assigned");
  on_run(cmd, ctx, [&ctx, all] {
    auto tags = need(ctx.node_to_read().list_unknown_tags(*all));
    if (ctx.json) {
      boost::json::array a;
      for (const auto& t : tags) {
        boost::json::object o{{"epc", t.epc_hex},
                              {"first_seen", format_utc(t.first_seen)},
                              {"last_seen", format_utc(t.last_seen)},
                              {"reader", or_null(t.reader)},
                              {"location", or_null(t.location_code)},
                              {"seen_count", t.seen_count}};
        auto e = epc::decode_hex(t.epc_hex);
        o["tag_uri"] = e ? epc::tag_uri(*e) : std::string();
        if (*all) {
          o["item"] = or_null(t.resolved_sku);
          o["asset"] = or_null(t.resolved_asset);
        }
        a.push_back(std::move(o));
      }
      return print_json(a);
    }
    Table table{{"epc", "last seen", "seen", "reader", "location", "decoded"}, {}};
    if (*all) table.headers.push_back("assigned to");
    for (const auto& t : tags) {
      auto e = epc::decode_hex(t.epc_hex);
      std::vector<std::string> row{t.epc_hex,
                                   format_utc(t.last_seen),
                                   std::to_string(t.seen_count),
                                   t.reader.value_or("-"),
                                   t.location_code.value_or("-"),
                                   e ? epc::tag_uri(*e) : "(" + e.error().message + ")"};
      if (*all)
        row.push_back(t.resolved_sku     ? "item " + *t.resolved_sku
                      : t.resolved_asset ? "asset " + *t.resolved_asset
                                         : "-");
      table.rows.push_back(std::move(row));
    }
    print_table(table);
  });
}

struct AssignOptions {
  std::string epc;
  std::optional<std::string> sku, asset;
};

void add_assign(CLI::App* tag, Context& ctx) {
  auto o = std::make_shared<AssignOptions>();
  auto* cmd = tag->add_subcommand(
      "assign", "assign a tag to an item (--sku) or an asset (--asset, registered if new)");
  cmd->add_option("EPC", o->epc, "EPC hex or tag URI")->required();
  cmd->add_option("--sku", o->sku, "item SKU");
  cmd->add_option("--asset", o->asset, "asset code");
  on_run(cmd, ctx, [&ctx, o] {
    if (o->sku.has_value() == o->asset.has_value()) fail_input("give either --sku or --asset");
    auto a = o->sku ? need(ctx.node().assign_tag_to_item(o->epc, *o->sku))
                    : need(ctx.node().assign_tag_to_asset(o->epc, *o->asset));
    const char* kind = a.kind == inventory::TagKind::item ? "item" : "asset";
    if (ctx.json)
      return print_json({{"epc", a.epc_hex},
                         {"kind", kind},
                         {"code", a.code},
                         {"created_asset", a.created_asset}});
    fmt::print("{} assigned to {} {}{}\n", a.epc_hex, kind, a.code,
               a.created_asset ? " (new asset registered)" : "");
  });
}

void add_prefix_commands(CLI::App& app, Context& ctx) {
  auto* config = group(app, "config", "node settings");
  auto* prefix = config->add_subcommand("prefix", "GS1 company prefixes used to encode EPCs")
                     ->require_subcommand(1);
  auto value = std::make_shared<std::string>();
  auto* add = prefix->add_subcommand("add", "register a company prefix (6-12 digits)");
  add->add_option("PREFIX", *value, "company prefix")->required();
  on_run(add, ctx, [&ctx, value] {
    need(ctx.node().add_prefix(*value));
    if (ctx.json) return print_json({{"company_prefix", *value}, {"registered", true}});
    fmt::print("company prefix {} registered\n", *value);
  });
  auto* remove = prefix->add_subcommand("remove", "forget a company prefix");
  remove->add_option("PREFIX", *value, "company prefix")->required();
  on_run(remove, ctx, [&ctx, value] {
    need(ctx.node().remove_prefix(*value));
    if (ctx.json) return print_json({{"company_prefix", *value}, {"registered", false}});
    fmt::print("company prefix {} removed\n", *value);
  });
  on_run(prefix->add_subcommand("list", "list registered company prefixes"), ctx, [&ctx] {
    auto prefixes = need(ctx.node_to_read().list_prefixes());
    if (ctx.json) {
      boost::json::array a;
      for (const auto& p : prefixes)
        a.push_back({{"company_prefix", p}, {"digits", static_cast<std::int64_t>(p.size())}});
      return print_json(a);
    }
    Table t{{"company prefix", "digits"}, {}};
    for (const auto& p : prefixes) t.rows.push_back({p, std::to_string(p.size())});
    print_table(t);
  });
}

}  // namespace

void add_tag_commands(CLI::App& app, Context& ctx) {
  auto* tag = group(app, "tag", "EPC tags: decode, encode, commission, unknown tags");
  add_decode(tag, ctx);
  add_encode(tag, ctx);
  add_commission(tag, ctx);
  add_unknown(tag, ctx);
  add_assign(tag, ctx);
  add_prefix_commands(app, ctx);
}

}  // namespace rfinv::cli
