// MessengerClientApplication, paper 004's steps 8-11: chats through a switchboard, small files
// through it, a large file over a direct connection between the two LAN hosts.
#include "messenger-client-application.h"

#include "models/payload/messenger-payload.h"
#include "models/tcp-listener.h"

#include "ns3/simulator.h"

#include <algorithm>
#include <sstream>

namespace ns3 {

namespace {

constexpr uint32_t kChunk = 1202;          // MSNP's P2P data chunk, through a switchboard or direct
constexpr uint32_t kDirectSession = 0x2f1e0d0c;
const Time kChatTimeout = Seconds(120);    // a chat and its transfers not over by then have failed

std::string AddressText(Ipv4Address address)
{
    std::ostringstream text;
    address.Print(text);
    return text.str();
}

std::string HeaderValue(const std::vector<uint8_t>& payload, const std::string& name)
{
    std::string text(payload.begin(), payload.end());
    auto at = text.find(name + ": ");
    if (at == std::string::npos) return "";
    auto end = text.find("\r\n", at);
    return text.substr(at + name.size() + 2, end - at - name.size() - 2);
}

std::vector<uint8_t> Bytes(const std::string& text)
{
    return std::vector<uint8_t>(text.begin(), text.end());
}

// The MSNSLP INVITE that asks the peer to accept a file (the body a real client sends is longer).
std::vector<uint8_t> FileInvite(const std::string& from, const std::string& to, uint32_t size)
{
    std::string body = "EUF-GUID: {5D3E02AB-6190-11D3-BBBB-00C04F795683}\r\nSessionID: 793010828\r\nAppID: 2\r\n"
                       "Context-Size: " + std::to_string(size) + "\r\n\r\n";
    return Bytes("MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\nP2P-Dest: " + to +
                 "\r\n\r\nINVITE MSNMSGR:" + to + " MSNSLP/1.0\r\nTo: <msnmsgr:" + to + ">\r\nFrom: <msnmsgr:" + from +
                 ">\r\nContent-Type: application/x-msnmsgr-sessionreqbody\r\nContent-Length: " +
                 std::to_string(body.size()) + "\r\n\r\n" + body);
}

}  // namespace

std::vector<uint8_t> MessengerClientApplication::SbCommand(const std::string& verb, std::vector<std::string> args)
{
    args.insert(args.begin(), std::to_string(++m_sbTrid));
    return ntlab::payload::BuildMessengerCommand(verb, args);
}

void MessengerClientApplication::ScheduleChat()
{
    m_chatEvent = Simulator::Schedule(Seconds(m_chatGap->GetValue()), &MessengerClientApplication::StartChat, this);
}

// Step 8: ask the notification server for a switchboard.
void MessengerClientApplication::StartChat()
{
    if (!m_loggedIn || !m_notification) return;
    if (m_switchboard || m_chatTimeout.IsRunning())
    {
        ScheduleChat();  // the previous chat is still running
        return;
    }
    m_chatDelivered = false;
    m_smallFilePending = false;
    m_largeFilePending = false;
    m_chatTimeout = Simulator::Schedule(kChatTimeout, &MessengerClientApplication::ChatFailed, this);
    if (m_messenger == BUDDY) return StartBuddyChat();
    if (m_messenger == NATEON) return StartNateOnChat();
    m_notification->Send(Command("XFR", {"SB"}));
}

void MessengerClientApplication::OpenSwitchboard(const Endpoint& endpoint, const std::string& cookie,
                                                 const std::string& session, const std::string& caller)
{
    Ptr<MessengerLink> link = NewLink("switchboard", endpoint);
    auto traceUp = link->onUp;
    auto traceDown = link->onDown;
    MessengerLink* raw = PeekPointer(link);
    const bool calling = session.empty();
    link->onUp = [this, traceUp, raw, calling, cookie, session]() {
        traceUp();
        m_sbTrid = 0;
        raw->Send(calling ? SbCommand("USR", {m_account, cookie}) : SbCommand("ANS", {m_account, cookie, session}));
    };
    link->onLine = [this, raw, calling, caller](const MessengerLine& line) {
        if (calling)
            HandleCallerLine(line);
        else
            HandleCalleeLine(line, *raw, caller);
    };
    link->onDown = [this, traceDown, calling, raw](bool wasUp) {
        traceDown(wasUp);
        if (calling)
        {
            if (PeekPointer(m_switchboard) == raw) ChatFailed();
            return;
        }
        m_calleeLinks.erase(std::remove_if(m_calleeLinks.begin(), m_calleeLinks.end(),
                                           [raw](const Ptr<MessengerLink>& l) { return PeekPointer(l) == raw; }),
                            m_calleeLinks.end());
    };
    if (calling)
        m_switchboard = link;
    else
        m_calleeLinks.push_back(link);
    link->Open(TargetOf(endpoint, "SB"), m_connectTimeout);
}

// USR OK -> CAL peer -> JOI -> MSG (text) -> ACK -> the small file's chunks -> the large file's invitation.
void MessengerClientApplication::HandleCallerLine(const MessengerLine& line)
{
    if (line.verb == "USR" && line.Arg(1) == "OK")
        m_switchboard->Send(SbCommand("CAL", {m_peer}));
    else if (line.verb == "217" || line.verb == "911")
        ChatFailed();
    else if (line.verb == "JOI")
    {
        const std::vector<uint8_t> text = ntlab::payload::BuildMsnpTextMessage("hi, the report is coming");
        m_switchboard->Send(ntlab::payload::BuildMessengerPayloadCommand("MSG", {std::to_string(++m_sbTrid), "A"}, text));
        m_chatDelivered = false;
    }
    else if (line.verb == "ACK" && !m_chatDelivered)
    {
        m_chatDelivered = true;
        m_chatTrace(true);
        SendSmallFile();
    }
    else if (line.verb == "ACK" && m_smallFilePending && --m_smallChunksUnacked == 0)
    {
        m_smallFilePending = false;
        m_fileTrace("small", true, m_smallFile);
        InviteLargeFile();
    }
    else if (line.verb == "MSG" && m_largeFilePending)
    {
        std::string ip = HeaderValue(line.payload, "IPv4Internal-Addrs");
        std::string port = HeaderValue(line.payload, "IPv4Internal-Port");
        if (!ip.empty() && !port.empty()) SendDirect(Ipv4Address(ip.c_str()), uint16_t(std::stoul(port)));
    }
    else if (line.verb == "BYE")
        ChatFailed();
}

void MessengerClientApplication::SendSmallFile()
{
    if (m_smallFile == 0) return InviteLargeFile();
    m_smallFilePending = true;
    m_smallChunksUnacked = 0;
    for (uint32_t offset = 0; offset < m_smallFile; offset += kChunk)
    {
        std::vector<uint8_t> chunk(std::min(kChunk, m_smallFile - offset), uint8_t('a' + (offset / kChunk) % 26));
        std::vector<uint8_t> p2p = ntlab::payload::BuildMsnDirectFrame(0x1a2b3c4d, 0x4a1c0f40, offset, m_smallFile,
                                                                       0x20, chunk);
        std::vector<uint8_t> body = Bytes("MIME-Version: 1.0\r\nContent-Type: application/x-msnmsgrp2p\r\nP2P-Dest: " +
                                          m_peer + "\r\n\r\n");
        body.insert(body.end(), p2p.begin() + 4, p2p.end());  // the P2P header and data, without the length
        body.insert(body.end(), {0, 0, 0, 2});                // footer: AppID 2, file transfer
        m_switchboard->Send(ntlab::payload::BuildMessengerPayloadCommand("MSG", {std::to_string(++m_sbTrid), "D"}, body));
        ++m_smallChunksUnacked;
    }
}

void MessengerClientApplication::InviteLargeFile()
{
    if (m_largeFile == 0 || m_largeFileDone) return EndChat();
    m_largeFilePending = true;
    m_switchboard->Send(ntlab::payload::BuildMessengerPayloadCommand("MSG", {std::to_string(++m_sbTrid), "D"},
                                                                     FileInvite(m_account, m_peer, m_largeFile)));
}

void MessengerClientApplication::EndChat()
{
    m_chatTimeout.Cancel();
    if (m_switchboard)
    {
        Ptr<MessengerLink> sb = m_switchboard;
        m_switchboard = nullptr;
        sb->Send(ntlab::payload::BuildMessengerCommand("OUT", {}));
        sb->Close();
    }
    if (m_loggedIn) ScheduleChat();
}

void MessengerClientApplication::MarkLargeFileDelivered()
{
    m_largeFileDone = true;
    m_largeFilePending = false;
    m_fileTrace("large", true, m_largeFile);
}

// Whatever this chat had not finished has failed.
void MessengerClientApplication::ChatFailed()
{
    if (!m_chatDelivered) m_chatTrace(false);
    if (m_smallFilePending) m_fileTrace("small", false, m_smallFile);
    if (m_largeFilePending) m_fileTrace("large", false, m_largeFile);
    m_chatDelivered = true;
    m_smallFilePending = false;
    m_largeFilePending = false;
    EndChat();
}

// The peer's side of a chat: answer the text, offer a direct connection for a file.
void MessengerClientApplication::HandleCalleeLine(const MessengerLine& line, MessengerLink& link, const std::string& caller)
{
    if (line.verb == "BYE")
    {
        link.Send(ntlab::payload::BuildMessengerCommand("OUT", {}));
        link.Close();
        return;
    }
    if (line.verb != "MSG") return;
    std::string text(line.payload.begin(), line.payload.end());
    if (text.find("text/plain") != std::string::npos)
        link.Send(ntlab::payload::BuildMessengerPayloadCommand("MSG", {std::to_string(++m_sbTrid), "N"},
                                                               ntlab::payload::BuildMsnpTextMessage("ok, send it")));
    else if (text.find("INVITE MSNMSGR:") != std::string::npos)
    {
        Listen();
        link.Send(ntlab::payload::BuildMessengerPayloadCommand(
            "MSG", {std::to_string(++m_sbTrid), "D"},
            ntlab::payload::BuildMsnSlpDirectOffer(m_account, caller, AddressText(HostAddress()), m_directPort)));
    }
}

void MessengerClientApplication::Listen()
{
    if (m_listener) return;
    m_listener = OpenTcpListener(GetNode(), m_directPort, MakeCallback(&MessengerClientApplication::AcceptDirect, this));
    m_listenRow = Table()->Open(ntlab::Proto::Tcp, Ipv4Address::GetAny(), m_directPort, std::nullopt,
                                ntlab::SocketState::Listen, m_pid, m_processName);
}

// Step 11: the file over a direct connection between the two hosts (hello, handshake, data).
void MessengerClientApplication::SendDirect(Ipv4Address peer, uint16_t port)
{
    using ntlab::payload::BuildMsnDirectFrame;
    Ptr<MessengerLink> link = NewLink("direct", Endpoint{peer, port, MessengerLink::DIRECT});
    auto traceUp = link->onUp;
    auto traceDown = link->onDown;
    MessengerLink* raw = PeekPointer(link);
    auto delivered = std::make_shared<bool>(false);
    link->onUp = [this, traceUp, raw]() {
        traceUp();
        std::vector<uint8_t> out = ntlab::payload::BuildMsnDirectHello();
        auto handshake = BuildMsnDirectFrame(0, 0x4a1c0f30, 0, 0, 0x100, {});
        out.insert(out.end(), handshake.begin(), handshake.end());
        for (uint32_t offset = 0; offset < m_largeFile; offset += kChunk)
        {
            std::vector<uint8_t> chunk(std::min(kChunk, m_largeFile - offset), uint8_t('A' + (offset / kChunk) % 26));
            auto frame = BuildMsnDirectFrame(kDirectSession, 0x4a1c0f31, offset, m_largeFile, 0x1000000, chunk);
            out.insert(out.end(), frame.begin(), frame.end());
        }
        raw->Send(out);
    };
    // The receiver's closing acknowledgement (flags 2) says the file arrived.
    link->onRaw = [this, raw, delivered](std::vector<uint8_t>& rx) {
        if (rx.size() < 52 || *delivered) return;
        *delivered = true;
        MarkLargeFileDelivered();
        raw->Close();
        EndChat();
    };
    link->onDown = [this, traceDown, delivered](bool wasUp) {
        traceDown(wasUp);
        if (!*delivered) ChatFailed();
    };
    link->Open(TargetOf(Endpoint{peer, port, MessengerLink::DIRECT}, ""), m_connectTimeout);
}

void MessengerClientApplication::AcceptDirect(Ptr<Socket> socket, const Address& from)
{
    Ptr<TrackedTcpConnection> connection = NewConnection();
    connection->Adopt(socket, from);
    if (m_messenger == NATEON)
    {
        connection->onData = Callback<void>([this, connection]() { ReadNateOnDirect(connection); });
        return;
    }
    m_directReceived = 0;
    connection->onData = Callback<void>([this, connection]() { ReadDirect(connection->Received(), connection); });
}

// Frames: a 4-byte little-endian length, the 48-byte header (total size at bytes 16..23), data.
void MessengerClientApplication::ReadDirect(std::vector<uint8_t>& rx, Ptr<TrackedTcpConnection> connection)
{
    std::size_t at = rx.size() >= 8 && rx[4] == 'f' && rx[5] == 'o' && rx[6] == 'o' ? 8 : 0;
    uint64_t total = 0;
    while (rx.size() >= at + 4)
    {
        uint32_t length = rx[at] | rx[at + 1] << 8 | rx[at + 2] << 16 | uint32_t(rx[at + 3]) << 24;
        if (length < 48 || rx.size() < at + 4 + length) break;
        for (int b = 7; b >= 0; --b) total = total << 8 | rx[at + 4 + 16 + b];
        m_directReceived += length - 48;
        at += 4 + length;
    }
    rx.erase(rx.begin(), rx.begin() + at);
    if (total > 0 && m_directReceived >= total)
        connection->Send(ntlab::payload::BuildMsnDirectFrame(kDirectSession, 0x6b2d1e41, 0, total, 0x2, {}));
}

} // namespace ns3
