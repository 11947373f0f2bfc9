#ifndef NTLAB_TRAFFIC_GEN_PAYLOAD_MESSENGER_PAYLOAD_H
#define NTLAB_TRAFFIC_GEN_PAYLOAD_MESSENGER_PAYLOAD_H

// MSNP and NateOn wire pieces (PROTOCOLS.md 3.1 and 3.2) for generated captures and, later, the
// simulated messenger clients and servers: command lines with CRLF framing, payload commands whose
// last token is the payload's byte length (so Wireshark's MSNP dissector and ntlab's grammars
// cut them alike), a chat message's MIME body, the MSNSLP answer that offers a direct connection,
// and the frames of that direct (P2P) connection.

#include "models/payload/bytes.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab::payload {

/// "VERB a b c\r\n" (MSNP and NateOn share the line form).
Bytes BuildMessengerCommand(const std::string& verb, const std::vector<std::string>& args);
/// "VERB a b <len>\r\n<payload>": MSG, QRY, UBX ... in MSNP; CONF and CRPT in NateOn.
Bytes BuildMessengerPayloadCommand(const std::string& verb, const std::vector<std::string>& args, const Bytes& payload);

/// The MIME body of an MSNP chat message (MIME-Version, text/plain UTF-8, X-MMS-IM-Format).
Bytes BuildMsnpTextMessage(const std::string& text);
/// The MSNP profile pushed after login (`MSG Hotmail Hotmail <len>`): MIME headers of about 450 B.
Bytes BuildMsnpProfile(const std::string& account);

/// MSNSLP `200 OK` to a direct-connection invitation, from `from` to `to`, listening on
/// ip:port (IPv4Internal-Addrs / -Port), inside the P2P MIME headers, the 48-byte binary header
/// and the 4-byte footer of a `MSG <trid> D <len>` payload.
Bytes BuildMsnSlpDirectOffer(const std::string& from, const std::string& to, const std::string& ip, std::uint16_t port);

/// The direct connection's hello: length 4 (little endian), then "foo\0".
Bytes BuildMsnDirectHello();
/// A direct-connection frame: its length (little endian), the 48-byte P2P header, the data.
Bytes BuildMsnDirectFrame(std::uint32_t sessionId, std::uint32_t id, std::uint64_t offset, std::uint64_t total,
                          std::uint32_t flags, const Bytes& data);

/// NateOn's chat line arguments after `MESG <trid> <account>`: `MSG <font>%09<BGR-decimal>%09<style>%09<text>`
/// (PROTOCOLS.md 3.2's form), the text percent-encoded so that it stays one token (space -> %20).
std::vector<std::string> NateOnChatArgs(const std::string& text);

/// NateOn's configuration text: `key=value` lines with PROTOCOLS.md's timers and ports, padded with
/// service URL lines to `size` bytes.
Bytes BuildNateOnConfig(std::size_t size);

}  // namespace ntlab::payload

#endif
