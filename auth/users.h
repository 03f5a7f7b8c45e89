// The people who use the node through the web app and the API: their role, department,
// password (scrypt, see secrets.h), language, and API tokens. The CLI is the local
// administrator's tool and needs no user.
//
// Threading: each call uses the Store it is given, on that Store's thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/store/store.h"

namespace rfinv::auth {

enum class Role { admin, storekeeper, buyer, manager, viewer };
std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

struct User {
  std::string name;
  Role role = Role::viewer;
  std::optional<std::string> dept;  // a dept code
  bool disabled = false;
  std::string lang = "en";  // "en" or "zh-CN"
};

struct NewUser {
  std::string name;  // 1-64 of A-Z a-z 0-9 . _ -
  Role role = Role::viewer;
  std::optional<std::string> dept;
  std::string password;  // at least 8 characters
};

// Errors: invalid_argument (name, password, a manager without a dept), not_found (dept),
// conflict (name taken).
Result<User> add_user(inventory::Store& store, const NewUser& user);
Result<std::vector<User>> list_users(inventory::Store& store);
Result<User> get_user(inventory::Store& store, const std::string& name);
// Also ends the user's sessions, so an old password's sessions do not outlive it.
Status set_password(inventory::Store& store, const std::string& name, const std::string& password);
// Ends the user's sessions and revokes their tokens; they can no longer log in.
Status disable_user(inventory::Store& store, const std::string& name);
// invalid_argument unless `lang` is "en" or "zh-CN".
Status set_language(inventory::Store& store, const std::string& name, const std::string& lang);
// A new API token for `name` (shown once; only its hash is kept). Refused for a disabled user.
Result<std::string> issue_token(inventory::Store& store, const std::string& name);

}  // namespace rfinv::auth
