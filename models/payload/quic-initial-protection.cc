#include "models/payload/quic-initial-protection.h"

#include <openssl/evp.h>
#include <openssl/kdf.h>

#include <memory>
#include <stdexcept>

namespace ntlab::payload {
namespace {

// The per-version constants of RFC 9001 §5.2 (v1) and RFC 9369 §3.3 (v2).
struct QuicVersionConstants {
  std::array<uint8_t, 20> salt;
  const char* key_label;
  const char* iv_label;
  const char* hp_label;
};

const QuicVersionConstants kVersion1{{0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
                                      0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a},
                                     "quic key", "quic iv", "quic hp"};
const QuicVersionConstants kVersion2{{0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93,
                                      0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9},
                                     "quicv2 key", "quicv2 iv", "quicv2 hp"};

const QuicVersionConstants& ConstantsOf(uint32_t version) {
  if (version == kQuicVersion2) return kVersion2;
  if (version == 1) return kVersion1;
  throw std::invalid_argument("QUIC version " + std::to_string(version) + " has no known Initial keys");
}

using PkeyContext = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

void Require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("OpenSSL failed: ") + what);  // allocation, not input
}

// One HKDF-SHA256 step (RFC 5869): Extract(salt, ikm) or Expand(prk = ikm, info, out_size).
void Hkdf(int mode, const uint8_t* salt, size_t salt_size, const uint8_t* ikm, size_t ikm_size, const Bytes& info,
          uint8_t* out, size_t out_size) {
  PkeyContext ctx(EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr), &EVP_PKEY_CTX_free);
  Require(ctx && EVP_PKEY_derive_init(ctx.get()) > 0, "HKDF init");
  Require(EVP_PKEY_CTX_hkdf_mode(ctx.get(), mode) > 0 && EVP_PKEY_CTX_set_hkdf_md(ctx.get(), EVP_sha256()) > 0,
          "HKDF mode");
  if (salt_size > 0) Require(EVP_PKEY_CTX_set1_hkdf_salt(ctx.get(), salt, static_cast<int>(salt_size)) > 0, "salt");
  Require(EVP_PKEY_CTX_set1_hkdf_key(ctx.get(), ikm, static_cast<int>(ikm_size)) > 0, "HKDF key");
  if (!info.empty())
    Require(EVP_PKEY_CTX_add1_hkdf_info(ctx.get(), info.data(), static_cast<int>(info.size())) > 0, "HKDF info");
  size_t produced = out_size;
  Require(EVP_PKEY_derive(ctx.get(), out, &produced) > 0 && produced == out_size, "HKDF derive");
}

// HKDF-Expand-Label of TLS 1.3 (RFC 8446 §7.1) with an empty context, as QUIC uses it.
template <size_t N>
std::array<uint8_t, N> ExpandLabel(const std::array<uint8_t, 32>& secret, const std::string& label) {
  const std::string full = "tls13 " + label;
  Bytes info{0, static_cast<uint8_t>(N), static_cast<uint8_t>(full.size())};
  info.insert(info.end(), full.begin(), full.end());
  info.push_back(0);  // empty context
  std::array<uint8_t, N> out{};
  Hkdf(EVP_PKEY_HKDEF_MODE_EXPAND_ONLY, nullptr, 0, secret.data(), secret.size(), info, out.data(), N);
  return out;
}

// AES-128-ECB of the 16-byte sample: the header protection mask (RFC 9001 §5.4.3).
std::array<uint8_t, 16> HeaderMask(const QuicInitialKeys& keys, const uint8_t* sample) {
  CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  std::array<uint8_t, 16> mask{};
  int produced = 0;
  Require(ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_ecb(), nullptr, keys.hp.data(), nullptr) > 0 &&
              EVP_CIPHER_CTX_set_padding(ctx.get(), 0) > 0 &&
              EVP_EncryptUpdate(ctx.get(), mask.data(), &produced, sample, 16) > 0 && produced == 16,
          "AES-ECB header protection");
  return mask;
}

// The AEAD nonce: the IV with the packet number XORed into its last bytes (RFC 9001 §5.3).
std::array<uint8_t, 12> Nonce(const QuicInitialKeys& keys, uint64_t packet_number) {
  std::array<uint8_t, 12> nonce = keys.iv;
  for (size_t i = 0; i < 8; ++i) nonce[11 - i] ^= static_cast<uint8_t>(packet_number >> (8 * i));
  return nonce;
}

// RFC 9000 §A.3: the full packet number nearest to the one after the largest seen.
uint64_t DecodePacketNumber(int64_t largest, uint64_t truncated, size_t pn_length) {
  const uint64_t expected = static_cast<uint64_t>(largest + 1);
  const uint64_t window = uint64_t{1} << (8 * pn_length);
  const uint64_t half = window / 2;
  const uint64_t candidate = (expected & ~(window - 1)) | truncated;
  if (candidate + half <= expected && candidate < (uint64_t{1} << 62) - window) return candidate + window;
  if (candidate > expected + half && candidate >= window) return candidate - window;
  return candidate;
}

// AES-128-GCM open; false when the tag does not authenticate.
bool Open(const QuicInitialKeys& keys, uint64_t packet_number, const uint8_t* aad, size_t aad_size,
          const uint8_t* ciphertext, size_t size, const uint8_t* tag, Bytes& plaintext) {
  CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  const auto nonce = Nonce(keys, packet_number);
  int produced = 0;
  plaintext.assign(size, 0);
  Require(ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_128_gcm(), nullptr, keys.key.data(), nonce.data()) > 0 &&
              EVP_DecryptUpdate(ctx.get(), nullptr, &produced, aad, static_cast<int>(aad_size)) > 0 &&
              EVP_DecryptUpdate(ctx.get(), plaintext.data(), &produced, ciphertext, static_cast<int>(size)) > 0 &&
              EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, 16, const_cast<uint8_t*>(tag)) > 0,
          "AES-GCM decrypt");
  uint8_t final_block[16];
  return EVP_DecryptFinal_ex(ctx.get(), final_block, &produced) > 0;
}

}  // namespace

bool IsKnownQuicVersion(uint32_t version) { return version == 1 || version == kQuicVersion2; }

uint8_t QuicInitialTypeBits(uint32_t version) { return version == kQuicVersion2 ? 1 : 0; }

QuicInitialKeys DeriveQuicClientInitialKeys(uint32_t version, const uint8_t* dcid, size_t dcid_size,
                                            std::array<uint8_t, 32>* client_secret) {
  const QuicVersionConstants& constants = ConstantsOf(version);
  std::array<uint8_t, 32> initial{};
  Hkdf(EVP_PKEY_HKDEF_MODE_EXTRACT_ONLY, constants.salt.data(), constants.salt.size(), dcid, dcid_size, {},
       initial.data(), initial.size());
  const auto client = ExpandLabel<32>(initial, "client in");  // the same label in v1 and v2
  if (client_secret) *client_secret = client;
  return QuicInitialKeys{ExpandLabel<16>(client, constants.key_label), ExpandLabel<12>(client, constants.iv_label),
                         ExpandLabel<16>(client, constants.hp_label)};
}

Bytes ProtectQuicInitial(const QuicInitialKeys& keys, const Bytes& header, size_t pn_length, uint64_t packet_number,
                         const Bytes& plaintext) {
  const size_t pn_offset = header.size() - pn_length;
  Bytes out(header);
  out.resize(header.size() + plaintext.size() + kQuicAeadTagSize);
  CipherContext ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  const auto nonce = Nonce(keys, packet_number);
  int produced = 0;
  Require(ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_128_gcm(), nullptr, keys.key.data(), nonce.data()) > 0 &&
              EVP_EncryptUpdate(ctx.get(), nullptr, &produced, header.data(), static_cast<int>(header.size())) > 0 &&
              EVP_EncryptUpdate(ctx.get(), out.data() + header.size(), &produced, plaintext.data(),
                                static_cast<int>(plaintext.size())) > 0 &&
              EVP_EncryptFinal_ex(ctx.get(), out.data() + header.size() + produced, &produced) > 0 &&
              EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, 16, out.data() + out.size() - 16) > 0,
          "AES-GCM encrypt");
  // The sample starts 4 bytes after the packet number's start whatever its length (§5.4.2).
  if (out.size() < pn_offset + 4 + kQuicHeaderSampleSize)
    throw std::invalid_argument("QUIC Initial too short to sample for header protection");
  const auto mask = HeaderMask(keys, out.data() + pn_offset + 4);
  out[0] ^= mask[0] & 0x0f;
  for (size_t i = 0; i < pn_length; ++i) out[pn_offset + i] ^= mask[1 + i];
  return out;
}

QuicUnprotected UnprotectQuicInitial(const QuicInitialKeys& keys, const uint8_t* packet, size_t size,
                                     size_t pn_offset, int64_t largest_packet_number) {
  QuicUnprotected result;
  if (size < pn_offset + 4 + kQuicHeaderSampleSize) {
    result.problem = "packet of " + std::to_string(size) + " bytes, too short for a header protection sample";
    return result;
  }
  const auto mask = HeaderMask(keys, packet + pn_offset + 4);
  Bytes header(packet, packet + pn_offset);
  header[0] ^= mask[0] & 0x0f;
  const size_t pn_length = (header[0] & 0x03) + 1;
  uint64_t truncated = 0;
  for (size_t i = 0; i < pn_length; ++i) {
    header.push_back(packet[pn_offset + i] ^ mask[1 + i]);
    truncated = truncated << 8 | header.back();
  }
  const size_t payload_offset = pn_offset + pn_length;
  if (size < payload_offset + kQuicAeadTagSize) {
    result.problem = "packet shorter than its header and authentication tag";
    return result;
  }
  result.packet_number = DecodePacketNumber(largest_packet_number, truncated, pn_length);
  const size_t ciphertext_size = size - payload_offset - kQuicAeadTagSize;
  if (!Open(keys, result.packet_number, header.data(), header.size(), packet + payload_offset, ciphertext_size,
            packet + size - kQuicAeadTagSize, result.plaintext)) {
    result.problem = "payload does not authenticate with the Initial keys";
    result.plaintext.clear();
    return result;
  }
  result.ok = true;
  return result;
}

}  // namespace ntlab::payload
