#include "models/payload/kraken-protocol.h"

#include "models/payload/split-mix64.h"

namespace ntlab::payload {

namespace {

void PutU16(Bytes& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}

void PutU32(Bytes& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

uint16_t GetU16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }

uint32_t GetU32(const uint8_t* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}

bool IsKnownType(uint8_t type) {
  return type == 0x01 || type == 0x02 || type == 0x03 || type == 0x08;
}

}  // namespace

void KrakenCrypt(uint8_t* data, size_t size, uint64_t key, uint32_t botId) {
  // A keystream per (key, bot): two bots' identical plaintexts differ on the wire.
  SplitMix64 stream(DeriveSeed(key, botId));
  uint64_t word = 0;
  for (size_t i = 0; i < size; ++i) {
    if (i % 8 == 0) word = stream.Next();
    data[i] ^= static_cast<uint8_t>(word >> (8 * (i % 8)));
  }
}

Bytes EncodeKrakenMessage(const KrakenMessage& message, uint64_t key) {
  Bytes out;
  out.reserve(kKrakenHeaderLength + message.body.size());
  out.push_back(static_cast<uint8_t>(message.type));
  out.push_back(0);
  PutU16(out, static_cast<uint16_t>(message.body.size()));
  PutU32(out, message.bot_id);
  out.insert(out.end(), message.body.begin(), message.body.end());
  KrakenCrypt(out.data() + kKrakenHeaderLength, message.body.size(), key, message.bot_id);
  return out;
}

std::optional<KrakenMessage> DecodeKrakenMessage(const uint8_t* data, size_t size, uint64_t key) {
  if (size < kKrakenHeaderLength || !IsKnownType(data[0]) || data[1] != 0) return std::nullopt;
  if (GetU16(data + 2) != size - kKrakenHeaderLength) return std::nullopt;
  KrakenMessage m;
  m.type = static_cast<KrakenType>(data[0]);
  m.bot_id = GetU32(data + 4);
  m.body.assign(data + kKrakenHeaderLength, data + size);
  KrakenCrypt(m.body.data(), m.body.size(), key, m.bot_id);
  return m;
}

Bytes KrakenRegistrationBody(uint16_t moduleVersion, bool smtpWorks, size_t total, uint64_t seed) {
  Bytes out;
  PutU16(out, moduleVersion);
  out.push_back(smtpWorks ? 1 : 0);
  if (total > out.size()) SplitMix64(seed).Append(out, total - out.size());
  return out;
}

std::optional<uint16_t> KrakenRegistrationModule(const Bytes& body) {
  if (body.size() < 3) return std::nullopt;
  return GetU16(body.data());
}

Bytes EncodeKrakenIpList(const std::vector<KrakenPeer>& peers) {
  Bytes out;
  out.push_back(static_cast<uint8_t>(peers.size()));
  for (const auto& p : peers) {
    PutU32(out, p.address);
    PutU16(out, p.port);
  }
  return out;
}

std::optional<std::vector<KrakenPeer>> DecodeKrakenIpList(const Bytes& body) {
  if (body.empty() || body.size() != 1 + 6 * size_t{body[0]}) return std::nullopt;
  std::vector<KrakenPeer> peers;
  for (size_t i = 0; i < body[0]; ++i) {
    const uint8_t* p = body.data() + 1 + 6 * i;
    peers.push_back({GetU32(p), GetU16(p + 4)});
  }
  return peers;
}

Bytes EncodeKrakenFields(const std::map<std::string, std::string>& fields) {
  std::string text;
  for (const auto& [k, v] : fields) text += k + "=" + v + "\n";
  return Bytes(text.begin(), text.end());
}

std::optional<std::map<std::string, std::string>> DecodeKrakenFields(const Bytes& body) {
  std::map<std::string, std::string> fields;
  std::string text(body.begin(), body.end());
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) return std::nullopt;
    std::string line = text.substr(pos, end - pos);
    size_t eq = line.find('=');
    if (eq == std::string::npos || eq == 0) return std::nullopt;
    fields[line.substr(0, eq)] = line.substr(eq + 1);
    pos = end + 1;
  }
  return fields;
}

Bytes EncodeKrakenModuleOffer(const KrakenModuleOffer& offer) {
  Bytes out;
  PutU16(out, offer.version);
  PutU32(out, offer.size);
  PutU32(out, offer.herder);
  return out;
}

std::optional<KrakenModuleOffer> DecodeKrakenModuleOffer(const Bytes& body) {
  if (body.size() != 10) return std::nullopt;
  return KrakenModuleOffer{GetU16(body.data()), GetU32(body.data() + 2), GetU32(body.data() + 6)};
}

Bytes FrameKrakenBlob(const Bytes& blob) {
  Bytes out;
  PutU32(out, static_cast<uint32_t>(blob.size()));
  out.insert(out.end(), blob.begin(), blob.end());
  return out;
}

std::optional<size_t> KrakenBlobFrameLength(const uint8_t* data, size_t size) {
  if (size < 4) return std::nullopt;
  return size_t{4} + GetU32(data);
}

namespace {
// Sealed keystreams are seeded apart from the body keystream of the plain form.
constexpr uint64_t kSealSalt = 0x5365616c65645f31ULL;
}  // namespace

Bytes SealKraken(const Bytes& plain, uint64_t key, uint32_t nonce) {
  Bytes out;
  out.reserve(kKrakenNonceLength + plain.size());
  PutU32(out, nonce);
  out.insert(out.end(), plain.begin(), plain.end());
  KrakenCrypt(out.data() + kKrakenNonceLength, plain.size(), key ^ kSealSalt, nonce);
  return out;
}

Bytes UnsealKraken(const uint8_t* data, size_t size, uint64_t key) {
  if (size < kKrakenNonceLength) return {};
  Bytes plain(data + kKrakenNonceLength, data + size);
  KrakenCrypt(plain.data(), plain.size(), key ^ kSealSalt, GetU32(data));
  return plain;
}

Bytes EncodeKrakenWire(const KrakenMessage& message, uint64_t key, KrakenWire wire, uint32_t nonce) {
  Bytes plain = EncodeKrakenMessage(message, key);
  return wire == KrakenWire::Plain ? plain : SealKraken(plain, key, nonce);
}

std::optional<KrakenMessage> DecodeKrakenWire(const uint8_t* data, size_t size, uint64_t key, KrakenWire wire) {
  if (wire == KrakenWire::Plain) return DecodeKrakenMessage(data, size, key);
  Bytes plain = UnsealKraken(data, size, key);
  return DecodeKrakenMessage(plain.data(), plain.size(), key);
}

std::optional<size_t> KrakenRequestLength(const uint8_t* data, size_t size, uint64_t key, KrakenWire wire) {
  size_t prefix = wire == KrakenWire::Plain ? 0 : kKrakenNonceLength;
  if (size < prefix + kKrakenHeaderLength) return std::nullopt;
  Bytes header = wire == KrakenWire::Plain ? Bytes(data, data + kKrakenHeaderLength)
                                           : UnsealKraken(data, prefix + kKrakenHeaderLength, key);
  return prefix + kKrakenHeaderLength + GetU16(header.data() + 2);
}

Bytes FrameKrakenBlobWire(const Bytes& blob, uint64_t key, KrakenWire wire, uint32_t nonce) {
  Bytes frame = FrameKrakenBlob(blob);
  return wire == KrakenWire::Plain ? frame : SealKraken(frame, key, nonce);
}

std::optional<size_t> KrakenBlobFrameLengthWire(const uint8_t* data, size_t size, uint64_t key, KrakenWire wire) {
  if (wire == KrakenWire::Plain) return KrakenBlobFrameLength(data, size);
  if (size < kKrakenNonceLength + 4) return std::nullopt;
  Bytes length = UnsealKraken(data, kKrakenNonceLength + 4, key);
  return kKrakenNonceLength + 4 + size_t{GetU32(length.data())};
}

Bytes KrakenBlobOfFrame(const uint8_t* data, size_t size, uint64_t key, KrakenWire wire) {
  Bytes frame = wire == KrakenWire::Plain ? Bytes(data, data + size) : UnsealKraken(data, size, key);
  if (frame.size() < 4) return {};
  return Bytes(frame.begin() + 4, frame.end());
}

}  // namespace ntlab::payload
