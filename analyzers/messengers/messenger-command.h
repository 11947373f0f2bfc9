// What the messenger grammars (msnp-grammar.h, nateon-grammar.h) share: one command parsed off
// the front of a byte stream, the outcome of trying (a command, more bytes needed, or a reason
// the bytes are not the protocol), and the hand-off facts a command can announce.
//
// Both protocols are line-framed text: `VERB <trid> args...\r\n`, tokens separated by single
// spaces, some commands followed by a payload whose length is the line's last token. The line
// splitter below is total: any bytes give a command, NeedMore, or a rejection with a reason.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ntlab {

struct MessengerCommand {
  std::string verb;
  std::vector<std::string> args;   // the tokens after the verb (the transaction id first when there is one)
  std::size_t line_length = 0;     // the line with its CRLF
  std::size_t payload_length = 0;  // bytes after the line that belong to the command (MSG, CONF, ...)
};

enum class GrammarStatus : std::uint8_t { Command, NeedMore, Rejected };

struct GrammarResult {
  GrammarStatus status = GrammarStatus::NeedMore;
  MessengerCommand command;      // when status == Command
  const char* reason = nullptr;  // when status == Rejected: a fixed text, counted as it is
};

/// A server address a command hands the client on to.
enum class HandoffKind : std::uint8_t { Notification, Switchboard, DirectPeer };
const char* ToString(HandoffKind kind);  // "NS", "SB", "P2P"

struct Handoff {
  HandoffKind kind = HandoffKind::Notification;
  Endpoint target;
  TimeUs ts = 0;  // the packet that carried it
};

/// Splits one CRLF-terminated line into tokens. Rejects a line longer than `max_line` (CRLF
/// included) with no CRLF, control bytes other than the CRLF, empty tokens (two spaces, a leading
/// or trailing space) and an empty line.
GrammarResult SplitCommandLine(const std::uint8_t* data, std::size_t size, std::size_t max_line);

bool IsDecimal(std::string_view text);
/// A decimal number of at most 9 digits (a transaction id, a payload length).
std::optional<std::uint32_t> ParseSmallDecimal(std::string_view text);
/// "a.b.c.d:port", as MSNP's XFR and RNG write server addresses.
std::optional<Endpoint> ParseAddressPort(std::string_view text);

}  // namespace ntlab
