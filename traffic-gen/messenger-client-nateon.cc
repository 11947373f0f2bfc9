// MessengerClientApplication for NateOn's chat and files (paper 004: chat client -> server ->
// client, small files through the server, large files P2P between the two hosts). The chat line
// is PROTOCOLS.md 3.2's `MESG <n> MSG <font>%09<BGR>%09<style>%09<text>`; everything else here is
// ntlab's invention in NateOn's `CMD <trid> args\r\n` style (docs/messengers.md, "NateOn's chat and
// files"), because the real client's chat and file protocol is not public:
//   on the main (DP) session   MESG / FILE / NEGO <trid> <to> ...; the server answers
//                              `<VERB> <trid> OK` (or `421 <trid>`: not online) and pushes
//                              `<VERB> 0 <from> ...` to the addressee;
//   a large file               NEGO REQ <id> <name> <size> -> the peer listens on its nego_port
//                              (6004) and answers NEGO ACPT <id> <ip> <port> -> a direct TCP
//                              session: ATHC <trid> <from> <id> <size> / ATHC <trid> OK, then
//                              DATA <trid> <offset> <len> chunks, and the receiver's
//                              DONE <trid> <id> <bytes> once all arrived.
#include "messenger-client-application.h"

#include "models/payload/messenger-payload.h"

#include "ns3/simulator.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>

namespace ns3 {

namespace {

constexpr uint32_t kFileChunk = 4096;    // a small file's bytes per FILE through the server
constexpr uint32_t kDirectChunk = 8192;  // a large file's bytes per DATA on the P2P session

std::string AddressText(Ipv4Address address)
{
    std::ostringstream text;
    address.Print(text);
    return text.str();
}

}  // namespace

// The main server's answers and pushes after the login (LSIN / CONF / GLST are read before).
void MessengerClientApplication::HandleNateOnChatLine(const MessengerLine& line)
{
    const bool pushed = line.Arg(0) == "0";
    if (line.verb == "MESG" && line.Arg(1) == "OK" && line.Arg(0) == m_nateOnChatTrid && !m_chatDelivered)
    {
        m_chatDelivered = true;
        m_chatTrace(true);
        SendNateOnSmallFile();
    }
    else if (line.verb == "421" && m_chatTimeout.IsRunning())
        ChatFailed();  // the peer is not online (once: ChatFailed ends the chat and its timeout)
    else if (line.verb == "FILE" && line.Arg(1) == "OK" && m_smallFilePending && --m_smallChunksUnacked == 0)
    {
        m_smallFilePending = false;
        m_fileTrace("small", true, m_smallFile);
        OfferNateOnLargeFile();
    }
    else if (line.verb == "NEGO" && pushed && line.Arg(2) == "REQ")
        AcceptNateOnOffer(line);
    else if (line.verb == "NEGO" && pushed && line.Arg(2) == "ACPT" && m_largeFilePending)
    {
        const uint16_t port = uint16_t(std::strtoul(line.Arg(5).c_str(), nullptr, 10));
        if (port != 0) SendNateOnDirect(Ipv4Address(line.Arg(4).c_str()), port);
    }
}

void MessengerClientApplication::StartNateOnChat()
{
    m_chatDelivered = false;
    std::vector<std::string> args{m_peer};
    for (auto& token : ntlab::payload::NateOnChatArgs("hi, the report is coming")) args.push_back(token);
    m_nateOnChatTrid = std::to_string(m_trid + 1);  // the one Command gives it
    m_notification->Send(Command("MESG", args));
}

// The small file in FILE chunks through the main server, each acknowledged once relayed.
void MessengerClientApplication::SendNateOnSmallFile()
{
    if (m_smallFile == 0) return OfferNateOnLargeFile();
    m_smallFilePending = true;
    m_smallChunksUnacked = 0;
    const std::string id = std::to_string(++m_nateOnFileId);
    std::vector<uint8_t> out;
    for (uint32_t offset = 0; offset < m_smallFile; offset += kFileChunk)
    {
        std::vector<uint8_t> chunk(std::min(kFileChunk, m_smallFile - offset), uint8_t('a' + (offset / kFileChunk) % 26));
        auto command = ntlab::payload::BuildMessengerPayloadCommand(
            "FILE", {std::to_string(++m_trid), m_peer, id, std::to_string(offset), std::to_string(m_smallFile)}, chunk);
        out.insert(out.end(), command.begin(), command.end());
        ++m_smallChunksUnacked;
    }
    m_notification->Send(out);
}

void MessengerClientApplication::OfferNateOnLargeFile()
{
    if (m_largeFile == 0 || m_largeFileDone) return EndChat();
    m_largeFilePending = true;
    m_notification->Send(Command("NEGO", {m_peer, "REQ", std::to_string(++m_nateOnFileId), "report.zip",
                                          std::to_string(m_largeFile)}));
}

// The receiving side: listen on the nego_port and tell the sender (through the server) where.
void MessengerClientApplication::AcceptNateOnOffer(const MessengerLine& offer)
{
    Listen();
    m_notification->Send(Command("NEGO", {offer.Arg(1), "ACPT", offer.Arg(3), AddressText(HostAddress()),
                                          std::to_string(m_directPort)}));
}

// The large file over a direct connection to the peer's nego_port.
void MessengerClientApplication::SendNateOnDirect(Ipv4Address peer, uint16_t port)
{
    const Endpoint endpoint{peer, port, MessengerLink::DIRECT};
    Ptr<MessengerLink> link = NewLink("direct", endpoint);
    auto traceUp = link->onUp;
    auto traceDown = link->onDown;
    MessengerLink* raw = PeekPointer(link);
    auto delivered = std::make_shared<bool>(false);
    const std::string id = std::to_string(m_nateOnFileId);
    link->onUp = [this, traceUp, raw, id]() {
        traceUp();
        raw->Send(Command("ATHC", {m_account, id, std::to_string(m_largeFile)}));
    };
    link->onLine = [this, raw, delivered](const MessengerLine& line) {
        if (line.verb == "ATHC" && line.Arg(1) == "OK")
        {
            std::vector<uint8_t> out;
            for (uint32_t offset = 0; offset < m_largeFile; offset += kDirectChunk)
            {
                std::vector<uint8_t> chunk(std::min(kDirectChunk, m_largeFile - offset), uint8_t('A' + (offset / kDirectChunk) % 26));
                auto data = ntlab::payload::BuildMessengerPayloadCommand("DATA", {std::to_string(++m_trid), std::to_string(offset)}, chunk);
                out.insert(out.end(), data.begin(), data.end());
            }
            raw->Send(out);
        }
        else if (line.verb == "DONE" && !*delivered)
        {
            *delivered = true;
            MarkLargeFileDelivered();
            raw->Close();
            EndChat();
        }
    };
    link->onDown = [this, traceDown, delivered](bool wasUp) {
        traceDown(wasUp);
        if (!*delivered) ChatFailed();
    };
    link->Open(TargetOf(endpoint, ""), m_connectTimeout);
}

// The receiver's side of the P2P session: ATHC announces the file, DATA carries it, DONE confirms.
void MessengerClientApplication::ReadNateOnDirect(Ptr<TrackedTcpConnection> connection)
{
    using ntlab::payload::BuildMessengerCommand;
    while (auto line = TakeMessengerLine(connection->Received(), NateOnPayloadVerbs()))
    {
        if (line->verb == "ATHC")
        {
            m_nateOnIncomingId = line->Arg(2);
            m_nateOnIncomingSize = std::strtoull(line->Arg(3).c_str(), nullptr, 10);
            m_directReceived = 0;
            connection->Send(BuildMessengerCommand("ATHC", {line->Arg(0), "OK"}));
        }
        else if (line->verb == "DATA" && m_nateOnIncomingSize > 0)
        {
            m_directReceived += line->payload.size();
            if (m_directReceived < m_nateOnIncomingSize) continue;
            connection->Send(BuildMessengerCommand("DONE", {line->Arg(0), m_nateOnIncomingId, std::to_string(m_directReceived)}));
            m_nateOnIncomingSize = 0;
        }
    }
}

} // namespace ns3
