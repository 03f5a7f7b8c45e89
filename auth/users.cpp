#include "auth/users.h"

#include <cctype>

#include "auth/secrets.h"
#include "inventory/store/store_database.h"
#include "sql/database.h"

namespace rfinv::auth {
namespace {

constexpr std::string_view kRoles[] = {"admin", "storekeeper", "buyer", "manager", "viewer"};

Status check_name(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 64;
  for (char c : name)
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-');
  if (!ok)
    return make_error(Errc::invalid_argument,
                      "user name '{}' must be 1-64 letters, digits, '.', '_' or '-'", name);
  return {};
}

Status check_password(const std::string& password) {
  if (password.size() < 8)
    return make_error(Errc::invalid_argument, "the password must have at least 8 characters");
  return {};
}

User read_user(const sql::Statement& st) {
  User u;
  u.name = st.text(0);
  u.role = parse_role(st.text(1)).value_or(Role::viewer);
  u.dept = st.optional_text(2);
  u.disabled = st.int64(3) != 0;
  u.lang = st.text(4);
  return u;
}

constexpr const char* kSelect = "SELECT name, role, dept, disabled, lang FROM auth_user ";

std::optional<User> find(sql::Database& db, const std::string& name) {
  auto st = db.prepare(std::string(kSelect) + "WHERE name = ?");
  if (!st.bind(1, name).step()) return std::nullopt;
  return read_user(st);
}

Error unknown(const std::string& name) {
  return make_error(Errc::not_found, "unknown user {}", name);
}

void end_sessions(sql::Database& db, const std::string& name) {
  db.prepare("DELETE FROM auth_session WHERE user_id = (SELECT id FROM auth_user WHERE name = ?)")
      .bind(1, name)
      .run();
}

}  // namespace

std::string_view to_string(Role role) { return kRoles[static_cast<int>(role)]; }

std::optional<Role> parse_role(std::string_view text) {
  for (std::size_t i = 0; i < std::size(kRoles); ++i)
    if (kRoles[i] == text) return static_cast<Role>(i);
  return std::nullopt;
}

Result<User> add_user(inventory::Store& store, const NewUser& user) {
  if (auto ok = check_name(user.name); !ok) return ok.error();
  if (auto ok = check_password(user.password); !ok) return ok.error();
  if (user.role == Role::manager && !user.dept)
    return make_error(Errc::invalid_argument, "a manager needs a department (--dept)");
  auto hash = hash_password(user.password);  // slow: outside the transaction
  if (!hash) return hash.error();
  return sql::guarded("adding a user", [&]() -> Result<User> {
    auto& db = inventory::database_of(store);
    sql::Transaction tx(db);
    if (user.dept && !db.prepare("SELECT 1 FROM dept WHERE code = ?").bind(1, *user.dept).step())
      return make_error(Errc::not_found, "unknown department {}", *user.dept);
    if (find(db, user.name)) return make_error(Errc::conflict, "user {} already exists", user.name);
    db.prepare(
          "INSERT INTO auth_user(name, role, dept, password, created_at) VALUES (?, ?, ?, ?, ?)")
        .bind(1, user.name)
        .bind(2, to_string(user.role))
        .bind(3, user.dept)
        .bind(4, *hash)
        .bind(5, now_micros())
        .run();
    auto added = find(db, user.name);
    tx.commit();
    return *added;
  });
}

Result<std::vector<User>> list_users(inventory::Store& store) {
  return sql::guarded("listing users", [&]() -> Result<std::vector<User>> {
    auto st = inventory::database_of(store).prepare(std::string(kSelect) + "ORDER BY name");
    std::vector<User> out;
    while (st.step()) out.push_back(read_user(st));
    return out;
  });
}

Result<User> get_user(inventory::Store& store, const std::string& name) {
  return sql::guarded("reading a user", [&]() -> Result<User> {
    auto user = find(inventory::database_of(store), name);
    if (!user) return unknown(name);
    return *user;
  });
}

Status set_password(inventory::Store& store, const std::string& name, const std::string& password) {
  if (auto ok = check_password(password); !ok) return ok;
  auto hash = hash_password(password);
  if (!hash) return hash.error();
  return sql::guarded("changing a password", [&]() -> Status {
    auto& db = inventory::database_of(store);
    sql::Transaction tx(db);
    if (!find(db, name)) return unknown(name);
    db.prepare("UPDATE auth_user SET password = ? WHERE name = ?")
        .bind(1, *hash)
        .bind(2, name)
        .run();
    end_sessions(db, name);
    tx.commit();
    return {};
  });
}

Status disable_user(inventory::Store& store, const std::string& name) {
  return sql::guarded("disabling a user", [&]() -> Status {
    auto& db = inventory::database_of(store);
    sql::Transaction tx(db);
    if (!find(db, name)) return unknown(name);
    db.prepare("UPDATE auth_user SET disabled = 1 WHERE name = ?").bind(1, name).run();
    end_sessions(db, name);
    db.prepare("DELETE FROM auth_token WHERE user_id = (SELECT id FROM auth_user WHERE name = ?)")
        .bind(1, name)
        .run();
    tx.commit();
    return {};
  });
}

Status set_language(inventory::Store& store, const std::string& name, const std::string& lang) {
  if (lang != "en" && lang != "zh-CN")
    return make_error(Errc::invalid_argument, "language must be \"en\" or \"zh-CN\", not \"{}\"",
                      lang);
  return sql::guarded("setting a language", [&]() -> Status {
    auto& db = inventory::database_of(store);
    sql::Transaction tx(db);
    if (!find(db, name)) return unknown(name);
    db.prepare("UPDATE auth_user SET lang = ? WHERE name = ?").bind(1, lang).bind(2, name).run();
    tx.commit();
    return {};
  });
}

Result<std::string> issue_token(inventory::Store& store, const std::string& name) {
  auto secret = random_hex(32);
  if (!secret) return secret.error();
  std::string token = "rfinv_" + *secret;
  return sql::guarded("issuing a token", [&]() -> Result<std::string> {
    auto& db = inventory::database_of(store);
    sql::Transaction tx(db);
    auto user = find(db, name);
    if (!user) return unknown(name);
    if (user->disabled) return make_error(Errc::refused, "user {} is disabled", name);
    db.prepare(
          "INSERT INTO auth_token(hash, user_id, created_at) "
          "SELECT ?, id, ? FROM auth_user WHERE name = ?")
        .bind(1, sha256_hex(token))
        .bind(2, now_micros())
        .bind(3, name)
        .run();
    tx.commit();
    return token;
  });
}

}  // namespace rfinv::auth
