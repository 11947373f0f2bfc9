// Protocol recognition, NateOn (SK Communications; PROTOCOLS.md 3.2): UTF-8 text lines
// `CMD <trid> args\r\n` with a four-capital-letter command word and a decimal transaction id on
// every command (PING 0, NTFY 0 ... included). Two commands carry a payload after the line: the
// server's CONF answer (`CONF 2 4481 7870`: the last number is the length of the config text,
// about 8 KB as PROTOCOLS.md's [D] line says; the client's `CONF 2 0 0` carries none) and
// `CRPT 0 <len>`. What a session must show to be NateOn: PVER (the dispatch login on 5004) or
// LSIN (the main server) from the client, answered with the same command word and transaction id.
//
// Chat and files (ntlab's simulated NateOn, docs/messengers.md "NateOn's chat and files"; only
// MESG's text form is public): on the main session MESG, FILE and NEGO, relayed by the server as
// `<VERB> 0 <from> ...`; `FILE <trid> <account> <id> <offset> <total> <len>` carries a payload.
// `NEGO <trid> <account> ACPT <id> <ip> <port>` names the peer's P2P endpoint (nego_port 6004),
// read from either side, as MSN's MSNSLP offer is. The P2P session opens with
// `ATHC <trid> <account> <id> <size>` (answered `ATHC <trid> OK`), then `DATA <trid> <offset> <len>`
// payload chunks and the receiver's `DONE <trid> <id> <bytes>`.
//
// The hand-off: the dispatch server answers `REQS <trid> dp1:1 <ip> <port>`; the main (DP)
// server's address is token 3 and its port token 4 (tokens counted from 0, the command word
// first), exactly as PROTOCOLS.md gives them.
#pragma once

#include "analyzers/messengers/messenger-command.h"

namespace ntlab {

constexpr std::size_t kNateOnMaxLine = 4096;
constexpr std::size_t kNateOnMaxPayload = 256 * 1024;

/// One NateOn command off the front of `data` (total: Command, NeedMore or Rejected with a reason).
GrammarResult ParseNateOnCommand(const std::uint8_t* data, std::size_t size);

/// The client line opens a NateOn login: PVER <trid> <version> ... (dispatch),
/// LSIN <trid> <id> <hash> ... (main server) or ATHC <trid> <id> <file> <size> (a P2P session).
bool OpensNateOnLogin(const MessengerCommand& command);
/// A NateOn command word PROTOCOLS.md names: what the first client line of a session whose start
/// the capture missed must be.
bool IsKnownNateOnVerb(const std::string& verb);
/// `reply` answers `request`: the same command word and transaction id, or a three-digit error
/// code; or `PING 0` answering the client's `PING <n>`.
bool AnswersNateOn(const MessengerCommand& request, const MessengerCommand& reply);
/// The main server the dispatch server's REQS answer names.
std::optional<Handoff> NateOnHandoff(const MessengerCommand& command);
/// The P2P endpoint a peer names in `NEGO <trid> <account> ACPT <id> <ip> <port>`.
std::optional<Handoff> NateOnDirectOffer(const MessengerCommand& command);

}  // namespace ntlab
