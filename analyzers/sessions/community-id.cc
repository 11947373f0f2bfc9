#include "analyzers/sessions/community-id.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

namespace ntlab {
namespace {

void PutBe16(unsigned char*& p, std::uint16_t v) {
  *p++ = static_cast<unsigned char>(v >> 8);
  *p++ = static_cast<unsigned char>(v);
}
void PutBe32(unsigned char*& p, std::uint32_t v) {
  PutBe16(p, static_cast<std::uint16_t>(v >> 16));
  PutBe16(p, static_cast<std::uint16_t>(v));
}

}  // namespace

std::string CommunityId::Compute(Proto proto, Endpoint a, Endpoint b, std::uint16_t seed) {
  // The spec orders the endpoints so the smaller (address, port) comes first.
  if (b < a) std::swap(a, b);
  unsigned char buffer[2 + 4 + 4 + 1 + 1 + 2 + 2];
  unsigned char* p = buffer;
  PutBe16(p, seed);
  PutBe32(p, a.ip);
  PutBe32(p, b.ip);
  *p++ = static_cast<unsigned char>(proto);
  *p++ = 0;
  PutBe16(p, a.port);
  PutBe16(p, b.port);
  // SHA1() looks the algorithm up by name on every call (OpenSSL 3), which cost more than the
  // hash itself; fetch it once.
  static EVP_MD* const sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
  unsigned char digest[SHA_DIGEST_LENGTH];
  if (!sha1 || !EVP_Digest(buffer, sizeof buffer, digest, nullptr, sha1, nullptr))
    SHA1(buffer, sizeof buffer, digest);
  unsigned char encoded[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
  int length = EVP_EncodeBlock(encoded, digest, SHA_DIGEST_LENGTH);
  return "1:" + std::string(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(length));
}

}  // namespace ntlab
