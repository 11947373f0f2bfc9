#include "tracked-tcp-connection.h"

#include "socket-close.h"

#include "ns3/inet-socket-address.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/tcp-socket-factory.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("TrackedTcpConnection");


TrackedTcpConnection::TrackedTcpConnection(Ptr<Node> node, Ptr<SocketTable> table, ProcessIdentity owner)
    : m_node(node),
      m_table(table),
      m_owner(std::move(owner))
{
}

TrackedTcpConnection::~TrackedTcpConnection() = default;

void
TrackedTcpConnection::Connect(Ipv4Address remote, uint16_t port)
{
    uint16_t localPort = m_table->AllocatePort(ntlab::Proto::Tcp);
    Ptr<Socket> socket = Socket::CreateSocket(m_node, TcpSocketFactory::GetTypeId());
    if (socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), localPort)) != 0)
    {
        NS_LOG_WARN("bind to port " << localPort << " failed on " << m_table->GetHostName());
        socket->Close();
        if (!onClosed.IsNull())
        {
            onClosed();
        }
        return;
    }
    Ipv4Address hostIp = m_node->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
    m_tableId = m_table->Open(ntlab::Proto::Tcp, hostIp, localPort, SocketTable::Remote{remote, port},
                              ntlab::SocketState::SynSent, m_owner.pid, m_owner.name);
    Attach(socket);
    socket->SetConnectCallback(MakeCallback(&TrackedTcpConnection::HandleConnected, Ptr<TrackedTcpConnection>(this)),
                               MakeCallback(&TrackedTcpConnection::HandleConnectFailed, Ptr<TrackedTcpConnection>(this)));
    socket->Connect(InetSocketAddress(remote, port));
}

void
TrackedTcpConnection::Adopt(Ptr<Socket> socket, const Address& from)
{
    InetSocketAddress peer = InetSocketAddress::ConvertFrom(from);
    Address local;
    socket->GetSockName(local);
    InetSocketAddress self = InetSocketAddress::ConvertFrom(local);
    Ipv4Address hostIp = m_node->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal();
    m_tableId = m_table->Open(ntlab::Proto::Tcp, hostIp, self.GetPort(),
                              SocketTable::Remote{peer.GetIpv4(), peer.GetPort()},
                              ntlab::SocketState::Established, m_owner.pid, m_owner.name);
    Attach(socket);
}

void
TrackedTcpConnection::Attach(Ptr<Socket> socket)
{
    // The callbacks hold a reference to this connection, so it lives until the socket is done.
    m_socket = socket;
    Ptr<TrackedTcpConnection> self(this);
    socket->SetRecvCallback(MakeCallback(&TrackedTcpConnection::HandleRecv, self));
    socket->SetSendCallback(MakeCallback(&TrackedTcpConnection::HandleSend, self));
    socket->SetCloseCallbacks(MakeCallback(&TrackedTcpConnection::HandlePeerClose, self),
                              MakeCallback(&TrackedTcpConnection::HandleError, self));
}

void
TrackedTcpConnection::HandleConnected(Ptr<Socket>)
{
    m_table->SetState(m_tableId, ntlab::SocketState::Established);
    if (!onConnected.IsNull())
    {
        onConnected();
    }
    Flush();
}

void
TrackedTcpConnection::HandleConnectFailed(Ptr<Socket>)
{
    NS_LOG_INFO(m_owner.name << " connect failed");
    Finish(false);
}

void
TrackedTcpConnection::Send(const std::vector<uint8_t>& bytes)
{
    if (!m_socket || m_closing)
    {
        return;
    }
    m_tx.insert(m_tx.end(), bytes.begin(), bytes.end());
    Flush();
}

void
TrackedTcpConnection::Flush()
{
    if (!m_socket)
    {
        return;
    }
    while (m_txOffset < m_tx.size())
    {
        uint32_t room = m_socket->GetTxAvailable();
        if (room == 0)
        {
            return;  // HandleSend continues
        }
        uint32_t chunk = std::min<std::size_t>(room, m_tx.size() - m_txOffset);
        int sent = m_socket->Send(m_tx.data() + m_txOffset, chunk, 0);
        if (sent <= 0)
        {
            return;
        }
        m_txOffset += sent;
    }
    m_tx.clear();
    m_txOffset = 0;
    if (m_closing)
    {
        Finish(true);
    }
}

void
TrackedTcpConnection::HandleSend(Ptr<Socket>, uint32_t)
{
    Flush();
}

void
TrackedTcpConnection::HandleRecv(Ptr<Socket> socket)
{
    Ptr<Packet> packet;
    bool grew = false;
    while ((packet = socket->Recv()))
    {
        if (packet->GetSize() == 0)
        {
            break;
        }
        std::size_t old = m_rx.size();
        m_rx.resize(old + packet->GetSize());
        packet->CopyData(m_rx.data() + old, packet->GetSize());
        grew = true;
    }
    if (grew && !onData.IsNull())
    {
        onData();
    }
}

void
TrackedTcpConnection::Close()
{
    if (!m_socket || m_closing)
    {
        return;
    }
    m_closing = true;
    if (m_txOffset >= m_tx.size())
    {
        Finish(true);
    }
}

void
TrackedTcpConnection::HandlePeerClose(Ptr<Socket>)
{
    // The peer sent FIN first: we close passively, so no TIME_WAIT row on this host.
    Finish(false);
}

void
TrackedTcpConnection::HandleError(Ptr<Socket>)
{
    Finish(false);
}

void
TrackedTcpConnection::Finish(bool activeClose)
{
    if (!m_socket)
    {
        return;
    }
    Ptr<Socket> socket = m_socket;
    m_socket = nullptr;
    if (m_tableId != 0)
    {
        m_table->Close(m_tableId, activeClose);
        m_tableId = 0;
    }
    // Also breaks the reference cycle socket -> callbacks -> this.
    CloseDiscardingInput(socket);
    m_tx.clear();
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
