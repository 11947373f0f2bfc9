#include "models/payload/messenger-payload.h"

namespace ntlab::payload {
namespace {

void Append(Bytes& out, const std::string& text) { out.insert(out.end(), text.begin(), text.end()); }

void PutLittleEndian(Bytes& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(std::uint8_t(value >> (8 * i)));
}

// The 48-byte P2P (MSNC) header: SessionID, ID, Offset(8), TotalSize(8), Length, Flags, AckID,
// AckUID, AckSize(8), all little endian.
Bytes P2pHeader(std::uint32_t sessionId, std::uint32_t id, std::uint64_t offset, std::uint64_t total,
                std::uint32_t length, std::uint32_t flags) {
  Bytes h;
  PutLittleEndian(h, sessionId, 4);
  PutLittleEndian(h, id, 4);
  PutLittleEndian(h, offset, 8);
  PutLittleEndian(h, total, 8);
  PutLittleEndian(h, length, 4);
  PutLittleEndian(h, flags, 4);
  PutLittleEndian(h, id ^ 0x5a5a5a5au, 4);
  PutLittleEndian(h, 0, 4);
  PutLittleEndian(h, 0, 8);
  return h;
}

}  // namespace

Bytes BuildMessengerCommand(const std::string& verb, const std::vector<std::string>& args) {
  std::string line = verb;
  for (const auto& a : args) line += " " + a;
  Bytes out;
  Append(out, line + "\r\n");
  return out;
}

Bytes BuildMessengerPayloadCommand(const std::string& verb, const std::vector<std::string>& args,
                                   const Bytes& payload) {
  std::vector<std::string> withLength = args;
  withLength.push_back(std::to_string(payload.size()));
  Bytes out = BuildMessengerCommand(verb, withLength);
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

Bytes BuildMsnpTextMessage(const std::string& text) {
  Bytes out;
  Append(out,
         "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
         "X-MMS-IM-Format: FN=Arial; EF=I; CO=0; CS=0; PF=22\r\n\r\n" +
             text);
  return out;
}

Bytes BuildMsnpProfile(const std::string& account) {
  Bytes out;
  Append(out,
         "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\r\n"
         "LoginTime: 1251331200\r\nEmailEnabled: 1\r\nMemberIdHigh: 84312\r\nMemberIdLow: -1863250048\r\n"
         "lang_preference: 1042\r\npreferredEmail: " +
             account +
             "\r\ncountry: KR\r\nPostalCode: \r\n"
             "Gender: \r\nKid: 0\r\nAge: \r\nBDayPre: \r\nBirthday: \r\nWallet: \r\nFlags: 1027\r\n"
             "sid: 507\r\nkv: 7\r\nMSPAuth: 7Fk4Mq2vCBwXq9bPSXt1Ua0xVb3YVQ1Jt0GZ3RQBqYkQ$$\r\n"
             "ClientIP: 211.45.30.12\r\nClientPort: 2839\r\nABCHMigrated: 1\r\n\r\n");
  return out;
}

Bytes BuildMsnSlpDirectOffer(const std::string& from, const std::string& to, const std::string& ip,
                             std::uint16_t port) {
  const std::string body =
      "Bridge: TCPv1\r\nListening: true\r\nNonce: {4DB6B8D5-21A7-4C0E-9B0A-3F1E2D7C6B5A}\r\n"
      "IPv4Internal-Addrs: " +
      ip + "\r\nIPv4Internal-Port: " + std::to_string(port) + "\r\n\r\n";
  std::string slp = "MSNSLP/1.0 200 OK\r\nTo: <msnmsgr:" + to + ">\r\nFrom: <msnmsgr:" + from +
                    ">\r\nVia: MSNSLP/1.0/TLP ;branch={A0D624A6-6C0C-4283-A9E0-BC97B4B46D32}\r\nCSeq: 1 \r\n"
                    "Call-ID: {3B9E4B4A-22B0-4F6E-8B6F-2D1A4C8E9F10}\r\nMax-Forwards: 0\r\n"
                    "Content-Type: application/x-msnmsgr-transrespbody\r\nContent-Length: " +
                    std::to_string(body.size() + 1) + "\r\n\r\n" + body;
  slp.push_back('\0');
  Bytes out;
  Append(out, "MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\nP2P-Dest: " + to + "\r\n\r\n");
  Bytes header = P2pHeader(0, 0x4a1c0f20, 0, slp.size(), std::uint32_t(slp.size()), 0);
  out.insert(out.end(), header.begin(), header.end());
  Append(out, slp);
  PutLittleEndian(out, 0, 4);  // footer (big endian in the protocol; AppID 0 reads the same)
  return out;
}

Bytes BuildMsnDirectHello() { return Bytes{4, 0, 0, 0, 'f', 'o', 'o', 0}; }

Bytes BuildMsnDirectFrame(std::uint32_t sessionId, std::uint32_t id, std::uint64_t offset, std::uint64_t total,
                          std::uint32_t flags, const Bytes& data) {
  Bytes out;
  PutLittleEndian(out, 48 + data.size(), 4);
  Bytes header = P2pHeader(sessionId, id, offset, total, std::uint32_t(data.size()), flags);
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

std::vector<std::string> NateOnChatArgs(const std::string& text) {
  std::string encoded;
  for (unsigned char c : text) {
    static const char kHex[] = "0123456789ABCDEF";
    if (c > ' ' && c != '%' && c < 0x7f) encoded += char(c);
    else encoded += std::string("%") + kHex[c >> 4] + kHex[c & 15];
  }
  return {"MSG", "Gulim%090%090%09" + encoded};
}

Bytes BuildNateOnConfig(std::size_t size) {
  std::string text =
      "pong_send_interval=40\r\npong_send_timeout=120\r\nticket_update_interval=80\r\n"
      "nego_port=6004\r\nnego_idle=30\r\nnego_retry=10\r\np2p_maxcon=10\r\n"
      "avserver_addr1=203.226.253.76:5001\r\navserver_addr2=203.226.253.76:5011\r\nRSDaemonIP=203.226.253.81\r\n"
      "news_ticker_interval=3600000\r\n";
  for (int n = 1; text.size() < size; ++n)
    text += "service_url" + std::to_string(n) + "=http://203.226.253.126/nateon/svc" + std::to_string(n) + ".jsp\r\n";
  text.resize(size);
  Bytes out;
  Append(out, text);
  return out;
}

}  // namespace ntlab::payload
