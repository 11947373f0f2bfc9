#ifndef NTLAB_TRAFFIC_GEN_PAYLOAD_SMTP_SERVER_DIALOGUE_H
#define NTLAB_TRAFFIC_GEN_PAYLOAD_SMTP_SERVER_DIALOGUE_H

// The server side of an SMTP session (RFC 5321) as an MX answers it: 220 greeting, 250 to
// EHLO/HELO (multi-line with extensions for EHLO), 250 to MAIL/RCPT/RSET/NOOP, 354 to DATA,
// 250 after the message, 221 to QUIT, 503 for commands out of sequence and 500 for unknown
// ones. Pure byte logic: SmtpServerApplication runs one per TCP connection.

#include "models/payload/bytes.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab::payload {

class SmtpServerDialogue {
 public:
  explicit SmtpServerDialogue(std::string hostname);

  Bytes Greeting() const;
  /// Consumes complete command lines (and DATA sections) at the front of `rx`; returns the
  /// replies to send.
  Bytes Feed(Bytes& rx);
  /// QUIT was answered: the server closes the connection.
  bool Closing() const { return m_closing; }
  uint32_t MessagesAccepted() const { return m_messages; }
  const std::string& MailFrom() const { return m_from; }
  const std::vector<std::string>& Recipients() const { return m_recipients; }
  /// Size of the last message accepted (DATA section, terminator included).
  size_t LastMessageBytes() const { return m_lastMessage; }

 private:
  Bytes Command(const std::string& line);

  std::string m_hostname;
  bool m_helloSeen = false;
  bool m_inData = false;
  bool m_closing = false;
  std::string m_from;
  std::vector<std::string> m_recipients;
  uint32_t m_messages = 0;
  size_t m_lastMessage = 0;
};

}  // namespace ntlab::payload

#endif
