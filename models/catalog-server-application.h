// The internet-side counterpart of the workload catalog's non-web traffic: one machine that
// answers plain TCP (the generic request framing of models/payload/generic-stream-payload.h:
// the client asks for N bytes and gets them), QUIC-like UDP on 443 (a 1200-byte long-header
// reply to an Initial, then one short-header datagram per datagram), NTP on 123 (a real server
// reply) and any other UDP port (a datagram of the same size back). Web traffic (TLS/HTTP) goes
// to a WebServerApplication on the same node. UDP replies name the address the request was sent
// to (Ipv4PacketInfoTag, RecvPktInfo); AddressBlockRouting sends them from there.
#pragma once

#include "models/buffered-tcp-stream.h"

#include "ns3/application.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3 {

class CatalogServerApplication : public Application
{
  public:
    static TypeId GetTypeId();
    CatalogServerApplication();
    ~CatalogServerApplication() override;

    /// \return the number of streams used (1)
    int64_t AssignStreams(int64_t stream);
    uint64_t GetAcceptedConnections() const { return m_accepted; }
    uint64_t GetDatagramsAnswered() const { return m_datagrams; }
    size_t GetOpenConnections() const { return m_connections.size(); }

    /// Signature of "Datagram": local port and bytes received.
    typedef void (*DatagramTracedCallback)(uint16_t port, uint32_t bytes);

  protected:
    void DoDispose() override;

  private:
    void StartApplication() override;
    void StopApplication() override;
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    void HandleRead(Ptr<BufferedTcpStream> stream, uint32_t added);
    void HandleClosed(Ptr<BufferedTcpStream> stream, BufferedTcpStream::CloseCause cause);
    void HandleDatagram(Ptr<Socket> socket);
    void OpenUdp(const Address& any, uint16_t port);
    static uint64_t QuicConnectionOf(const Address& from);
    uint64_t NextSeed();

    std::string m_tcpPortList;

    bool m_listenIpv6 = false;
    std::string m_udpPortList;
    int64_t m_epochStartUs;
    uint32_t m_maxDatagram;
    Ptr<UniformRandomVariable> m_seed;
    std::vector<Ptr<Socket>> m_tcpListeners;
    std::map<Ptr<Socket>, uint16_t> m_udpSockets;  // socket -> its port
    std::map<Ptr<Socket>, Ptr<BufferedTcpStream>> m_connections;
    uint64_t m_accepted = 0;
    uint64_t m_datagrams = 0;
    TracedCallback<uint16_t, uint32_t> m_datagramTrace;
};

/// "135, 445,8443" -> {135, 445, 8443}; aborts on anything that is not a port.
std::vector<uint16_t> ParsePortList(const std::string& text);

} // namespace ns3
