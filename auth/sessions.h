// Logging in and out, and who a request comes from: a session (cookie) or an API token.
//
// Sessions live in the node database: a random 256-bit id (only its SHA-256 is stored), a
// CSRF token, and the time last seen; a session unused for `web.session_idle_minutes`
// (default 30) is over. Failed logins are counted per user name and per address: five
// within 15 minutes and that name or address is refused until the window has passed.
//
// Threading: each call uses the Store it is given, on that Store's thread.
#pragma once

#include <optional>
#include <string>

#include "auth/users.h"
#include "base/clock.h"
#include "base/result.h"
#include "inventory/store/store.h"

namespace rfinv::auth {

inline constexpr int kMaxFailedLogins = 5;
inline constexpr Micros kFailureWindow = 15LL * 60 * 1'000'000;
inline constexpr int kDefaultIdleMinutes = 30;

// Who is calling, and for a session its CSRF token (a token needs none).
struct Principal {
  User user;
  std::optional<std::string> csrf;
};

struct NewSession {
  std::string id;  // the cookie value; never stored
  Principal principal;
};

// Errors: unauthorized (unknown user, wrong password, disabled: one message for all),
// refused (too many failed logins for this name or address: the only refused here).
Result<NewSession> login(inventory::Store& store, const std::string& name,
                         const std::string& password, const std::string& address, Micros now);
// unauthorized when the session is unknown or idle too long (an idle one is deleted).
Result<Principal> session_principal(inventory::Store& store, const std::string& id, Micros now);
// unauthorized when the token is unknown or its user disabled.
Result<Principal> token_principal(inventory::Store& store, const std::string& token);
// Ends the session; unknown ids are already logged out.
Status logout(inventory::Store& store, const std::string& id);

}  // namespace rfinv::auth
