#include "auth/sessions.h"

#include <cctype>
#include <charconv>

#include "auth/secrets.h"
#include "inventory/store/config.h"
#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::auth {
namespace {

// last_seen_at is refreshed at most this often, so reads do not each become a write.
constexpr Micros kTouchEvery = 30LL * 1'000'000;

constexpr const char* kUserColumns = "u.name, u.role, u.dept, u.disabled, u.lang";

User read_user(const sql::Statement& st, int first) {
  User u;
  u.name = st.text(first);
  u.role = parse_role(st.text(first + 1)).value_or(Role::viewer);
  u.dept = st.optional_text(first + 2);
  u.disabled = st.int64(first + 3) != 0;
  u.lang = st.text(first + 4);
  return u;
}

Micros idle_limit(inventory::Store& store) {
  int minutes = kDefaultIdleMinutes;
  if (auto value = inventory::get_config(store, "web.session_idle_minutes"); value && *value) {
    const std::string& text = **value;
    std::from_chars(text.data(), text.data() + text.size(), minutes);
  }
  return Micros(minutes) * 60 * 1'000'000;
}

Error wrong_login() { return make_error(Errc::unauthorized, "wrong user name or password"); }

// A hash to check against when the user does not exist, so an unknown name takes as long
// to refuse as a wrong password.
const std::string& dummy_hash() {
  static const std::string hash = hash_password("not a password").value();
  return hash;
}

}  // namespace

Result<NewSession> login(inventory::Store& store, const std::string& name,
                         const std::string& password, const std::string& address, Micros now) {
  struct Stored {
    User user;
    std::string hash;
  };
  auto stored = sql::guarded("logging in", [&]() -> Result<std::optional<Stored>> {
    auto& db = inventory::database_of(store);
    auto count = [&](const char* column, const std::string& value) {
      auto st = db.prepare(fmt::format(
          "SELECT count(*), min(at) FROM auth_login_failure WHERE {} = ? AND at > ?", column));
      st.bind(1, value).bind(2, now - kFailureWindow).step();
      return std::pair{st.int64(0), st.optional_int64(1)};
    };
    for (auto [column, value] : {std::pair{"user_name", name}, std::pair{"address", address}}) {
      auto [failures, oldest] = count(column, value);
      if (failures >= kMaxFailedLogins)
        return make_error(Errc::refused, "too many failed logins; try again after {}",
                          format_utc(*oldest + kFailureWindow));
    }
    auto st = db.prepare(
        fmt::format("SELECT {}, u.password FROM auth_user u WHERE u.name = ?", kUserColumns));
    if (!st.bind(1, name).step()) return std::optional<Stored>{};
    return std::optional<Stored>{Stored{read_user(st, 0), st.text(5)}};
  });
  if (!stored) return stored.error();
  bool ok = *stored && password_matches(password, (*stored)->hash) && !(*stored)->user.disabled;
  if (!*stored) (void)password_matches(password, dummy_hash());
  if (!ok) {
    auto recorded = sql::guarded("recording a failed login", [&]() -> Status {
      inventory::database_of(store)
          .prepare("INSERT INTO auth_login_failure(user_name, address, at) VALUES (?, ?, ?)")
          .bind(1, name)
          .bind(2, address)
          .bind(3, now)
          .run();
      return {};
    });
    if (!recorded) return recorded.error();
    return wrong_login();
  }
  auto id = random_hex(32);
  auto csrf = random_hex(32);
  if (!id) return id.error();
  if (!csrf) return csrf.error();
  return sql::guarded("opening a session", [&]() -> Result<NewSession> {
    auto& db = inventory::database_of(store);
    sql::Transaction tx(db);
    db.prepare("DELETE FROM auth_login_failure WHERE user_name = ? OR at <= ?")
        .bind(1, name)
        .bind(2, now - kFailureWindow)
        .run();
    db.prepare(
          "INSERT INTO auth_session(id_hash, user_id, csrf, created_at, last_seen_at) "
          "SELECT ?, id, ?, ?, ? FROM auth_user WHERE name = ?")
        .bind(1, sha256_hex(*id))
        .bind(2, *csrf)
        .bind(3, now)
        .bind(4, now)
        .bind(5, name)
        .run();
    tx.commit();
    return NewSession{*id, Principal{(*stored)->user, *csrf}};
  });
}

Result<Principal> session_principal(inventory::Store& store, const std::string& id, Micros now) {
  Micros limit = idle_limit(store);
  return sql::guarded("checking a session", [&]() -> Result<Principal> {
    auto& db = inventory::database_of(store);
    std::string hash = sha256_hex(id);
    auto st = db.prepare(
        fmt::format("SELECT {}, s.csrf, s.last_seen_at FROM auth_session s JOIN auth_user u "
                    "ON u.id = s.user_id WHERE s.id_hash = ?",
                    kUserColumns));
    if (!st.bind(1, hash).step()) return make_error(Errc::unauthorized, "not logged in");
    Principal p{read_user(st, 0), st.text(5)};
    Micros last_seen = st.int64(6);
    st.step();  // done with the row: let the writes below take the lock
    if (now - last_seen > limit) {
      db.prepare("DELETE FROM auth_session WHERE id_hash = ?").bind(1, hash).run();
      return make_error(Errc::unauthorized, "the session expired; log in again");
    }
    if (now - last_seen > kTouchEvery)
      db.prepare("UPDATE auth_session SET last_seen_at = ? WHERE id_hash = ?")
          .bind(1, now)
          .bind(2, hash)
          .run();
    return p;
  });
}

Result<Principal> token_principal(inventory::Store& store, const std::string& token) {
  return sql::guarded("checking a token", [&]() -> Result<Principal> {
    auto st = inventory::database_of(store).prepare(
        fmt::format("SELECT {} FROM auth_token t JOIN auth_user u ON u.id = t.user_id "
                    "WHERE t.hash = ? AND u.disabled = 0",
                    kUserColumns));
    if (!st.bind(1, sha256_hex(token)).step())
      return make_error(Errc::unauthorized, "unknown API token");
    return Principal{read_user(st, 0), std::nullopt};
  });
}

Status logout(inventory::Store& store, const std::string& id) {
  return sql::guarded("logging out", [&]() -> Status {
    inventory::database_of(store)
        .prepare("DELETE FROM auth_session WHERE id_hash = ?")
        .bind(1, sha256_hex(id))
        .run();
    return {};
  });
}

}  // namespace rfinv::auth
