#include "inventory/store/config.h"

#include "base/text.h"
#include "inventory/catalog/validate.h"
#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::inventory {

const std::vector<ConfigKey>& config_keys() {
  static const std::vector<ConfigKey> keys{
      {"alert.command", "shell command run with each alert notice as JSON on standard input"},
      {"alert.timeout_seconds", "seconds the alert command may run before it is killed (10)"},
      {"alert.retry_seconds", "first delay before a failed alert command is retried (30)"},
      {"asset.idle_days",
       "days without movement after which an in-use asset becomes idle (unset: never)"},
      {"asset.auto_publish", "true or false: publish idle assets to the pool automatically"},
      {"web.session_idle_minutes", "minutes a web session may stay unused before it ends (30)"},
      {"requisition.store",
       "location code of the store ward par levels draw from (unset: no par requisitions)"},
      {"plan.bucket", "demand history bucket: week (the only one)"},
      {"plan.service_level", "target cycle service level for safety stock, 0.5-0.999 (0.95)"},
      {"plan.service_level.A", "service level for ABC class A items (plan.service_level)"},
      {"plan.service_level.B", "service level for ABC class B items (plan.service_level)"},
      {"plan.service_level.C", "service level for ABC class C items (plan.service_level)"},
      {"plan.order_weeks", "weeks of demand one order covers, 1-52 (4)"},
      {"plan.order_cost", "cost of placing one order; with plan.holding_rate: EOQ"},
      {"plan.holding_rate", "yearly holding cost as a fraction of unit cost, 0.01-1"},
      {"plan.auto_apply", "true or false: rfinv run applies the weekly plan (false)"},
      {"database.synchronous",
       "full (default) or normal: normal skips an fsync per transaction; a power loss may then "
       "lose the last transactions, never corrupt the file (taken when the database is opened)"},
  };
  return keys;
}

namespace {

Status check_key(const std::string& key) {
  for (const auto& k : config_keys())
    if (k.name == key) return {};
  std::string known;
  for (const auto& k : config_keys()) known += (known.empty() ? "" : ", ") + k.name;
  return make_error(Errc::invalid_argument, "unknown configuration key '{}' (known: {})", key,
                    known);
}

// A plain decimal ("0.95", "12", "12.5") within [low, high].
Status check_decimal(const std::string& key, const std::string& value, double low, double high) {
  bool digits = false, point = false, ok = !value.empty();
  for (char c : value) {
    if (c >= '0' && c <= '9')
      digits = true;
    else if (c == '.' && !point && digits)
      point = true;
    else
      ok = false;
  }
  if (!ok || !digits || value.back() == '.' || value.size() > 20)
    return make_error(Errc::invalid_argument, "{} must be a decimal number, not '{}'", key, value);
  double v = std::stod(value);
  if (v < low || v > high)
    return make_error(Errc::invalid_argument, "{} must be from {} to {}", key, low, high);
  return {};
}

Status check_value(const std::string& key, const std::string& value) {
  if (auto ok = check_text(key, value, TextKind::setting); !ok) return ok;
  if (key == "alert.timeout_seconds" || key == "alert.retry_seconds") {
    auto n = parse_quantity(key, value);
    if (!n) return n.error();
    if (*n > 3600) return make_error(Errc::invalid_argument, "{} must be at most 3600", key);
  }
  if (key == "asset.idle_days") {
    auto n = parse_quantity(key, value);
    if (!n) return n.error();
    if (*n > 36500) return make_error(Errc::invalid_argument, "{} must be at most 36500", key);
  }
  if (key == "web.session_idle_minutes") {
    auto n = parse_quantity(key, value);
    if (!n) return n.error();
    if (*n < 1 || *n > 1440)
      return make_error(Errc::invalid_argument, "{} must be from 1 to 1440", key);
  }
  if (key == "requisition.store")
    if (auto ok = check_code(key, value); !ok) return ok;
  if (key == "database.synchronous" && value != "full" && value != "normal")
    return make_error(Errc::invalid_argument, "{} must be full or normal, not '{}'", key, value);
  if (key.starts_with("plan.service_level")) return check_decimal(key, value, 0.5, 0.999);
  if (key == "plan.order_weeks") {
    auto n = parse_quantity(key, value);
    if (!n) return n.error();
    if (*n > 52) return make_error(Errc::invalid_argument, "{} must be from 1 to 52", key);
  }
  if (key == "plan.order_cost") return check_decimal(key, value, 0.01, 1e9);
  if (key == "plan.holding_rate") return check_decimal(key, value, 0.01, 1);
  if (key == "plan.bucket" && value != "week")
    return make_error(Errc::invalid_argument, "{} must be week (the only bucket), not '{}'", key,
                      value);
  if ((key == "asset.auto_publish" || key == "plan.auto_apply") && value != "true" &&
      value != "false")
    return make_error(Errc::invalid_argument, "{} must be true or false, not '{}'", key, value);
  if (key == "alert.command" && value.empty())
    return make_error(Errc::invalid_argument, "alert.command is empty (use config unset)");
  return {};
}

}  // namespace

Status set_config(Store& store, const std::string& key, const std::string& value) {
  if (auto ok = check_key(key); !ok) return ok;
  if (auto ok = check_value(key, value); !ok) return ok;
  return sql::guarded("setting configuration", [&]() -> Status {
    database_of(store)
        .prepare(
            "INSERT INTO config(key, value) VALUES (?1, ?2) "
            "ON CONFLICT(key) DO UPDATE SET value = ?2")
        .bind(1, key)
        .bind(2, value)
        .run();
    return {};
  });
}

Status unset_config(Store& store, const std::string& key) {
  if (auto ok = check_key(key); !ok) return ok;
  return sql::guarded("unsetting configuration", [&]() -> Status {
    database_of(store).prepare("DELETE FROM config WHERE key = ?").bind(1, key).run();
    return {};
  });
}

Result<std::optional<std::string>> get_config(Store& store, const std::string& key) {
  if (auto ok = check_key(key); !ok) return ok.error();
  return sql::guarded("reading configuration", [&]() -> Result<std::optional<std::string>> {
    auto st = database_of(store).prepare("SELECT value FROM config WHERE key = ?");
    std::optional<std::string> value;
    if (st.bind(1, key).step()) value = st.text(0);
    // The same checks as set_config: a value edited into the file by hand is refused here,
    // not used out of range.
    if (value)
      if (auto ok = check_value(key, *value); !ok)
        return make_error(Errc::invalid_argument,
                          "configuration {} holds '{}', which is not valid: {} (rfinv config set "
                          "{} VALUE, or config unset {})",
                          key, *value, ok.error().message, key, key);
    return value;
  });
}

Result<std::vector<std::pair<std::string, std::string>>> list_config(Store& store) {
  return sql::guarded(
      "listing configuration", [&]() -> Result<std::vector<std::pair<std::string, std::string>>> {
        std::vector<std::pair<std::string, std::string>> out;
        auto st = database_of(store).prepare("SELECT key, value FROM config ORDER BY key");
        while (st.step()) out.emplace_back(st.text(0), st.text(1));
        return out;
      });
}

}  // namespace rfinv::inventory
