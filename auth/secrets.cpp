#include "auth/secrets.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "base/hex.h"

namespace rfinv::auth {
namespace {

constexpr int kLog2N = 15;
constexpr int kR = 8;
constexpr int kP = 1;
constexpr std::size_t kKeyBytes = 32;
// scrypt needs 128 * N * r bytes (32 MiB here); OpenSSL's default cap is exactly that, so
// the cap is raised a little above it.
constexpr std::uint64_t kMaxMem = 64ull << 20;

std::optional<std::vector<std::uint8_t>> scrypt(const std::string& password,
                                                const std::vector<std::uint8_t>& salt, int log2n,
                                                int r, int p, std::size_t bytes) {
  std::vector<std::uint8_t> out(bytes);
  if (EVP_PBE_scrypt(password.data(), password.size(), salt.data(), salt.size(),
                     std::uint64_t{1} << log2n, r, p, kMaxMem, out.data(), out.size()) != 1)
    return std::nullopt;
  return out;
}

std::optional<int> small_int(std::string_view text) {
  int value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size() || value < 1 || value > 64)
    return std::nullopt;
  return value;
}

}  // namespace

Result<std::string> random_hex(std::size_t bytes) {
  std::vector<std::uint8_t> buf(bytes);
  if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1)
    return make_error(Errc::io, "the random number generator failed");
  return to_hex(buf, HexCase::lower);
}

std::string sha256_hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha256(), nullptr);
  return to_hex(std::span<const std::uint8_t>(digest, size), HexCase::lower);
}

Result<std::string> hash_password(const std::string& password) {
  std::vector<std::uint8_t> salt(16);
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1)
    return make_error(Errc::io, "the random number generator failed");
  auto key = scrypt(password, salt, kLog2N, kR, kP, kKeyBytes);
  if (!key) return make_error(Errc::io, "scrypt failed");
  return fmt::format("scrypt${}${}${}${}${}", kLog2N, kR, kP, to_hex(salt, HexCase::lower),
                     to_hex(*key, HexCase::lower));
}

bool password_matches(const std::string& password, const std::string& stored) {
  std::vector<std::string_view> parts;
  std::string_view rest = stored;
  while (true) {
    auto dollar = rest.find('$');
    parts.push_back(rest.substr(0, dollar));
    if (dollar == std::string_view::npos) break;
    rest = rest.substr(dollar + 1);
  }
  if (parts.size() != 6 || parts[0] != "scrypt") return false;
  auto log2n = small_int(parts[1]), r = small_int(parts[2]), p = small_int(parts[3]);
  auto salt = parse_hex(parts[4]);
  auto expected = parse_hex(parts[5]);
  if (!log2n || *log2n > 20 || !r || !p || !salt || !expected || expected->empty()) return false;
  auto key = scrypt(password, *salt, *log2n, *r, *p, expected->size());
  return key && CRYPTO_memcmp(key->data(), expected->data(), key->size()) == 0;
}

}  // namespace rfinv::auth
