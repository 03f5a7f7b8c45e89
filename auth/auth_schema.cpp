// A part never changes once shipped: a change is a new part with the next version.
#include "auth/auth_schema.h"

namespace rfinv::auth {
namespace {

constexpr sql::SchemaPart kParts[] = {
    {6, R"sql(
-- password: "scrypt$LOG2N$R$P$SALT_HEX$HASH_HEX". dept: a dept code, for managers' pool rights.
CREATE TABLE auth_user(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'storekeeper', 'buyer', 'manager', 'viewer')),
  dept TEXT,
  password TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  lang TEXT NOT NULL DEFAULT 'en' CHECK (lang IN ('en', 'zh-CN')),
  created_at INTEGER NOT NULL);

-- Only SHA-256 hashes of session ids and tokens are stored: a copy of the file opens no session.
CREATE TABLE auth_session(
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES auth_user(id) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX auth_session_user ON auth_session(user_id);

CREATE TABLE auth_token(
  hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES auth_user(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL) WITHOUT ROWID;

CREATE TABLE auth_login_failure(
  id INTEGER PRIMARY KEY,
  user_name TEXT NOT NULL,
  address TEXT NOT NULL,
  at INTEGER NOT NULL);
CREATE INDEX auth_login_failure_user ON auth_login_failure(user_name, at);
CREATE INDEX auth_login_failure_address ON auth_login_failure(address, at);
)sql"},
};

}  // namespace

std::span<const sql::SchemaPart> schema_parts() { return kParts; }

}  // namespace rfinv::auth
