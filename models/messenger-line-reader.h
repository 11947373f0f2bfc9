// Cuts MSNP / NateOn commands off a received byte stream, for the simulated messenger clients and
// servers: `VERB args\r\n`, and for a payload command (MSG, QRY ... in MSNP; CONF in NateOn) the
// payload whose length is the line's last token. The analyzers have their own, stricter grammars
// (analyzers/messengers); this reader only has to read what the models themselves write.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ns3 {

struct MessengerLine
{
    std::string verb;
    std::vector<std::string> args;
    std::vector<uint8_t> payload;

    const std::string& Arg(std::size_t i) const;  // "" past the end
};

/// Takes one complete command off the front of `rx`; none while it is incomplete. `payloadVerbs`
/// lists the verbs whose last token is a payload length.
std::optional<MessengerLine> TakeMessengerLine(std::vector<uint8_t>& rx, const std::vector<std::string>& payloadVerbs);

/// Takes one BuddyBuddy frame (models/payload/buddybuddy-payload.h) off the front of `rx`, as a
/// line: its type's name as the verb, its NUL-separated fields as the arguments, its body as the
/// payload. None while it is incomplete.
std::optional<MessengerLine> TakeBuddyFrame(std::vector<uint8_t>& rx);

/// The payload verbs of MSNP and of NateOn.
const std::vector<std::string>& MsnpPayloadVerbs();
const std::vector<std::string>& NateOnPayloadVerbs();

/// SOCKS4 CONNECT (the IP-relay proxy, RFC-less but de facto): version 4, command 1, port, address,
/// an empty user id; and the relay's 8-byte answer (0x5A granted, 0x5B refused).
std::vector<uint8_t> BuildSocks4Connect(uint32_t address, uint16_t port);
std::vector<uint8_t> BuildSocks4Reply(bool granted);

} // namespace ns3
