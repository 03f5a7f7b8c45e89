// The auth tables of a node database: users, sessions, API tokens, failed logins.
#pragma once

#include <span>

#include "sql/schema.h"

namespace rfinv::auth {

// Version 6: auth_user, auth_session, auth_token, auth_login_failure.
std::span<const sql::SchemaPart> schema_parts();

}  // namespace rfinv::auth
