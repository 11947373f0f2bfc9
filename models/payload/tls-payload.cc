#include "models/payload/tls-payload.h"

#include "models/payload/split-mix64.h"

#include <algorithm>
#include <initializer_list>

namespace ntlab::payload {

namespace {

// Salts so the random fields of one message come from independent sub-streams.
enum : uint64_t { kSaltRandom = 1, kSaltSessionId, kSaltKeyShare, kSaltCertificate, kSaltData, kSaltFinished };

void Put8(Bytes& b, unsigned v) { b.push_back(static_cast<uint8_t>(v)); }
void Put16(Bytes& b, unsigned v) {
  b.push_back(static_cast<uint8_t>(v >> 8));
  b.push_back(static_cast<uint8_t>(v));
}
void Put24(Bytes& b, size_t v) {
  b.push_back(static_cast<uint8_t>(v >> 16));
  b.push_back(static_cast<uint8_t>(v >> 8));
  b.push_back(static_cast<uint8_t>(v));
}
void PutBytes(Bytes& b, const Bytes& v) { b.insert(b.end(), v.begin(), v.end()); }
void PutString(Bytes& b, const std::string& s) { b.insert(b.end(), s.begin(), s.end()); }

// Length-prefixed vectors are written by reserving the prefix and patching it afterwards, which
// keeps the nested TLS structures readable top-down.
size_t Open(Bytes& b, int prefix_bytes) {
  for (int i = 0; i < prefix_bytes; ++i) b.push_back(0);
  return b.size();
}
void Close(Bytes& b, size_t body_start, int prefix_bytes) {
  size_t len = b.size() - body_start;
  for (int i = 0; i < prefix_bytes; ++i) {
    b[body_start - 1 - i] = static_cast<uint8_t>(len >> (8 * i));
  }
}

void PutExtension(Bytes& b, unsigned type, const Bytes& body) {
  Put16(b, type);
  Put16(b, static_cast<unsigned>(body.size()));
  PutBytes(b, body);
}

Bytes Random(uint64_t seed, uint64_t salt, size_t n) {
  Bytes out;
  SplitMix64(DeriveSeed(seed, salt)).Append(out, n);
  return out;
}

// Wraps one handshake message (type + 24-bit length + body) into one record.
Bytes HandshakeRecord(uint16_t record_version, uint8_t handshake_type, const Bytes& body) {
  Bytes rec;
  Put8(rec, kTlsHandshake);
  Put16(rec, record_version);
  size_t rs = Open(rec, 2);
  Put8(rec, handshake_type);
  Put24(rec, body.size());
  PutBytes(rec, body);
  Close(rec, rs, 2);
  return rec;
}


// Minimal DER writer for the certificate: tag, definite length, content.
Bytes Der(uint8_t tag, const Bytes& content) {
  Bytes out;
  Put8(out, tag);
  size_t n = content.size();
  if (n < 0x80) {
    Put8(out, static_cast<unsigned>(n));
  } else if (n < 0x100) {
    Put8(out, 0x81);
    Put8(out, static_cast<unsigned>(n));
  } else if (n < 0x10000) {
    Put8(out, 0x82);
    Put16(out, static_cast<unsigned>(n));
  } else {
    Put8(out, 0x83);
    Put24(out, n);
  }
  PutBytes(out, content);
  return out;
}
Bytes Cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) PutBytes(out, p);
  return out;
}
Bytes DerString(uint8_t tag, const std::string& s) { return Der(tag, Bytes(s.begin(), s.end())); }
// A positive INTEGER of n random bytes with the top bit set (RSA modulus, serial number).
Bytes DerRandomInteger(SplitMix64& gen, size_t n) {
  Bytes v{0x00};
  gen.Append(v, n);
  v[1] |= 0x80;
  return Der(0x02, v);
}
Bytes DerName(const std::string& organisation, const std::string& common_name) {
  static const Bytes kOidO{0x06, 0x03, 0x55, 0x04, 0x0a};
  static const Bytes kOidCn{0x06, 0x03, 0x55, 0x04, 0x03};
  return Der(0x30, Cat({Der(0x31, Der(0x30, Cat({kOidO, DerString(0x0c, organisation)}))),
                        Der(0x31, Der(0x30, Cat({kOidCn, DerString(0x0c, common_name)})))}));
}

// A structurally valid X.509 v3 certificate (RSA-2048 key, sha256WithRSA) with random key,
// serial and signature, padded to about `target` bytes with an opaque extension under a
// private-enterprise OID. Real structure matters: tshark dissects certificates in TLS 1.2 and
// flags random bytes as malformed, which would make every simulated handshake look broken.
Bytes BuildCertificate(uint64_t seed, size_t target, const std::string& common_name) {
  static const Bytes kSha256Rsa = {0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
                                   0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00};
  static const Bytes kRsaEncryption = {0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
                                       0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
  // 1.3.6.1.4.1.32473.1 (32473 is the example PEN reserved for documentation, RFC 5612).
  static const Bytes kOpaqueOid = {0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01,
                                   0x81, 0xfd, 0x59, 0x01, 0x01};
  auto build = [&](size_t pad) {
    SplitMix64 gen(seed);
    Bytes version = Der(0xa0, Der(0x02, {0x02}));
    Bytes serial = DerRandomInteger(gen, 16);
    Bytes validity = Der(0x30, Cat({DerString(0x17, "240101000000Z"), DerString(0x17, "341231235959Z")}));
    Bytes rsa_key = Der(0x30, Cat({DerRandomInteger(gen, 256), Der(0x02, {0x01, 0x00, 0x01})}));
    Bytes key_bits{0x00};
    PutBytes(key_bits, rsa_key);
    Bytes spki = Der(0x30, Cat({kRsaEncryption, Der(0x03, key_bits)}));
    Bytes opaque;
    gen.Append(opaque, pad);
    Bytes extensions = Der(0xa3, Der(0x30, Der(0x30, Cat({kOpaqueOid, Der(0x04, opaque)}))));
    Bytes tbs = Der(0x30, Cat({version, serial, kSha256Rsa, DerName("ntlab simulated CA", "ntlab Issuing CA"),
                               validity, DerName("ntlab simulated servers", common_name), spki,
                               extensions}));
    Bytes signature{0x00};
    gen.Append(signature, 256);
    return Der(0x30, Cat({tbs, kSha256Rsa, Der(0x03, signature)}));
  };
  // Hitting the size exactly needs a few rounds because DER length fields grow with the content.
  size_t pad = 0;
  Bytes cert = build(pad);
  for (int i = 0; i < 6 && cert.size() != target; ++i) {
    if (cert.size() > target && pad == 0) break;  // target below the minimum certificate
    long diff = long(target) - long(cert.size());
    pad = diff < 0 && size_t(-diff) > pad ? 0 : size_t(long(pad) + diff);
    cert = build(pad);
  }
  return cert;
}

}  // namespace

Bytes BuildTlsClientHello(const std::string& sni, uint64_t seed) {
  Bytes hello;
  Put16(hello, 0x0303);  // legacy_version TLS 1.2; 1.3 is offered in supported_versions
  PutBytes(hello, Random(seed, kSaltRandom, 32));
  Put8(hello, 32);  // TLS 1.3 "middlebox compatibility" session id, as browsers send
  PutBytes(hello, Random(seed, kSaltSessionId, 32));

  // Chrome 1xx's list (minus GREASE): TLS 1.3 suites first, then ECDHE AEAD, then legacy CBC/RSA.
  static const unsigned kSuites[] = {0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9,
                                     0xcca8, 0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035};
  Put16(hello, sizeof(kSuites) / sizeof(kSuites[0]) * 2);
  for (unsigned s : kSuites) Put16(hello, s);
  Put8(hello, 1);  // compression methods: null only
  Put8(hello, 0);

  size_t ext = Open(hello, 2);
  if (!sni.empty()) {
    Bytes e;
    size_t list = Open(e, 2);
    Put8(e, 0);  // host_name
    Put16(e, static_cast<unsigned>(sni.size()));
    PutString(e, sni);
    Close(e, list, 2);
    PutExtension(hello, 0x0000, e);
  }
  PutExtension(hello, 0x0017, {});                  // extended_master_secret
  PutExtension(hello, 0xff01, {0x00});              // renegotiation_info (empty)
  PutExtension(hello, 0x000a, {0x00, 0x06,          // supported_groups:
                               0x00, 0x1d,          //   x25519
                               0x00, 0x17,          //   secp256r1
                               0x00, 0x18});        //   secp384r1
  PutExtension(hello, 0x000b, {0x01, 0x00});        // ec_point_formats: uncompressed
  PutExtension(hello, 0x0023, {});                  // session_ticket (empty)
  {
    Bytes e;
    size_t list = Open(e, 2);
    for (const char* proto : {"h2", "http/1.1"}) {
      std::string p(proto);
      Put8(e, static_cast<unsigned>(p.size()));
      PutString(e, p);
    }
    Close(e, list, 2);
    PutExtension(hello, 0x0010, e);  // application_layer_protocol_negotiation
  }
  PutExtension(hello, 0x0005, {0x01, 0x00, 0x00, 0x00, 0x00});  // status_request (OCSP)
  {
    static const unsigned kSigAlgs[] = {0x0403, 0x0804, 0x0401, 0x0503,
                                        0x0805, 0x0501, 0x0806, 0x0601};
    Bytes e;
    Put16(e, sizeof(kSigAlgs) / sizeof(kSigAlgs[0]) * 2);
    for (unsigned s : kSigAlgs) Put16(e, s);
    PutExtension(hello, 0x000d, e);  // signature_algorithms
  }
  PutExtension(hello, 0x0012, {});  // signed_certificate_timestamp
  {
    Bytes e;
    size_t shares = Open(e, 2);
    Put16(e, 0x001d);  // x25519
    Put16(e, 32);
    PutBytes(e, Random(seed, kSaltKeyShare, 32));
    Close(e, shares, 2);
    PutExtension(hello, 0x0033, e);  // key_share
  }
  PutExtension(hello, 0x002d, {0x01, 0x01});                    // psk_key_exchange_modes: psk_dhe_ke
  PutExtension(hello, 0x002b, {0x04, 0x03, 0x04, 0x03, 0x03});  // supported_versions: 1.3, 1.2
  Close(hello, ext, 2);

  // Record version 03 01 for the first flight, as every mainstream client does.
  return HandshakeRecord(0x0301, 1, hello);
}

Bytes BuildTlsServerFlight(uint64_t seed, size_t certificate_bytes, const std::string& common_name) {
  Bytes out;

  Bytes sh;
  Put16(sh, 0x0303);
  PutBytes(sh, Random(seed, kSaltRandom, 32));
  Put8(sh, 32);
  PutBytes(sh, Random(seed, kSaltSessionId, 32));
  Put16(sh, 0xc02f);  // TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, in the ClientHello's list
  Put8(sh, 0);
  size_t ext = Open(sh, 2);
  PutExtension(sh, 0xff01, {0x00});
  PutExtension(sh, 0x0017, {});
  PutExtension(sh, 0x000b, {0x01, 0x00});
  Close(sh, ext, 2);
  PutBytes(out, HandshakeRecord(0x0303, 2, sh));

  // One record holds at most 2^14 bytes and the message is not fragmented, so the certificate is
  // capped to fit.
  size_t cert_target = std::min(certificate_bytes, kTlsMaxRecordPayload - 4 - 3 - 3);
  Bytes cert = BuildCertificate(DeriveSeed(seed, kSaltCertificate), cert_target,
                                common_name.empty() ? "server.ntlab.invalid" : common_name);
  Bytes cm;
  size_t list = Open(cm, 3);
  Put24(cm, cert.size());
  PutBytes(cm, cert);
  Close(cm, list, 3);
  PutBytes(out, HandshakeRecord(0x0303, 11, cm));

  PutBytes(out, HandshakeRecord(0x0303, 14, {}));  // ServerHelloDone
  return out;
}

Bytes BuildTls13ServerFlight(uint64_t seed, size_t certificate_bytes) {
  Bytes out;

  // ServerHello choosing TLS 1.3 (supported_versions) with an x25519 share, answering the
  // ClientHello above; the certificate travels inside the encrypted records.
  Bytes sh;
  Put16(sh, 0x0303);
  PutBytes(sh, Random(seed, kSaltRandom, 32));
  Put8(sh, 32);
  PutBytes(sh, Random(seed, kSaltSessionId, 32));
  Put16(sh, 0x1301);  // TLS_AES_128_GCM_SHA256
  Put8(sh, 0);
  size_t ext = Open(sh, 2);
  PutExtension(sh, 0x002b, {0x03, 0x04});  // supported_versions: TLS 1.3
  {
    Bytes e;
    Put16(e, 0x001d);
    Put16(e, 32);
    PutBytes(e, Random(seed, kSaltKeyShare, 32));
    PutExtension(sh, 0x0033, e);  // key_share
  }
  Close(sh, ext, 2);
  PutBytes(out, HandshakeRecord(0x0303, 2, sh));

  // Middlebox-compatibility ChangeCipherSpec (RFC 8446 Appendix D.4).
  PutBytes(out, {kTlsChangeCipherSpec, 0x03, 0x03, 0x00, 0x01, 0x01});

  // Encrypted handshake: sizes of EncryptedExtensions (empty list), Certificate (one entry of
  // certificate_bytes, no extensions), CertificateVerify (RSA-2048 PSS signature) and Finished
  // (SHA-256), plus the inner content type byte and the 16-byte AEAD tag.
  const size_t kEncryptedExtensions = 4 + 2;
  const size_t certificate = 4 + 1 + 3 + 3 + certificate_bytes + 2;
  const size_t kCertificateVerify = 4 + 2 + 2 + 256;
  const size_t kFinished = 4 + 32;
  size_t encrypted = kEncryptedExtensions + certificate + kCertificateVerify + kFinished + 1 + 16;
  SplitMix64 gen(DeriveSeed(seed, kSaltCertificate));
  while (encrypted > 0) {
    size_t n = std::min(encrypted, kTlsMaxRecordPayload);
    Put8(out, kTlsApplicationData);
    Put16(out, 0x0303);
    Put16(out, static_cast<unsigned>(n));
    gen.Append(out, n);
    encrypted -= n;
  }
  return out;
}

Bytes BuildTlsClientFinished(uint64_t seed) {
  Bytes out{kTlsChangeCipherSpec, 0x03, 0x03, 0x00, 0x01, 0x01};
  const size_t kFinished = 4 + 32 + 1 + 16;
  Put8(out, kTlsApplicationData);
  Put16(out, 0x0303);
  Put16(out, kFinished);
  SplitMix64(DeriveSeed(seed, kSaltFinished)).Append(out, kFinished);
  return out;
}

Bytes BuildTlsApplicationData(size_t payload_bytes, uint64_t seed) {
  Bytes out;
  out.reserve(payload_bytes + (payload_bytes / kTlsMaxRecordPayload + 1) * kTlsRecordHeaderSize);
  SplitMix64 gen(DeriveSeed(seed, kSaltData));
  size_t left = payload_bytes;
  while (left > 0) {
    size_t n = std::min(left, kTlsMaxRecordPayload);
    Put8(out, kTlsApplicationData);
    Put16(out, 0x0303);
    Put16(out, static_cast<unsigned>(n));
    gen.Append(out, n);
    left -= n;
  }
  return out;
}

std::optional<TlsRecordHeader> PeekTlsRecord(const uint8_t* data, size_t size) {
  if (data == nullptr || size < kTlsRecordHeaderSize) return std::nullopt;
  TlsRecordHeader h;
  h.content_type = data[0];
  h.version = static_cast<uint16_t>((data[1] << 8) | data[2]);
  h.length = static_cast<uint16_t>((data[3] << 8) | data[4]);
  if (size < kTlsRecordHeaderSize + h.length) return std::nullopt;
  return h;
}

size_t CompleteTlsRecordsLength(const uint8_t* data, size_t size) {
  size_t used = 0;
  while (auto h = PeekTlsRecord(data + used, size - used)) {
    used += kTlsRecordHeaderSize + h->length;
  }
  return used;
}

bool IsTlsClientHelloRecord(const uint8_t* data, size_t size) {
  auto h = PeekTlsRecord(data, size);
  return h && h->content_type == kTlsHandshake && h->length >= 4 &&
         data[kTlsRecordHeaderSize] == 1;
}

}  // namespace ntlab::payload
