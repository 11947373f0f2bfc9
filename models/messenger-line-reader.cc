#include "messenger-line-reader.h"

#include "models/payload/buddybuddy-payload.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>

namespace ns3 {

const std::string& MessengerLine::Arg(std::size_t i) const
{
    static const std::string none;
    return i < args.size() ? args[i] : none;
}

namespace {

std::vector<std::string> Tokens(const std::string& line)
{
    std::vector<std::string> tokens;
    std::istringstream in(line);
    for (std::string token; in >> token;) tokens.push_back(token);
    return tokens;
}

bool IsPayloadCommand(const std::vector<std::string>& tokens, const std::vector<std::string>& payloadVerbs)
{
    if (tokens.size() < 3 || std::find(payloadVerbs.begin(), payloadVerbs.end(), tokens[0]) == payloadVerbs.end())
        return false;
    const std::string& last = tokens.back();
    return !last.empty() && last.size() < 9 && std::all_of(last.begin(), last.end(), ::isdigit);
}

}  // namespace

std::optional<MessengerLine> TakeBuddyFrame(std::vector<uint8_t>& rx)
{
    std::size_t length = 0;
    auto frame = ntlab::payload::ParseBuddyFrame(rx.data(), rx.size(), length);
    if (!frame) return std::nullopt;
    MessengerLine line;
    const char* name = ntlab::payload::BuddyTypeName(frame->type);
    line.verb = name ? name : "?";
    line.args = ntlab::payload::SplitBuddyFields(frame->body);
    line.payload = std::move(frame->body);
    rx.erase(rx.begin(), rx.begin() + std::ptrdiff_t(std::min(length, rx.size())));
    return line;
}

std::optional<MessengerLine> TakeMessengerLine(std::vector<uint8_t>& rx, const std::vector<std::string>& payloadVerbs)
{
    static const uint8_t crlf[] = {'\r', '\n'};
    auto end = std::search(rx.begin(), rx.end(), crlf, crlf + 2);
    if (end == rx.end()) return std::nullopt;
    std::vector<std::string> tokens = Tokens(std::string(rx.begin(), end));
    std::size_t lineBytes = std::size_t(end - rx.begin()) + 2;
    std::size_t payloadBytes = IsPayloadCommand(tokens, payloadVerbs) ? std::strtoul(tokens.back().c_str(), nullptr, 10) : 0;
    if (rx.size() < lineBytes + payloadBytes) return std::nullopt;
    MessengerLine line;
    if (!tokens.empty())
    {
        line.verb = tokens.front();
        line.args.assign(tokens.begin() + 1, tokens.end());
    }
    line.payload.assign(rx.begin() + lineBytes, rx.begin() + lineBytes + payloadBytes);
    rx.erase(rx.begin(), rx.begin() + lineBytes + payloadBytes);
    return line;
}

const std::vector<std::string>& MsnpPayloadVerbs()
{
    static const std::vector<std::string> verbs{"MSG", "QRY", "UBX", "UUX", "NOT", "GCF", "ADL", "RML", "FQY", "UBN", "UUN", "PAG"};
    return verbs;
}

const std::vector<std::string>& NateOnPayloadVerbs()
{
    // FILE (a small file's chunk through the main server) and DATA (a chunk on the 6004 P2P
    // session) are ntlab's invention (docs/messengers.md).
    static const std::vector<std::string> verbs{"CONF", "CRPT", "FILE", "DATA"};
    return verbs;
}

std::vector<uint8_t> BuildSocks4Connect(uint32_t address, uint16_t port)
{
    return {4, 1, uint8_t(port >> 8), uint8_t(port), uint8_t(address >> 24), uint8_t(address >> 16),
            uint8_t(address >> 8), uint8_t(address), 0};
}

std::vector<uint8_t> BuildSocks4Reply(bool granted)
{
    return {0, uint8_t(granted ? 0x5A : 0x5B), 0, 0, 0, 0, 0, 0};
}

} // namespace ns3
