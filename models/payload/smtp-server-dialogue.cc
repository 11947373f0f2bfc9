#include "models/payload/smtp-server-dialogue.h"

#include "models/payload/smtp-payload.h"

#include <algorithm>
#include <cctype>

namespace ntlab::payload {

namespace {
std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

// "<addr>" out of "FROM:<addr>" / "TO:<addr>" (with or without the space some clients add).
std::string Path(const std::string& argument) {
  size_t open = argument.find('<');
  size_t close = argument.find('>', open == std::string::npos ? 0 : open);
  if (open == std::string::npos || close == std::string::npos) return {};
  return argument.substr(open + 1, close - open - 1);
}
}  // namespace

SmtpServerDialogue::SmtpServerDialogue(std::string hostname) : m_hostname(std::move(hostname)) {}

Bytes SmtpServerDialogue::Greeting() const {
  return BuildSmtpReply(220, {m_hostname + " ESMTP ready"});
}

Bytes SmtpServerDialogue::Feed(Bytes& rx) {
  Bytes out;
  while (!m_closing) {
    if (m_inData) {
      auto length = SmtpDataLength(rx.data(), rx.size());
      if (!length) break;
      m_lastMessage = *length;
      rx.erase(rx.begin(), rx.begin() + *length);
      m_inData = false;
      ++m_messages;
      Bytes reply = BuildSmtpReply(250, {"2.0.0 Ok: queued as " + std::to_string(m_messages)});
      out.insert(out.end(), reply.begin(), reply.end());
      continue;
    }
    auto length = SmtpLineLength(rx.data(), rx.size());
    if (!length) break;
    std::string line(rx.begin(), rx.begin() + (*length - 2));
    rx.erase(rx.begin(), rx.begin() + *length);
    Bytes reply = Command(line);
    out.insert(out.end(), reply.begin(), reply.end());
  }
  return out;
}

Bytes SmtpServerDialogue::Command(const std::string& line) {
  std::string verb = Upper(line.substr(0, line.find(' ')));
  std::string argument = line.find(' ') == std::string::npos ? "" : line.substr(line.find(' ') + 1);
  if (verb == "EHLO") {
    m_helloSeen = true;
    return BuildSmtpReply(250, {m_hostname + " Hello " + argument, "SIZE 35882577", "8BITMIME",
                                "PIPELINING", "ENHANCEDSTATUSCODES"});
  }
  if (verb == "HELO") {
    m_helloSeen = true;
    return BuildSmtpReply(250, {m_hostname});
  }
  if (verb == "QUIT") {
    m_closing = true;
    return BuildSmtpReply(221, {"2.0.0 " + m_hostname + " closing connection"});
  }
  if (verb == "NOOP") return BuildSmtpReply(250, {"2.0.0 Ok"});
  if (verb == "RSET") {
    m_from.clear();
    m_recipients.clear();
    return BuildSmtpReply(250, {"2.0.0 Ok"});
  }
  if (verb == "MAIL") {
    if (!m_helloSeen) return BuildSmtpReply(503, {"5.5.1 EHLO/HELO first"});
    m_from = Path(argument);
    m_recipients.clear();
    return BuildSmtpReply(250, {"2.1.0 Ok"});
  }
  if (verb == "RCPT") {
    if (m_from.empty()) return BuildSmtpReply(503, {"5.5.1 need MAIL command"});
    m_recipients.push_back(Path(argument));
    return BuildSmtpReply(250, {"2.1.5 Ok"});
  }
  if (verb == "DATA") {
    if (m_recipients.empty()) return BuildSmtpReply(503, {"5.5.1 need RCPT command"});
    m_inData = true;
    return BuildSmtpReply(354, {"End data with <CR><LF>.<CR><LF>"});
  }
  return BuildSmtpReply(500, {"5.5.2 command not recognized"});
}

}  // namespace ntlab::payload
