#include "tracked-tcp-connection.h"

#include "tcp-listener.h"

#include "ns3/abort.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/tcp-socket-factory.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TrackedTcpConnection");


TrackedTcpConnection::TrackedTcpConnection(Ptr<Node> node, Ptr<SocketTable> table, ProcessIdentity owner)
    : m_node(node),
      m_table(table),
      m_owner(std::move(owner)),
      m_stream(Create<BufferedTcpStream>())
{
    m_stream->SetCloseOnError(true);
}

TrackedTcpConnection::~TrackedTcpConnection() = default;

void
TrackedTcpConnection::Connect(Ipv4Address remote, uint16_t port)
{
    Ipv4Address hostIp = m_node->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
    ConnectFrom(false, ToIpAddress(hostIp),
                InetSocketAddress(remote, port), SocketTable::Remote{ToIpAddress(remote), port});
}

void
TrackedTcpConnection::Connect(Ipv6Address remote, uint16_t port)
{
    ConnectFrom(true, ToIpAddress(HostIpv6Address()),
                Inet6SocketAddress(remote, port), SocketTable::Remote{ToIpAddress(remote), port});
}

Ipv6Address
TrackedTcpConnection::HostIpv6Address() const
{
    // The host's global address on its LAN interface (index 1; 0 is loopback); index 0 on an
    // interface is its link-local address.
    Ptr<Ipv6> ipv6 = m_node->GetObject<Ipv6>();
    for (uint32_t i = 0; i < ipv6->GetNAddresses(1); ++i)
    {
        Ipv6Address address = ipv6->GetAddress(1, i).GetAddress();
        if (!address.IsLinkLocal())
        {
            return address;
        }
    }
    NS_ABORT_MSG("TrackedTcpConnection: " << m_table->GetHostName() << " has no global IPv6 address");
}

void
TrackedTcpConnection::ConnectFrom(bool ipv6, ntlab::IpAddress hostIp, Address remote, SocketTable::Remote row)
{
    uint16_t localPort = m_table->AllocatePort(ntlab::Proto::Tcp);
    Ptr<Socket> socket = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
    Address anyLocal = ipv6 ? Address(Inet6SocketAddress(Ipv6Address::GetAny(), localPort))
                            : Address(InetSocketAddress(Ipv4Address::GetAny(), localPort));
    if (ipv6)
    {
        FitSegmentToIpv6(socket);
    }
    if (socket->Bind(anyLocal) != 0)
    {
        NS_LOG_WARN("bind to port " << localPort << " failed on " << m_table->GetHostName());
        socket->Close();
        if (!onClosed.IsNull())
        {
            onClosed();
        }
        return;
    }
    m_localPort = localPort;
    m_tableId = m_table->Open(ntlab::Proto::Tcp, hostIp, localPort, row, ntlab::SocketState::SynSent, m_owner.pid,
                              m_owner.name, m_owner.kernel);
    Attach(socket);
    // Dropped by the stream's close (CloseDiscardingInput), like its own callbacks.
    socket->SetConnectCallback(MakeCallback(&TrackedTcpConnection::HandleConnected, Ptr<TrackedTcpConnection>(this)),
                               MakeCallback(&TrackedTcpConnection::HandleConnectFailed, Ptr<TrackedTcpConnection>(this)));
    socket->Connect(remote);
}

void
TrackedTcpConnection::Adopt(Ptr<Socket> socket, const Address& from)
{
    Address local;
    socket->GetSockName(local);
    if (Inet6SocketAddress::IsMatchingType(from))
    {
        Inet6SocketAddress peer = Inet6SocketAddress::ConvertFrom(from);
        m_tableId = m_table->Open(ntlab::Proto::Tcp, ToIpAddress(HostIpv6Address()),
                                  Inet6SocketAddress::ConvertFrom(local).GetPort(),
                                  SocketTable::Remote{ToIpAddress(peer.GetIpv6()), peer.GetPort()},
                                  ntlab::SocketState::Established, m_owner.pid, m_owner.name, m_owner.kernel);
    }
    else
    {
        InetSocketAddress peer = InetSocketAddress::ConvertFrom(from);
        Ipv4Address hostIp = m_node->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
        m_tableId = m_table->Open(ntlab::Proto::Tcp, hostIp, InetSocketAddress::ConvertFrom(local).GetPort(),
                                  SocketTable::Remote{ToIpAddress(peer.GetIpv4()), peer.GetPort()},
                                  ntlab::SocketState::Established, m_owner.pid, m_owner.name, m_owner.kernel);
    }
    Attach(socket);
}

void
TrackedTcpConnection::Attach(Ptr<Socket> socket)
{
    // socket -> stream -> these callbacks -> this: the connection lives until the socket is
    // done; the stream drops every callback when it closes.
    Ptr<TrackedTcpConnection> self(this);
    m_stream->SetDataCallback(MakeCallback(&TrackedTcpConnection::HandleData, self));
    m_stream->SetClosedCallback(MakeCallback(&TrackedTcpConnection::HandleClosed, self));
    m_stream->Attach(socket);
}

void
TrackedTcpConnection::HandleConnected(Ptr<Socket>)
{
    m_table->SetState(m_tableId, ntlab::SocketState::Established);
    if (!onConnected.IsNull())
    {
        onConnected();
    }
    m_stream->Flush();
}

void
TrackedTcpConnection::HandleConnectFailed(Ptr<Socket>)
{
    NS_LOG_INFO(m_owner.name << " connect failed");
    m_connectFailed = true;
    m_stream->Close();
}

void
TrackedTcpConnection::Send(const std::vector<uint8_t>& bytes)
{
    m_stream->Send(bytes);
}

void
TrackedTcpConnection::HandleData(Ptr<BufferedTcpStream>, uint32_t added)
{
    if (added > 0 && !onData.IsNull())
    {
        onData();
    }
}

void
TrackedTcpConnection::Close()
{
    m_stream->CloseWhenSent();
}

void
TrackedTcpConnection::HandleClosed(Ptr<BufferedTcpStream>, BufferedTcpStream::CloseCause cause)
{
    // Only our own close makes this side the active closer (TIME_WAIT row); when the peer sent
    // FIN first, on an error, or when the connection never came up, the row just goes.
    bool activeClose = cause == BufferedTcpStream::LOCAL && !m_connectFailed;
    if (m_tableId != 0)
    {
        m_table->Close(m_tableId, activeClose);
        m_tableId = 0;
    }
    Callback<void> closed = onClosed;
    onConnected = MakeNullCallback<void>();
    onData = MakeNullCallback<void>();
    onClosed = MakeNullCallback<void>();
    if (!closed.IsNull())
    {
        closed();
    }
}

} // namespace ns3
