// Protocol recognition, MSN Messenger (MSNP8-MSNP12 era, docs/messengers.md; the command flow of
// PROTOCOLS.md 3.1): a command is `VERB <trid> args\r\n`; the verb is three capital letters, or a
// three-digit error code answering a transaction; payload commands (MSG, QRY, UBX, ...) end their
// line with the byte length of the payload that follows (their answers without one: `QRY 10`).
// What a session must show to be MSNP, not just its port: a client line that opens an MSNP login
// (VER with an MSNP version, USR or ANS to a switchboard) answered by the server with the same
// transaction id.
//
// The hand-offs: `XFR <trid> NS <ip:port> ...` (dispatch -> notification), `XFR <trid> SB
// <ip:port> CKI ...` and `RNG <session> <ip:port> CKI ...` (-> switchboard), and the direct
// connection a peer offers in an MSNSLP body (IPv4Internal-Addrs / -Port) relayed over a
// switchboard.
#pragma once

#include "analyzers/messengers/messenger-command.h"

namespace ntlab {

/// The longest MSNP command line accepted (a MSG's line is short; a whole message is 1,664 B).
constexpr std::size_t kMsnpMaxLine = 1664;
/// The longest payload a payload command may announce (profiles and contact lists run to a few KB).
constexpr std::size_t kMsnpMaxPayload = 64 * 1024;

/// One MSNP command off the front of `data` (total: Command, NeedMore or Rejected with a reason).
GrammarResult ParseMsnpCommand(const std::uint8_t* data, std::size_t size);

/// The client line opens an MSNP login: VER <trid> MSNPx..., USR <trid> <account> <auth> (a
/// switchboard), ANS <trid> <account> <auth> <session>.
bool OpensMsnpLogin(const MessengerCommand& command);
/// A command word of MSNP8-MSNP12: what the first client line of a session whose start the
/// capture missed must be.
bool IsKnownMsnpVerb(const std::string& verb);
/// `reply` answers `request`: the same transaction id, and the same verb or an error code; or QNG
/// answering PNG (neither carries a transaction id).
bool AnswersMsnp(const MessengerCommand& request, const MessengerCommand& reply);
/// The server address an XFR NS / XFR SB / RNG hands the client to.
std::optional<Handoff> MsnpHandoff(const MessengerCommand& command);
/// Direct-connection addresses a peer offers in an MSNSLP body (the payload of a MSG).
std::vector<Endpoint> MsnSlpDirectAddresses(const std::uint8_t* payload, std::size_t size);

/// The first bytes of an MSN direct (P2P) connection: a 4-byte little-endian length 4, then "foo\0".
constexpr std::size_t kMsnDirectHelloSize = 8;
bool IsMsnDirectHello(const std::uint8_t* data, std::size_t size);
/// The frames after the hello: a 4-byte little-endian length, then a 48-byte P2P header and the
/// data. Returns the frame's total size, 0 when more bytes are needed, nullopt when the length is
/// impossible (under 48 or over 64 KiB).
std::optional<std::size_t> MsnDirectFrameSize(const std::uint8_t* data, std::size_t size);

}  // namespace ntlab
