#include "models/payload/smtp-client-dialogue.h"

#include "models/payload/smtp-payload.h"

namespace ntlab::payload {

SmtpClientDialogue::SmtpClientDialogue(std::string helo, std::string from,
                                       std::vector<std::string> recipients, Bytes message)
    : m_helo(std::move(helo)),
      m_from(std::move(from)),
      m_recipients(std::move(recipients)),
      m_message(std::move(message)) {}

Bytes SmtpClientDialogue::Feed(Bytes& rx) {
  Bytes out;
  while (m_state != State::Done) {
    auto reply = ParseSmtpReply(rx.data(), rx.size());
    if (!reply) break;
    rx.erase(rx.begin(), rx.begin() + reply->length);
    m_lastCode = reply->code;
    Bytes next = Next(reply->code);
    out.insert(out.end(), next.begin(), next.end());
  }
  return out;
}

Bytes SmtpClientDialogue::Next(int code) {
  auto quit = [this]() {
    m_state = State::Quit;
    return BuildSmtpCommand("QUIT");
  };
  switch (m_state) {
    case State::Greeting:
      if (code != 220) return quit();
      m_state = State::Ehlo;
      return BuildSmtpCommand("EHLO", m_helo);
    case State::Ehlo:
      if (code != 250 || m_recipients.empty()) return quit();
      m_state = State::Mail;
      return BuildSmtpCommand("MAIL", "FROM:<" + m_from + ">");
    case State::Mail:
      if (code != 250) return quit();
      m_state = State::Rcpt;
      m_rcpt = 0;
      return BuildSmtpCommand("RCPT", "TO:<" + m_recipients[m_rcpt] + ">");
    case State::Rcpt:
      // 251 (forwarded) is a success too; a refused recipient ends the spam run for this MX.
      if (code != 250 && code != 251) return quit();
      if (++m_rcpt < m_recipients.size()) {
        return BuildSmtpCommand("RCPT", "TO:<" + m_recipients[m_rcpt] + ">");
      }
      m_state = State::Data;
      return BuildSmtpCommand("DATA");
    case State::Data:
      if (code != 354) return quit();
      m_state = State::Message;
      return m_message;
    case State::Message:
      m_delivered = code == 250;
      return quit();
    case State::Quit:
      m_state = State::Done;
      return {};
    case State::Done:
      break;
  }
  return {};
}

}  // namespace ntlab::payload
