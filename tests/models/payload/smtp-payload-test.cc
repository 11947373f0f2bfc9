#include "models/payload/smtp-client-dialogue.h"
#include "models/payload/smtp-payload.h"
#include "models/payload/smtp-server-dialogue.h"

#include <catch2/catch.hpp>

#include <regex>
#include <sstream>

using namespace ntlab::payload;

namespace {
// A small independent reader of the client's side of the dialogue: RFC 5321 command lines and
// one DATA section, checked against the grammar rather than against the builders.
struct ParsedClientStream {
  std::vector<std::string> verbs;
  std::string data;
  bool ok = true;
};

ParsedClientStream ParseClientStream(const std::string& stream) {
  ParsedClientStream p;
  size_t pos = 0;
  static const std::regex command(R"(^(EHLO|HELO) [A-Za-z0-9.-]+$|^MAIL FROM:<[^<>\s]+@[^<>\s]+>$|^RCPT TO:<[^<>\s]+@[^<>\s]+>$|^(DATA|QUIT|RSET|NOOP)$)");
  while (pos < stream.size()) {
    size_t end = stream.find("\r\n", pos);
    if (end == std::string::npos) {
      p.ok = false;
      break;
    }
    std::string line = stream.substr(pos, end - pos);
    pos = end + 2;
    if (!std::regex_match(line, command)) {
      p.ok = false;
      break;
    }
    p.verbs.push_back(line.substr(0, 4));
    if (line == "DATA") {
      size_t stop = stream.find("\r\n.\r\n", pos);
      if (stop == std::string::npos) {
        p.ok = false;
        break;
      }
      p.data = stream.substr(pos, stop + 2 - pos);
      pos = stop + 5;
    }
  }
  return p;
}
}  // namespace

TEST_CASE("SMTP replies parse, including multi-line ones", "[analysis][smtp]") {
  Bytes r = BuildSmtpReply(250, {"mx.example Hello", "SIZE 1000", "PIPELINING"});
  CHECK(std::string(r.begin(), r.end()) == "250-mx.example Hello\r\n250-SIZE 1000\r\n250 PIPELINING\r\n");
  auto parsed = ParseSmtpReply(r.data(), r.size());
  REQUIRE(parsed);
  CHECK(parsed->code == 250);
  CHECK(parsed->lines.size() == 3);
  CHECK(parsed->length == r.size());
  CHECK_FALSE(ParseSmtpReply(r.data(), r.size() - 3));
  std::string garbage = "hello\r\n";
  CHECK_FALSE(ParseSmtpReply(reinterpret_cast<const uint8_t*>(garbage.data()), garbage.size()));
  // Found by the smtp fuzz campaign: "005" parsed as code 5, which BuildSmtpReply wrote as "5 ...",
  // a reply that no longer parsed. A code's first digit is 1 to 5 (RFC 5321 4.2).
  for (std::string bad : {"005 ready\r\n", "600 no\r\n", "099 no\r\n"})
    CHECK_FALSE(ParseSmtpReply(reinterpret_cast<const uint8_t*>(bad.data()), bad.size()));
  std::string lowest = "100 preliminary\r\n";
  CHECK(ParseSmtpReply(reinterpret_cast<const uint8_t*>(lowest.data()), lowest.size()));
}

TEST_CASE("An SMTP client dialogue delivers a valid message to the server dialogue", "[analysis][smtp]") {
  Bytes message = BuildSmtpMessage("bob@example.net", "alice@gmail.com", "test", 600, 3);
  SmtpClientDialogue client("pc-0a000001", "bob@example.net", {"alice@gmail.com", "carol@gmail.com"}, message);
  SmtpServerDialogue server("gmail-smtp-in.l.google.com");
  Bytes toClient = server.Greeting();
  std::string clientStream;
  std::vector<int> codes;
  for (int round = 0; round < 20 && !client.Done(); ++round) {
    Bytes toServer = client.Feed(toClient);
    codes.push_back(client.LastCode());
    clientStream.append(toServer.begin(), toServer.end());
    Bytes replies = server.Feed(toServer);
    toClient.insert(toClient.end(), replies.begin(), replies.end());
  }
  CHECK(client.Done());
  CHECK(client.Delivered());
  CHECK(server.Closing());
  CHECK(server.MessagesAccepted() == 1);
  CHECK(server.MailFrom() == "bob@example.net");
  CHECK(server.Recipients() == std::vector<std::string>{"alice@gmail.com", "carol@gmail.com"});

  auto parsed = ParseClientStream(clientStream);
  CHECK(parsed.ok);
  CHECK(parsed.verbs == std::vector<std::string>{"EHLO", "MAIL", "RCPT", "RCPT", "DATA", "QUIT"});
  // The message has RFC 5322 headers, a blank line, and no line starting with a lone '.'.
  CHECK(parsed.data.find("From: <bob@example.net>\r\n") == 0);
  CHECK(parsed.data.find("\r\n\r\n") != std::string::npos);
  CHECK(parsed.data.find("\r\n.\r\n") == std::string::npos);
  CHECK(codes.front() == 220);
}

TEST_CASE("The SMTP server refuses commands out of sequence", "[analysis][smtp]") {
  SmtpServerDialogue server("mx");
  std::string in = "MAIL FROM:<a@b.c>\r\nEHLO x\r\nRCPT TO:<d@e.f>\r\nDATA\r\nFOO\r\n";
  Bytes rx(in.begin(), in.end());
  Bytes out = server.Feed(rx);
  std::string text(out.begin(), out.end());
  CHECK(text.find("503 5.5.1 EHLO") == 0);
  CHECK(text.find("503 5.5.1 need MAIL") != std::string::npos);
  CHECK(text.find("503 5.5.1 need RCPT") != std::string::npos);
  CHECK(text.find("500 5.5.2") != std::string::npos);
}
