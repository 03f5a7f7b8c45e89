#include "sync/protocol/crypto.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <memory>

#include "base/hex.h"

namespace rfinv::sync {
namespace {

// Tokens are 256 random bits, so the iteration count only has to make an offline guess
// no cheaper than a hash; it is kept low because every request verifies a token.
constexpr int kPbkdf2Iterations = 1000;
constexpr std::size_t kHashBytes = 32;

// Tokens, salts and digests are written in lower case, as they always have been: stored
// hashes and issued tokens must keep comparing equal.
std::string lower_hex(const unsigned char* data, std::size_t size) {
  return to_hex(std::span<const std::uint8_t>(data, size), HexCase::lower);
}

std::atomic<std::uint64_t> pbkdf2_runs{0};

Result<std::vector<unsigned char>> pbkdf2(const std::string& token,
                                          const std::vector<unsigned char>& salt) {
  pbkdf2_runs.fetch_add(1, std::memory_order_relaxed);
  std::vector<unsigned char> out(kHashBytes);
  if (PKCS5_PBKDF2_HMAC(token.data(), static_cast<int>(token.size()), salt.data(),
                        static_cast<int>(salt.size()), kPbkdf2Iterations, EVP_sha256(),
                        static_cast<int>(out.size()), out.data()) != 1)
    return make_error(Errc::io, "PBKDF2 failed");
  return out;
}

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const { BIO_free(p); }
};
struct ExtFree {
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
};

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace

Result<TokenHash> hash_token(const std::string& token) {
  std::vector<unsigned char> salt(16);
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1)
    return make_error(Errc::io, "the random generator failed");
  auto hash = pbkdf2(token, salt);
  if (!hash) return hash.error();
  return TokenHash{lower_hex(salt.data(), salt.size()), lower_hex(hash->data(), hash->size())};
}

bool token_matches(const std::string& token, const TokenHash& stored) {
  auto salt = parse_hex(stored.salt_hex);
  auto expected = parse_hex(stored.hash_hex);
  if (!salt || !expected || expected->size() != kHashBytes) return false;
  auto hash = pbkdf2(token, *salt);
  if (!hash) return false;
  return CRYPTO_memcmp(hash->data(), expected->data(), kHashBytes) == 0;
}

void spend_one_token_hash(const std::string& token) {
  (void)pbkdf2(token, std::vector<unsigned char>(16, 0));
}

std::uint64_t token_hash_runs() { return pbkdf2_runs.load(std::memory_order_relaxed); }

std::string token_lookup_key(const std::string& token) {
  return sha256_hex("rfinv token lookup:" + token).substr(0, 16);
}

Result<CertificateFiles> make_self_signed(const std::vector<std::string>& extra_dns) {
  std::unique_ptr<EVP_PKEY, PkeyFree> key(EVP_EC_gen("P-256"));
  if (!key) return make_error(Errc::io, "could not generate an EC P-256 key");
  std::unique_ptr<X509, X509Free> cert(X509_new());
  if (!cert) return make_error(Errc::io, "could not allocate a certificate");
  X509_set_version(cert.get(), 2);
  auto serial = random_hex(16);
  if (!serial) return serial.error();
  BIGNUM* bn = nullptr;
  BN_hex2bn(&bn, serial->c_str());
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 10L * 365 * 24 * 3600);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("rfinv hub"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);

  std::string san = "IP:127.0.0.1,DNS:localhost";
  for (const auto& dns : extra_dns) san += ",DNS:" + dns;
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair<int, std::string>{NID_subject_alt_name, san},
                            {NID_basic_constraints, "critical,CA:TRUE"},
                            {NID_key_usage, "critical,digitalSignature,keyCertSign"},
                            {NID_ext_key_usage, "serverAuth"}}) {
    std::unique_ptr<X509_EXTENSION, ExtFree> ext(
        X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
    if (!ext || X509_add_ext(cert.get(), ext.get(), -1) != 1)
      return make_error(Errc::io, "could not add certificate extension {}", value);
  }
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0)
    return make_error(Errc::io, "could not sign the certificate");

  std::unique_ptr<BIO, BioFree> cert_bio(BIO_new(BIO_s_mem()));
  std::unique_ptr<BIO, BioFree> key_bio(BIO_new(BIO_s_mem()));
  if (!cert_bio || !key_bio || PEM_write_bio_X509(cert_bio.get(), cert.get()) != 1 ||
      PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
          1)
    return make_error(Errc::io, "could not write the certificate as PEM");
  return CertificateFiles{bio_text(cert_bio.get()), bio_text(key_bio.get())};
}

}  // namespace rfinv::sync
