// Protocol recognition, BuddyBuddy. BuddyBuddy has no public protocol (PROTOCOLS.md 3.3): the
// frame this grammar reads is ntlab's own invention (models/payload/buddybuddy-payload.h, shared
// with the simulated client and server), so recognising it proves only that ntlab's analyzer and
// ntlab's model agree, not that real BuddyBuddy traffic would be recognised.
//
// A frame: 0xBB 0x42, a type byte, a 2-byte sequence, a zero byte, a 2-byte body length, the body.
// A frame is a command here: its type's name is the verb, its sequence the only argument, the
// 8-byte header the "line" and the body the payload. A session is BuddyBuddy when the client's
// first frame is a LOGIN and the server answers a client frame with the same sequence.
#pragma once

#include "analyzers/messengers/messenger-command.h"

namespace ntlab {

/// One BuddyBuddy frame off the front of `data` (total: Command, NeedMore or Rejected with a reason).
GrammarResult ParseBuddyCommand(const std::uint8_t* data, std::size_t size);
/// The client's frame opens a login (LOGIN).
bool OpensBuddyLogin(const MessengerCommand& command);
/// A client request type: what the first frame of a session whose start the capture missed must be.
bool IsBuddyClientVerb(const std::string& verb);
/// `reply` is the server's answer to `request`: a server type with the request's sequence.
bool AnswersBuddy(const MessengerCommand& request, const MessengerCommand& reply);

}  // namespace ntlab
