#ifndef NTLAB_TRAFFIC_GEN_PAYLOAD_SMTP_CLIENT_DIALOGUE_H
#define NTLAB_TRAFFIC_GEN_PAYLOAD_SMTP_CLIENT_DIALOGUE_H

// The client side of one SMTP transaction (RFC 5321): 220 greeting, EHLO, MAIL FROM, RCPT TO
// per recipient, DATA, the message, QUIT. Pure byte logic, no sockets, so the ns-3 bot drives it
// over a TCP connection and tests drive it against SmtpServerDialogue directly. Any unexpected
// reply code ends the transaction with QUIT, as a mailer does.

#include "models/payload/bytes.h"

#include <string>
#include <vector>

namespace ntlab::payload {

class SmtpClientDialogue {
 public:
  SmtpClientDialogue(std::string helo, std::string from, std::vector<std::string> recipients,
                     Bytes message);

  /// Consumes the complete replies at the front of `rx` and returns the bytes to send next
  /// (empty while waiting).
  Bytes Feed(Bytes& rx);
  bool Done() const { return m_state == State::Done; }
  /// The message was accepted (250 after the DATA terminator).
  bool Delivered() const { return m_delivered; }
  /// Code of the last reply read (0 before any).
  int LastCode() const { return m_lastCode; }

 private:
  enum class State { Greeting, Ehlo, Mail, Rcpt, Data, Message, Quit, Done };
  Bytes Next(int code);

  std::string m_helo;
  std::string m_from;
  std::vector<std::string> m_recipients;
  Bytes m_message;
  State m_state = State::Greeting;
  size_t m_rcpt = 0;
  bool m_delivered = false;
  int m_lastCode = 0;
};

}  // namespace ntlab::payload

#endif
