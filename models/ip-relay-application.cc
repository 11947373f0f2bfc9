#include "ip-relay-application.h"

#include "messenger-line-reader.h"
#include "tcp-listener.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3 {

NS_LOG_COMPONENT_DEFINE("IpRelayApplication");
NS_OBJECT_ENSURE_REGISTERED(IpRelayApplication);

TypeId IpRelayApplication::GetTypeId()
{
    static TypeId tid = TypeId("ns3::IpRelayApplication")
                            .SetParent<Application>()
                            .SetGroupName("Ntlab")
                            .AddConstructor<IpRelayApplication>()
                            .AddAttribute("Port", "The SOCKS port", UintegerValue(1080),
                                          MakeUintegerAccessor(&IpRelayApplication::m_port), MakeUintegerChecker<uint16_t>())
                            .AddTraceSource("Relayed", "A connection relayed",
                                            MakeTraceSourceAccessor(&IpRelayApplication::m_relayedTrace),
                                            "ns3::IpRelayApplication::RelayedTracedCallback");
    return tid;
}

IpRelayApplication::IpRelayApplication()
    : m_port(1080)
{
}

void IpRelayApplication::StartApplication()
{
    m_listener = OpenTcpListener(GetNode(), m_port, MakeCallback(&IpRelayApplication::HandleAccept, this));
}

void IpRelayApplication::StopApplication()
{
    if (m_listener) CloseTcpListener(m_listener);
    m_listener = nullptr;
    std::vector<Ptr<BufferedTcpStream>> open;
    for (auto& [key, pair] : m_pairs)
    {
        open.push_back(pair.client);
        if (pair.server) open.push_back(pair.server);
    }
    for (auto& stream : open) stream->Close();
}

void IpRelayApplication::DoDispose()
{
    m_pairs.clear();
    m_connecting.clear();
    Application::DoDispose();
}

IpRelayApplication::Pair* IpRelayApplication::Find(BufferedTcpStream* stream)
{
    for (auto& [key, pair] : m_pairs)
        if (PeekPointer(pair.client) == stream || PeekPointer(pair.server) == stream) return &pair;
    return nullptr;
}

void IpRelayApplication::HandleAccept(Ptr<Socket> socket, const Address&)
{
    Ptr<BufferedTcpStream> client = Create<BufferedTcpStream>(64 * 1024);
    m_pairs[PeekPointer(client)].client = client;
    client->SetDataCallback(MakeCallback(&IpRelayApplication::HandleClientData, this));
    client->SetClosedCallback(MakeCallback(&IpRelayApplication::HandleClosed, this));
    client->Attach(socket);
}

// The SOCKS4 request is 8 bytes and a NUL-terminated user id; then the stream is piped.
void IpRelayApplication::HandleClientData(Ptr<BufferedTcpStream> stream, uint32_t)
{
    Pair* pair = Find(PeekPointer(stream));
    if (!pair) return;
    std::vector<uint8_t>& rx = stream->Received();
    if (!pair->server)
    {
        auto nul = std::find(rx.begin() + std::min<std::size_t>(8, rx.size()), rx.end(), uint8_t(0));
        if (rx.size() < 9 || nul == rx.end()) return;
        if (rx[0] != 4 || rx[1] != 1)
        {
            stream->Send(BuildSocks4Reply(false));
            stream->CloseWhenSent();
            return;
        }
        Connect(*pair);
        rx.erase(rx.begin(), nul + 1);
    }
    if (pair->granted && !rx.empty())
    {
        pair->server->Send(rx);
        rx.clear();
    }
}

void IpRelayApplication::Connect(Pair& pair)
{
    const std::vector<uint8_t>& rx = pair.client->Received();
    uint16_t port = uint16_t(rx[2] << 8 | rx[3]);
    Ipv4Address target(uint32_t(rx[4]) << 24 | uint32_t(rx[5]) << 16 | uint32_t(rx[6]) << 8 | rx[7]);
    Address from;
    pair.client->GetSocket()->GetPeerName(from);
    m_relayedTrace(InetSocketAddress::ConvertFrom(from).GetIpv4(), target, port);
    Ptr<Socket> socket = Socket::CreateSocket(GetNode(), TcpSocketFactory::GetTypeId());
    socket->Bind();
    pair.server = Create<BufferedTcpStream>(64 * 1024);
    m_connecting[PeekPointer(socket)] = PeekPointer(pair.client);
    socket->SetConnectCallback(MakeCallback(&IpRelayApplication::HandleServerConnected, this),
                               MakeCallback(&IpRelayApplication::HandleServerFailed, this));
    socket->Connect(InetSocketAddress(target, port));
}

void IpRelayApplication::HandleServerConnected(Ptr<Socket> socket)
{
    auto it = m_connecting.find(PeekPointer(socket));
    if (it == m_connecting.end()) return;
    auto found = m_pairs.find(it->second);
    m_connecting.erase(it);
    if (found == m_pairs.end())
    {
        socket->Close();  // the client left while the relay was connecting
        return;
    }
    Pair& pair = found->second;
    pair.granted = true;
    pair.server->SetDataCallback(MakeCallback(&IpRelayApplication::HandleServerData, this));
    pair.server->SetClosedCallback(MakeCallback(&IpRelayApplication::HandleClosed, this));
    pair.server->Attach(socket);
    pair.client->Send(BuildSocks4Reply(true));
    if (!pair.client->Received().empty()) HandleClientData(pair.client, 0);
}

void IpRelayApplication::HandleServerFailed(Ptr<Socket> socket)
{
    auto it = m_connecting.find(PeekPointer(socket));
    if (it == m_connecting.end()) return;
    auto found = m_pairs.find(it->second);
    m_connecting.erase(it);
    if (found == m_pairs.end()) return;
    found->second.client->Send(BuildSocks4Reply(false));
    found->second.client->CloseWhenSent();
}

void IpRelayApplication::HandleServerData(Ptr<BufferedTcpStream> stream, uint32_t)
{
    Pair* pair = Find(PeekPointer(stream));
    if (!pair || !pair->client->IsOpen()) return;
    pair->client->Send(stream->Received());
    stream->Received().clear();
}

// Either side closing closes the other once its queue is sent.
void IpRelayApplication::HandleClosed(Ptr<BufferedTcpStream> stream, BufferedTcpStream::CloseCause)
{
    Pair* pair = Find(PeekPointer(stream));
    if (!pair) return;
    Ptr<BufferedTcpStream> other = PeekPointer(pair->client) == PeekPointer(stream) ? pair->server : pair->client;
    if (other && other->IsOpen())
    {
        other->CloseWhenSent();
        return;
    }
    m_pairs.erase(PeekPointer(pair->client));
}

} // namespace ns3
