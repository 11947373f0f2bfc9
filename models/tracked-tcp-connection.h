// One TCP connection of a simulated process: a real ns-3 socket whose life is mirrored into the
// host's SocketTable (SYN_SENT -> ESTABLISHED -> TIME_WAIT/removed), with send buffering and a
// receive buffer (a BufferedTcpStream). Client and server process models build their
// conversations on it.
#pragma once

#include "buffered-tcp-stream.h"
#include "socket-table.h"

#include "ns3/callback.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/node.h"
#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"
#include "ns3/socket.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3 {

/// Who owns a socket: the process as the socket table reports it.
struct ProcessIdentity
{
    uint32_t pid = 0;
    std::string name;
    bool kernel = false;  // a kernel-mode socket (System's WSK sockets): absent from the user-mode tables
};

class TrackedTcpConnection : public SimpleRefCount<TrackedTcpConnection>
{
  public:
    TrackedTcpConnection(Ptr<Node> node, Ptr<SocketTable> table, ProcessIdentity owner);
    ~TrackedTcpConnection();

    /// Opens an outbound connection from a Windows-like ephemeral port.
    void Connect(Ipv4Address remote, uint16_t port);
    /// The same over IPv6 from the host's global IPv6 address (issue 10, workload.ipv6_share).
    void Connect(Ipv6Address remote, uint16_t port);
    /// Takes over a socket accepted by a listener of the same process (inbound connection).
    void Adopt(Ptr<Socket> socket, const Address& from);

    void Send(const std::vector<uint8_t>& bytes);
    /// Active close: this side sends FIN first and keeps the TIME_WAIT row.
    void Close();
    bool IsOpen() const { return m_stream->IsOpen(); }
    /// The local port Connect bound (0 before Connect or when the bind failed).
    uint16_t LocalPort() const { return m_localPort; }

    /// Received bytes not yet consumed; handlers erase what they used.
    std::vector<uint8_t>& Received() { return m_stream->Received(); }

    Callback<void> onConnected;
    Callback<void> onData;         // Received() grew
    Callback<void> onClosed;       // by the peer, an error, or after Close()

  private:
    /// Binds a fresh ephemeral port (IPv6 or IPv4 wildcard), registers the row and connects.
    void ConnectFrom(bool ipv6, ntlab::IpAddress hostIp, Address remote, SocketTable::Remote row);
    Ipv6Address HostIpv6Address() const;
    void Attach(Ptr<Socket> socket);
    void HandleConnected(Ptr<Socket> socket);
    void HandleConnectFailed(Ptr<Socket> socket);
    void HandleData(Ptr<BufferedTcpStream> stream, uint32_t added);
    void HandleClosed(Ptr<BufferedTcpStream> stream, BufferedTcpStream::CloseCause cause);

    Ptr<Node> m_node;
    Ptr<SocketTable> m_table;
    ProcessIdentity m_owner;
    Ptr<BufferedTcpStream> m_stream;
    uint32_t m_tableId = 0;
    uint16_t m_localPort = 0;
    bool m_connectFailed = false;
};

} // namespace ns3
