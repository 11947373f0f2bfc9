#include "inbound-server-application.h"
#include "models/payload-seed.h"
#include "models/tcp-listener.h"

#include "models/payload/split-mix64.h"
#include "models/payload/ssh-payload.h"

#include "ns3/inet-socket-address.h"
#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(InboundServerApplication);

TypeId
InboundServerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::InboundServerApplication")
            .SetParent<ProcessApplication>()
            .SetGroupName("Ntlab")
            .AddConstructor<InboundServerApplication>()
            .AddAttribute("Port", "Listening port.", UintegerValue(22),
                          MakeUintegerAccessor(&InboundServerApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Banner", "Identification string sent first.",
                          StringValue("SSH-2.0-OpenSSH_for_Windows_8.6"),
                          MakeStringAccessor(&InboundServerApplication::m_banner), MakeStringChecker())
            .AddAttribute("ReplyBytes", "Payload bytes of each reply packet.",
                          StringValue("ns3::UniformRandomVariable[Min=32|Max=600]"),
                          MakePointerAccessor(&InboundServerApplication::m_replyBytes),
                          MakePointerChecker<RandomVariableStream>());
    return tid;
}

InboundServerApplication::InboundServerApplication()
    : m_port(22),
      m_seed(CreateObject<UniformRandomVariable>())
{
}

int64_t
InboundServerApplication::AssignStreams(int64_t stream)
{
    m_replyBytes->SetStream(stream);
    m_seed->SetStream(stream + 1);
    return 2;
}

void
InboundServerApplication::StartApplication()
{
    m_listener = OpenTcpListener(GetNode(), m_port, MakeCallback(&InboundServerApplication::HandleAccept, this));
    m_listenRow = Table()->Open(ntlab::Proto::Tcp, Ipv4Address::GetAny(), m_port, std::nullopt, ntlab::SocketState::Listen,
                                m_pid, m_processName);
}

void
InboundServerApplication::StopApplication()
{
    if (m_listener)
    {
        CloseTcpListener(m_listener);
        m_listener = nullptr;
        Table()->Close(m_listenRow, false);
    }
}

void
InboundServerApplication::HandleAccept(Ptr<Socket> socket, const Address& from)
{
    ++m_accepted;
    Ptr<TrackedTcpConnection> connection = NewConnection();
    connection->Adopt(socket, from);
    auto bannerSeen = std::make_shared<bool>(false);
    // The callback holds the connection; TrackedTcpConnection drops its callbacks when it closes.
    connection->onData = Callback<void>([this, connection, bannerSeen]() { Serve(connection, bannerSeen); });
    // Banner is the whole identification string ("SSH-2.0-..."); a bare software version gets the
    // prefix added. (Sending BuildSshBanner of the full string would say "SSH-2.0-SSH-2.0-...".)
    if (m_banner.rfind("SSH-", 0) == 0)
    {
        std::string line = m_banner + "\r\n";
        connection->Send(std::vector<uint8_t>(line.begin(), line.end()));
    }
    else
    {
        connection->Send(ntlab::payload::BuildSshBanner(m_banner));
    }
}

// The shared flag (declared as bannerSeen) records that the client's NEWKEYS arrived: the key
// exchange is over and every further client packet is "encrypted". Whether the client's banner is
// still pending needs no flag: it is the only thing the client sends that starts with 'S', whereas
// a binary packet starts with the high byte of its uint32 length, 0 for anything under 16 MiB.
void
InboundServerApplication::Serve(Ptr<TrackedTcpConnection> connection, std::shared_ptr<bool> newKeysSeen)
{
    namespace payload = ntlab::payload;
    auto& rx = connection->Received();
    if (!*newKeysSeen && !rx.empty() && rx[0] == 'S')
    {
        auto eol = std::find(rx.begin(), rx.end(), '\n');
        if (eol == rx.end())
        {
            return;
        }
        rx.erase(rx.begin(), eol + 1);
    }
    auto nextSeed = [this]() {
        return DrawPayloadSeed(*m_seed, 0xFFFFFFFEu);
    };
    // RFC 4253 binary packets: uint32 packet_length, then that many bytes; after NEWKEYS the
    // length stays in clear (encrypt-then-MAC) and the MAC follows.
    while (std::size_t n = payload::SshFramedPacketSize(rx.data(), rx.size(),
                                                        *newKeysSeen ? payload::kSshEncryptedMacLength : 0))
    {
        uint8_t type = (!*newKeysSeen && n >= 6) ? payload::SshPacketMessageType(rx.data()) : 0;
        rx.erase(rx.begin(), rx.begin() + n);
        if (*newKeysSeen)
        {
            connection->Send(payload::BuildSshEncryptedPacket(static_cast<size_t>(m_replyBytes->GetValue()),
                                                              nextSeed()));
        }
        else if (type == payload::kSshMsgKexInit)
        {
            connection->Send(payload::BuildSshKexInit(nextSeed(), true));
        }
        else if (type == payload::kSshMsgKexEcdhInit)
        {
            // One host key per listening sshd, the same in every session; reply and NEWKEYS go out
            // together, as OpenSSH writes them.
            uint64_t hostKeySeed = payload::DeriveSeed(GetNode()->GetId(), m_port);
            payload::Bytes reply = payload::BuildSshKexEcdhReply(nextSeed(), hostKeySeed);
            payload::Bytes newKeys = payload::BuildSshNewKeys();
            reply.insert(reply.end(), newKeys.begin(), newKeys.end());
            connection->Send(reply);
        }
        else if (type == payload::kSshMsgNewKeys)
        {
            *newKeysSeen = true; // the client's last plaintext packet: nothing to answer
        }
        // Any other plaintext message during the key exchange (e.g. SSH_MSG_IGNORE) needs no reply.
    }
}

} // namespace ns3
