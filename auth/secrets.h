// Password hashing (scrypt), and the random secrets and SHA-256 digests that sessions, API
// tokens and the hub's department tokens use, on OpenSSL 3.
//
// Threading: free of shared state; any thread.
#pragma once

#include <string>

#include "base/result.h"

namespace rfinv::auth {

// `bytes` random bytes from OpenSSL's CSPRNG as lowercase hex; io when the CSPRNG fails.
Result<std::string> random_hex(std::size_t bytes);
// SHA-256 of `text` as lowercase hex: how session ids and API tokens are stored.
std::string sha256_hex(const std::string& text);

// scrypt (N = 2^15, r = 8, p = 1, 32-byte key) with a fresh 16-byte salt, as
// "scrypt$15$8$1$SALT_HEX$HASH_HEX".
Result<std::string> hash_password(const std::string& password);
// Recomputes with the stored parameters and salt and compares in constant time; false for
// a stored text that is not in the format above.
bool password_matches(const std::string& password, const std::string& stored);

}  // namespace rfinv::auth
