#ifndef NTLAB_TRAFFIC_GEN_PAYLOAD_BUDDYBUDDY_PAYLOAD_H
#define NTLAB_TRAFFIC_GEN_PAYLOAD_BUDDYBUDDY_PAYLOAD_H

// BuddyBuddy's wire format. BuddyBuddy (Korea) has no public protocol, port or capture
// (PROTOCOLS.md 3.3), so everything here is ntlab's own invention, documented in
// docs/messengers.md ("BuddyBuddy, as ntlab invents it"): a binary, length-prefixed frame
//
//   0xBB 0x42 | type (1) | sequence (2, big endian) | 0 (reserved) | body length (2, big endian) | body
//
// on TCP 6410 (falling back to 80). The client numbers its requests; the server's answer to a
// request carries the same sequence, its pushes carry 0. Bodies of the control frames are
// NUL-separated text fields; the keep-alive's body is the text "ALIVE <n>" (a text-like keep-alive
// inside the binary framing); file data frames carry a 4-byte transfer id and the bytes.
// Chat and files both go through the server, as paper 004 says BuddyBuddy's files did.

#include "models/payload/bytes.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ntlab::payload {

constexpr std::uint8_t kBuddyMagic0 = 0xBB;
constexpr std::uint8_t kBuddyMagic1 = 0x42;
constexpr std::size_t kBuddyHeaderSize = 8;
constexpr std::size_t kBuddyMaxBody = 16384;
constexpr std::uint16_t kBuddyPort = 6410;

/// Client requests have the high bit clear; the server's answers and pushes have it set.
enum class BuddyType : std::uint8_t {
  Login = 0x01,         // account, password hash, client version
  Alive = 0x02,         // "ALIVE <n>"
  Buddies = 0x03,       // ask for the buddy list
  Chat = 0x10,          // to, text
  FileSend = 0x20,      // to, file name, size, transfer id
  FileData = 0x21,      // transfer id (4), bytes
  FileReceived = 0x22,  // transfer id, from: the receiver got every byte
  LoginOk = 0x81,       // account, session key
  LoginFail = 0x82,     // reason
  AliveOk = 0x83,       // "ALIVE <n>"
  BuddyList = 0x84,     // account, state, ... pairs
  Presence = 0x85,      // push: account, state
  ChatAck = 0x90,       // "1" delivered / "0" the peer is not online
  ChatFrom = 0x91,      // push: from, text
  FileAck = 0xA0,       // transfer id, "1" / "0"
  FileOffer = 0xA1,     // push: from, file name, size, transfer id
  FileDataFrom = 0xA2,  // push: transfer id (4), bytes
  FileDone = 0xA3,      // push to the sender: transfer id
};

/// "LOGIN", "CHAT_FROM" ...; nullptr for a type byte BuddyBuddy does not use.
const char* BuddyTypeName(std::uint8_t type);
/// The type of a name from BuddyTypeName.
std::optional<BuddyType> BuddyTypeFromName(const std::string& name);

struct BuddyFrame {
  std::uint8_t type = 0;
  std::uint16_t sequence = 0;
  Bytes body;
};

Bytes BuildBuddyFrame(BuddyType type, std::uint16_t sequence, const Bytes& body);
/// A body of NUL-separated text fields.
Bytes BuddyFields(const std::vector<std::string>& fields);
std::vector<std::string> SplitBuddyFields(const Bytes& body);
/// A file data body: the transfer id, then `size` bytes of content.
Bytes BuddyFileData(std::uint32_t transferId, std::size_t size);

/// The frame at the front of `data`: its total length in `length`; nullopt while incomplete.
/// Does not check the magic or type (the analyzers' grammar does); a body longer than
/// kBuddyMaxBody yields a frame with type 0.
std::optional<BuddyFrame> ParseBuddyFrame(const std::uint8_t* data, std::size_t size, std::size_t& length);

}  // namespace ntlab::payload

#endif
