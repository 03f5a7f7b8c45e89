// Secrets for the hub: random tokens, salted token hashes, constant-time checks, and the
// hub's self-signed TLS certificate. All on OpenSSL 3.
//
// Threading: every function is free of shared state and may run on any thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "auth/secrets.h"
#include "base/result.h"

namespace rfinv::sync {

// Random secrets and SHA-256 digests as lowercase hex: the node's users and the hub share them.
using auth::random_hex;
using auth::sha256_hex;

struct TokenHash {
  std::string salt_hex;
  std::string hash_hex;
};

// PBKDF2-HMAC-SHA256 of `token` with a fresh 16-byte random salt.
Result<TokenHash> hash_token(const std::string& token);
// Recomputes the hash with the stored salt and compares in constant time.
bool token_matches(const std::string& token, const TokenHash& stored);
// Runs the same PBKDF2 as token_matches against nothing: a refusal costs what a match does.
void spend_one_token_hash(const std::string& token);
// PBKDF2 runs so far in this process (the hub's cost per request is counted by tests).
std::uint64_t token_hash_runs();
// The key a stored token hash is found by: 64 bits of SHA-256 over a label and the token.
// It selects one row among departments; with 256-bit random tokens it gives no shortcut to
// a token (the PBKDF2 check after it is what accepts one).
std::string token_lookup_key(const std::string& token);

struct CertificateFiles {
  std::string cert_pem;
  std::string key_pem;
};

// A self-signed EC P-256 certificate for CN=rfinv hub with subjectAltName 127.0.0.1,
// localhost and `extra_dns` names, valid for ten years.
Result<CertificateFiles> make_self_signed(const std::vector<std::string>& extra_dns);

}  // namespace rfinv::sync
