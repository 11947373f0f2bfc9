// MessengerClientApplication for BuddyBuddy (paper 004: chat and files, small and large, relayed
// by the server). The protocol is ntlab's invention (models/payload/buddybuddy-payload.h); what it
// shows is the structure 004 describes: one server, one long-lived session, nothing P2P.
#include "messenger-client-application.h"

#include "ns3/simulator.h"

#include <algorithm>
#include <cstdlib>

namespace ns3 {

namespace {

using ntlab::payload::BuddyType;
constexpr uint32_t kBuddyChunk = 4096;  // file bytes per FILE_DATA frame

uint32_t TransferId(const std::vector<uint8_t>& body)
{
    return body.size() < 4 ? 0 : uint32_t(body[0]) << 24 | uint32_t(body[1]) << 16 | uint32_t(body[2]) << 8 | body[3];
}

// FNV-1a, folded to 16 bits: the high half of this client's transfer ids.
uint32_t AccountHash(const std::string& account)
{
    uint32_t hash = 2166136261u;
    for (unsigned char c : account) hash = (hash ^ c) * 16777619u;
    return (hash ^ (hash >> 16)) & 0xffff;
}

}  // namespace

std::vector<uint8_t> MessengerClientApplication::BuddyRequest(BuddyType type, const std::vector<std::string>& fields)
{
    return ntlab::payload::BuildBuddyFrame(type, uint16_t(++m_trid), ntlab::payload::BuddyFields(fields));
}

// The server's answers and pushes on the long-lived session.
void MessengerClientApplication::HandleBuddyFrame(const MessengerLine& frame)
{
    if (frame.verb == "LOGIN_OK")
    {
        LoggedIn();
        m_notification->Send(BuddyRequest(BuddyType::Buddies, {}));
    }
    else if (frame.verb == "LOGIN_FAIL")
        m_notification->Close();
    else if (frame.verb == "CHAT_ACK" && !m_chatDelivered)
    {
        if (frame.Arg(0) != "1") return ChatFailed();  // the peer is not online
        m_chatDelivered = true;
        m_chatTrace(true);
        OfferBuddyFile(false);
    }
    else if (frame.verb == "FILE_ACK")
    {
        if (frame.Arg(1) != "1") return ChatFailed();
        SendBuddyFile(frame);
    }
    else if (frame.verb == "FILE_DONE" && std::strtoul(frame.Arg(0).c_str(), nullptr, 10) == m_buddyTransfer)
        BuddyFileDone();
    else if (frame.verb == "FILE_OFFER")
        m_buddyIncoming[{frame.Arg(0), uint32_t(std::strtoul(frame.Arg(3).c_str(), nullptr, 10))}].size =
            std::strtoull(frame.Arg(2).c_str(), nullptr, 10);
    else if (frame.verb == "FILE_DATA_FROM")
        ReceiveBuddyFile(frame);
}

void MessengerClientApplication::StartBuddyChat()
{
    m_chatDelivered = false;
    m_notification->Send(BuddyRequest(BuddyType::Chat, {m_peer, "hi, the report is coming"}));
}

// The small file first, then the large one once: each offered, sent in chunks, acknowledged.
void MessengerClientApplication::OfferBuddyFile(bool large)
{
    if (!large && m_smallFile == 0) return OfferBuddyFile(true);
    if (large && (m_largeFile == 0 || m_largeFileDone)) return EndChat();
    m_buddySendingLarge = large;
    (large ? m_largeFilePending : m_smallFilePending) = true;
    const uint32_t size = large ? m_largeFile : m_smallFile;
    // Ids differ between senders too: a receiver tells its transfers apart by id alone.
    m_buddyTransfer = m_buddyTransfer == 0 ? (AccountHash(m_account) << 16) + 1 : m_buddyTransfer + 1;
    m_notification->Send(BuddyRequest(BuddyType::FileSend, {m_peer, large ? "report.zip" : "memo.txt",
                                                            std::to_string(size), std::to_string(m_buddyTransfer)}));
}

void MessengerClientApplication::SendBuddyFile(const MessengerLine& ack)
{
    if (std::strtoul(ack.Arg(0).c_str(), nullptr, 10) != m_buddyTransfer) return;
    const uint32_t size = m_buddySendingLarge ? m_largeFile : m_smallFile;
    std::vector<uint8_t> out;
    for (uint32_t offset = 0; offset < size; offset += kBuddyChunk)
    {
        auto frame = ntlab::payload::BuildBuddyFrame(
            BuddyType::FileData, uint16_t(++m_trid), ntlab::payload::BuddyFileData(m_buddyTransfer, std::min(kBuddyChunk, size - offset)));
        out.insert(out.end(), frame.begin(), frame.end());
    }
    m_notification->Send(out);
}

void MessengerClientApplication::BuddyFileDone()
{
    if (m_buddySendingLarge)
    {
        MarkLargeFileDelivered();
        return EndChat();
    }
    m_smallFilePending = false;
    m_fileTrace("small", true, m_smallFile);
    OfferBuddyFile(true);
}

// The receiving side: count the bytes of each offered transfer, confirm it once complete.
void MessengerClientApplication::ReceiveBuddyFile(const MessengerLine& frame)
{
    const uint32_t id = TransferId(frame.payload);
    for (auto& [key, incoming] : m_buddyIncoming)
    {
        if (key.second != id || incoming.size == 0) continue;
        incoming.received += frame.payload.size() - 4;
        if (incoming.received < incoming.size) return;
        const auto done = key;  // erase must not read the key of the node it frees
        m_buddyIncoming.erase(done);
        m_notification->Send(BuddyRequest(BuddyType::FileReceived, {std::to_string(id), done.first}));
        return;
    }
}

} // namespace ns3
