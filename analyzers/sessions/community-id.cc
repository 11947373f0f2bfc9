#include "analyzers/sessions/community-id.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>

namespace ntlab {
namespace {

void PutBe16(unsigned char*& p, std::uint16_t v) {
  *p++ = static_cast<unsigned char>(v >> 8);
  *p++ = static_cast<unsigned char>(v);
}
// The address as the spec hashes it: its 4 (IPv4) or 16 (IPv6) network-order bytes.
void PutAddress(unsigned char*& p, const IpAddress& ip) {
  const std::size_t size = ip.IsV4() ? 4 : 16;
  std::copy(ip.bytes.begin(), ip.bytes.begin() + static_cast<std::ptrdiff_t>(size), p);
  p += size;
}

}  // namespace

std::string CommunityId::Compute(Proto proto, Endpoint a, Endpoint b, std::uint16_t seed) {
  // The spec orders the endpoints so the smaller (address, port) comes first; the addresses
  // compare bytewise, as IpAddress orders them within a family.
  if (b < a) std::swap(a, b);
  unsigned char buffer[2 + 16 + 16 + 1 + 1 + 2 + 2];
  unsigned char* p = buffer;
  PutBe16(p, seed);
  PutAddress(p, a.ip);
  PutAddress(p, b.ip);
  *p++ = static_cast<unsigned char>(proto);
  *p++ = 0;
  PutBe16(p, a.port);
  PutBe16(p, b.port);
  // SHA1() looks the algorithm up by name on every call (OpenSSL 3), which cost more than the
  // hash itself; fetch it once.
  static EVP_MD* const sha1 = EVP_MD_fetch(nullptr, "SHA1", nullptr);
  unsigned char digest[SHA_DIGEST_LENGTH];
  const std::size_t size = static_cast<std::size_t>(p - buffer);
  if (!sha1 || !EVP_Digest(buffer, size, digest, nullptr, sha1, nullptr)) SHA1(buffer, size, digest);
  unsigned char encoded[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
  int length = EVP_EncodeBlock(encoded, digest, SHA_DIGEST_LENGTH);
  return "1:" + std::string(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(length));
}

}  // namespace ntlab
