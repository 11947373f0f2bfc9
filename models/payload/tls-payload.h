#ifndef NTLAB_TRAFFIC_GEN_PAYLOAD_TLS_PAYLOAD_H
#define NTLAB_TRAFFIC_GEN_PAYLOAD_TLS_PAYLOAD_H

// TLS records that look real on the wire: a browser-like ClientHello carrying the SNI (what
// labellers read), a TLS 1.2 server flight, and opaque ApplicationData. Nothing is encrypted;
// "encrypted" content is seeded pseudo-random bytes, so a capture is reproducible from the seed.

#include "models/payload/bytes.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace ntlab::payload {

constexpr uint8_t kTlsChangeCipherSpec = 20;
constexpr uint8_t kTlsAlert = 21;
constexpr uint8_t kTlsHandshake = 22;
constexpr uint8_t kTlsApplicationData = 23;
constexpr size_t kTlsRecordHeaderSize = 5;
constexpr size_t kTlsMaxRecordPayload = 16384;  // 2^14, RFC 8446 §5.1

// One ClientHello record (header 16 03 01): legacy version 1.2, 32 B random, 32 B session id,
// Chrome-like cipher suites and extensions (server_name unless sni is empty, supported_groups,
// ec_point_formats, signature_algorithms, ALPN h2/http/1.1, supported_versions 1.3/1.2,
// key_share x25519 with 32 random bytes, ...).
Bytes BuildTlsClientHello(const std::string& sni, uint64_t seed);

// TLS 1.2 server flight: ServerHello (ECDHE-RSA-AES128-GCM), Certificate, ServerHelloDone, each
// in its own handshake record (so exactly 3 handshake records). The certificate is a structurally
// valid X.509 v3 DER certificate (random RSA key, serial and signature; subject CN = common_name,
// "server.ntlab.invalid" when empty) padded to certificate_bytes (exact unless below the ~700 B
// minimum or above what fits in one record), so tshark decodes it cleanly.
Bytes BuildTlsServerFlight(uint64_t seed, size_t certificate_bytes,
                           const std::string& common_name = {});

// TLS 1.3 server flight as seen on the wire: ServerHello (supported_versions 1.3, key_share
// x25519), a ChangeCipherSpec record, then type-23 records carrying the "encrypted"
// EncryptedExtensions + Certificate (certificate_bytes) + CertificateVerify + Finished, i.e.
// certificate_bytes + 336 bytes of record payload. Only 1 handshake record: clients that count
// handshake records must use the TLS 1.2 flight.
Bytes BuildTls13ServerFlight(uint64_t seed, size_t certificate_bytes);

// The client's answer to the TLS 1.3 flight: a ChangeCipherSpec record followed by one
// type-23 record of 53 bytes (Finished + content type + AEAD tag). Servers in ntlab take a
// client ChangeCipherSpec as "the next ApplicationData record is Finished, not a request".
Bytes BuildTlsClientFinished(uint64_t seed);

// payload_bytes of pseudo-random content split into type-23 records of at most 16384 B each
// (version 03 03). payload_bytes == 0 yields no record at all.
Bytes BuildTlsApplicationData(size_t payload_bytes, uint64_t seed);

struct TlsRecordHeader {
  uint8_t content_type = 0;
  uint16_t version = 0;
  uint16_t length = 0;  // payload length, without the 5-byte header
};

// The header of the first record if the whole record is in [data, data + size); nullopt while it
// is incomplete. Throws nothing; a header with a length above 2^14 + 2048 (the largest ciphertext
// RFC 5246 allows) is reported as-is so callers can treat the stream as garbage.
std::optional<TlsRecordHeader> PeekTlsRecord(const uint8_t* data, size_t size);

// Length of the longest prefix made of complete records (0 when not even one record is complete),
// so a server can consume whole records from its receive buffer and keep the rest.
size_t CompleteTlsRecordsLength(const uint8_t* data, size_t size);

// True if the record starting at data is a handshake record whose first message is a
// ClientHello (handshake type 1). Needs the complete record.
bool IsTlsClientHelloRecord(const uint8_t* data, size_t size);

}  // namespace ntlab::payload

#endif
