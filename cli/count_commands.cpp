// rfinv count start|status|finish|discard, rfinv events [--epcis], rfinv anomalies [resolve],
// rfinv units
#include <algorithm>

#include "cli/commands.h"
#include "cli/output.h"
#include "cli/views.h"
#include "inventory/pipeline/epcis.h"
#include "service/node.h"

namespace rfinv::cli {
namespace {

using namespace inventory;

Micros need_time(const std::string& option, const std::string& text) {
  auto at = parse_utc(text);
  if (!at)
    fail_input(fmt::format("{} '{}' is not a UTC time (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z)",
                           option, text));
  return *at;
}

std::string or_dash(const std::optional<std::string>& text) { return text.value_or("-"); }

enum class LineList { expected_seen, missing, unexpected, unknown, assets };

boost::json::object line_json(const CountLine& l, LineList list) {
  boost::json::object o{{"epc", l.epc}, {"uri", l.uri}, {"sku", or_null(l.sku)}};
  bool booked = list == LineList::expected_seen || list == LineList::missing;
  o[booked ? "location" : "found_at"] = l.location;
  if (list == LineList::unexpected) o["belongs_at"] = or_null(l.belongs_at);
  if (list == LineList::assets) o["asset"] = or_null(l.asset);
  if (!l.applied.empty()) {
    o["applied"] = l.applied;
    o["movement"] = or_null(l.movement_id);
  }
  return o;
}

boost::json::array lines_json(const std::vector<CountLine>& lines, LineList list) {
  boost::json::array a;
  for (const auto& l : lines) a.push_back(line_json(l, list));
  return a;
}

void print_lines(const std::string& title, const std::vector<CountLine>& lines, LineList list) {
  if (lines.empty()) return;
  fmt::print("\n{} ({}):\n", title, lines.size());
  bool applied = std::any_of(lines.begin(), lines.end(),
                             [](const CountLine& l) { return !l.applied.empty(); });
  Table t{{"epc", list == LineList::assets ? "asset" : "sku",
           list == LineList::expected_seen || list == LineList::missing ? "location" : "found at"},
          {}};
  if (list == LineList::unexpected) t.headers.push_back("belongs at");
  if (applied) t.headers.push_back("applied");
  for (const auto& l : lines) {
    std::vector<std::string> row{l.uri, or_dash(list == LineList::assets ? l.asset : l.sku),
                                 l.location};
    if (list == LineList::unexpected) row.push_back(l.belongs_at.value_or("(not on hand)"));
    if (applied)
      row.push_back(l.movement_id ? fmt::format("{} (movement {})", l.applied, *l.movement_id)
                                  : l.applied);
    t.rows.push_back(std::move(row));
  }
  print_table(t);
}

void print_report(const CountReport& r, CountFinish how) {
  const auto& s = r.session;
  const char* state = how == CountFinish::preview ? "(preview, still open)"
                      : how == CountFinish::apply ? "finished and applied"
                                                  : "discarded";
  fmt::print("count {} at {} {}: {} expected and seen, {} missing, {} unexpected, {} unknown\n",
             s.id, s.location, state, r.expected_seen.size(), r.missing.size(), r.unexpected.size(),
             r.unknown.size());
  print_lines("missing", r.missing, LineList::missing);
  print_lines("unexpected", r.unexpected, LineList::unexpected);
  print_lines("unknown tags", r.unknown, LineList::unknown);
  print_lines("assets seen", r.assets, LineList::assets);
  print_lines("expected and seen", r.expected_seen, LineList::expected_seen);
  if (how == CountFinish::preview)
    fmt::print(
        "\n(nothing posted: count {} stays open; rfinv count finish --id {} --apply posts the "
        "adjustments and closes it, rfinv count discard --id {} closes it without posting)\n",
        s.id, s.id, s.id);
}

boost::json::object report_json(const CountReport& r) {
  return {{"session", webapp::count_json(r.session)},
          {"expected_seen", lines_json(r.expected_seen, LineList::expected_seen)},
          {"missing", lines_json(r.missing, LineList::missing)},
          {"unexpected", lines_json(r.unexpected, LineList::unexpected)},
          {"unknown", lines_json(r.unknown, LineList::unknown)},
          {"assets", lines_json(r.assets, LineList::assets)}};
}

void add_count_group(CLI::App& app, Context& ctx) {
  auto* count = group(app, "count", "cycle counts of tagged units");
  struct Options {
    std::string location;
    std::optional<std::string> finish_location;
    std::optional<std::int64_t> id;
    bool apply = false;
  };
  auto o = std::make_shared<Options>();

  auto* start = count->add_subcommand("start", "open a count for a location");
  start->add_option("--location", o->location, "the location to count (and all below it)")
      ->required();
  on_run(start, ctx, [&ctx, o] {
    auto s = need(ctx.node().start_count(o->location, ctx.actor));
    if (ctx.json) return print_json(webapp::count_json(s));
    fmt::print("{}\n", s.id);
    fmt::print(stderr,
               "count {} open at {}: sweep it with a handheld or let its shelf readers report, "
               "then rfinv count finish --id {} to preview it and --apply to post it\n",
               s.id, s.location, s.id);
  });

  on_run(count->add_subcommand("status", "open counts and how many tags each has seen"), ctx,
         [&ctx] {
           auto sessions = need(ctx.node_to_read().open_counts());
           if (ctx.json) {
             boost::json::array a;
             for (const auto& s : sessions) a.push_back(webapp::count_json(s));
             return print_json(a);
           }
           Table t{{"id", "location", "started", "by", "tags seen"}, {}};
           for (const auto& s : sessions)
             t.rows.push_back({std::to_string(s.id), s.location, format_utc(s.started_at), s.actor,
                               std::to_string(s.seen)});
           print_table(t);
         });

  auto close = [&ctx, o](CountFinish how) {
    if (o->finish_location && o->id) fail_input("give --location or --id, not both");
    auto report = need(ctx.node().finish_count({o->id, o->finish_location}, how, ctx.actor));
    if (ctx.json) return print_json(report_json(report));
    print_report(report, how);
    for (const auto* lines : {&report.missing, &report.unexpected})
      for (const auto& l : *lines)
        for (const auto& c : l.alerts) print_alert_change(c, l.sku.value_or(""));
  };
  auto* finish = count->add_subcommand(
      "finish", "list what differs (a preview; the count stays open) or, with --apply, post it");
  finish->add_option("--location", o->finish_location, "the counted location");
  finish->add_option("--id", o->id, "the count session id");
  finish->add_flag("--apply", o->apply, "post the adjustments to the ledger and close the count");
  on_run(finish, ctx, [o, close] { close(o->apply ? CountFinish::apply : CountFinish::preview); });
  auto* discard = count->add_subcommand("discard", "close a count without posting anything");
  discard->add_option("--location", o->finish_location, "the counted location");
  discard->add_option("--id", o->id, "the count session id");
  on_run(discard, ctx, [close] { close(CountFinish::discard); });
}

boost::json::object event_json(const EventRecord& e) {
  return {{"id", e.id},
          {"at", format_utc(e.at)},
          {"event", e.kind},
          {"epc", e.epc},
          {"uri", epcis_epc_uri(e.epc)},
          {"sku", or_null(e.sku)},
          {"asset", or_null(e.asset)},
          {"location", or_null(e.location)},
          {"reader", or_null(e.reader)},
          {"antenna", or_null(e.antenna)},
          {"role", or_null(e.role)},
          {"movement", or_null(e.movement_id)},
          {"detail", e.detail}};
}

void add_events_command(CLI::App& app, Context& ctx) {
  struct Options {
    std::optional<std::string> since, until;
    bool epcis = false;
  };
  auto o = std::make_shared<Options>();
  auto* events = app.add_subcommand("events", "business events (receipts, issues, moves, counts)");
  events->add_option("--since", o->since, "from this UTC time (inclusive)");
  events->add_option("--until", o->until, "before this UTC time");
  events->add_flag("--epcis", o->epcis, "one GS1 EPCIS 2.0 JSON-LD document");
  on_run(events, ctx, [&ctx, o] {
    EventFilter filter;
    if (o->since) filter.since = need_time("--since", *o->since);
    if (o->until) filter.until = need_time("--until", *o->until);
    auto list = need(ctx.node_to_read().list_events(filter));
    if (o->epcis) return print_json(epcis_document(list, now_micros()));
    if (ctx.json) {
      boost::json::array a;
      for (const auto& e : list) a.push_back(event_json(e));
      return print_json(a);
    }
    Table t{{"id", "time", "event", "epc", "item", "location", "read point", "detail"}, {}};
    for (const auto& e : list)
      t.rows.push_back({std::to_string(e.id), format_utc(e.at), e.kind, e.epc,
                        e.sku     ? *e.sku
                        : e.asset ? "asset " + *e.asset
                                  : "-",
                        or_dash(e.location),
                        e.reader ? fmt::format("{}:{}", *e.reader, e.antenna.value_or(0)) : "-",
                        e.detail});
    print_table(t);
  });
}

void add_anomalies_command(CLI::App& app, Context& ctx) {
  auto all = std::make_shared<bool>(false);
  auto id = std::make_shared<std::int64_t>(0);
  auto* anomalies =
      app.add_subcommand("anomalies", "reads that made no sense, for the storekeeper");
  anomalies->add_flag("--all", *all, "include resolved ones");
  on_run(anomalies, ctx, [&ctx, all] {
    auto list = need(ctx.node_to_read().list_anomalies(*all));
    if (ctx.json) {
      boost::json::array a;
      for (const auto& x : list)
        a.push_back({{"id", x.id},
                     {"at", format_utc(x.at)},
                     {"kind", x.kind},
                     {"epc", x.epc},
                     {"sku", or_null(x.sku)},
                     {"reader", or_null(x.reader)},
                     {"antenna", or_null(x.antenna)},
                     {"location", or_null(x.location)},
                     {"detail", x.detail},
                     {"resolved_at", x.resolved_at ? boost::json::value(format_utc(*x.resolved_at))
                                                   : boost::json::value(nullptr)}});
      return print_json(a);
    }
    Table t{{"id", "time", "kind", "epc", "sku", "location", "detail"}, {}};
    if (*all) t.headers.push_back("resolved");
    for (const auto& x : list) {
      t.rows.push_back({std::to_string(x.id), format_utc(x.at), x.kind, x.epc, or_dash(x.sku),
                        or_dash(x.location), x.detail});
      if (*all) t.rows.back().push_back(x.resolved_at ? format_utc(*x.resolved_at) : "-");
    }
    print_table(t);
  });
  auto* resolve = anomalies->add_subcommand("resolve", "mark an anomaly as dealt with");
  resolve->add_option("id", *id, "anomaly id")->required();
  on_run(resolve, ctx, [&ctx, id] {
    need(ctx.node().resolve_anomaly(*id));
    if (ctx.json) return print_json({{"resolved", *id}});
    fmt::print("anomaly {} resolved\n", *id);
  });
}

void add_units_command(CLI::App& app, Context& ctx) {
  auto filter = std::make_shared<UnitFilter>();
  auto* units = app.add_subcommand("units", "tagged units on hand");
  units->add_option("--location", filter->location, "this location and everything below it");
  units->add_flag("--unobserved", filter->unobserved_only,
                  "only units a shelf reader no longer sees");
  on_run(units, ctx, [&ctx, filter] {
    auto list = need(ctx.node_to_read().list_units(*filter));
    if (ctx.json) {
      boost::json::array a;
      for (const auto& u : list)
        a.push_back({{"epc", u.epc},
                     {"uri", epcis_epc_uri(u.epc)},
                     {"sku", u.sku},
                     {"location", u.location},
                     {"observed", u.observed},
                     {"last_seen", format_utc(u.last_seen)}});
      return print_json(a);
    }
    Table t{{"epc", "sku", "location", "state", "last seen"}, {}};
    for (const auto& u : list)
      t.rows.push_back({epcis_epc_uri(u.epc), u.sku, u.location,
                        u.observed ? "observed" : "unobserved", format_utc(u.last_seen)});
    print_table(t);
  });
}

}  // namespace

void add_count_commands(CLI::App& app, Context& ctx) {
  add_count_group(app, ctx);
  add_events_command(app, ctx);
  add_anomalies_command(app, ctx);
  add_units_command(app, ctx);
}

}  // namespace rfinv::cli
