#ifndef NTLAB_TRAFFIC_GEN_PAYLOAD_SMTP_PAYLOAD_H
#define NTLAB_TRAFFIC_GEN_PAYLOAD_SMTP_PAYLOAD_H

// SMTP (RFC 5321) pieces for simulated mail clients, spam bots and MX servers: command lines,
// (multi-line) replies, and an RFC 5322 message with dot-stuffing, so that captures open as
// SMTP in Wireshark and the analyzers can read the dialogue.

#include "models/payload/bytes.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ntlab::payload {

/// "VERB arg\r\n" ("VERB\r\n" when arg is empty).
Bytes BuildSmtpCommand(const std::string& verb, const std::string& argument = {});

/// A reply: every line but the last as "code-text", the last as "code text", each with CRLF.
Bytes BuildSmtpReply(int code, const std::vector<std::string>& lines);

struct SmtpReply {
  int code = 0;
  std::vector<std::string> lines;  // texts without code and separator
  size_t length = 0;               // bytes of the whole reply on the wire
};

/// The first complete reply at data, nullopt while incomplete or if malformed (a code outside
/// 100-599 included).
std::optional<SmtpReply> ParseSmtpReply(const uint8_t* data, size_t size);

/// Length of the first complete CRLF-terminated line at data (CRLF included), or nullopt.
std::optional<size_t> SmtpLineLength(const uint8_t* data, size_t size);

/// Length of the DATA section at data up to and including the "\r\n.\r\n" terminator (the
/// terminator may also be the very first line, "." CRLF), or nullopt while incomplete.
std::optional<size_t> SmtpDataLength(const uint8_t* data, size_t size);

/// Headers (From, To, Subject, Date, Message-ID, MIME) and a text body of about `body_length`
/// bytes from `seed`, dot-stuffed and followed by the "\r\n.\r\n" terminator: what a client
/// sends after the 354 reply.
Bytes BuildSmtpMessage(const std::string& from, const std::string& to, const std::string& subject,
                       size_t body_length, uint64_t seed);

}  // namespace ntlab::payload

#endif
