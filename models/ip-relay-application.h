// An IP-relay proxy outside the blocked networks (paper 004's bypass of the IP table): a SOCKS4
// server. The client asks it to CONNECT to the messenger server; the relay opens that connection
// from its own address and pipes the bytes both ways, so the gateway only sees the relay's address.
#pragma once

#include "buffered-tcp-stream.h"

#include "ns3/application.h"
#include "ns3/traced-callback.h"

#include <map>

namespace ns3 {

class IpRelayApplication : public Application
{
  public:
    static TypeId GetTypeId();
    IpRelayApplication();

    /// "Relayed": the client, the target it asked for, the target's port.
    typedef void (*RelayedTracedCallback)(Ipv4Address client, Ipv4Address target, uint16_t port);

  private:
    struct Pair
    {
        Ptr<BufferedTcpStream> client;
        Ptr<BufferedTcpStream> server;  // null until the CONNECT request arrived
        bool granted = false;
    };

    void StartApplication() override;
    void StopApplication() override;
    void DoDispose() override;
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    void HandleClientData(Ptr<BufferedTcpStream> stream, uint32_t added);
    void HandleServerData(Ptr<BufferedTcpStream> stream, uint32_t added);
    void HandleServerConnected(Ptr<Socket> socket);
    void HandleServerFailed(Ptr<Socket> socket);
    void HandleClosed(Ptr<BufferedTcpStream> stream, BufferedTcpStream::CloseCause cause);
    void Connect(Pair& pair);
    Pair* Find(BufferedTcpStream* stream);

    uint16_t m_port;
    Ptr<Socket> m_listener;
    std::map<BufferedTcpStream*, Pair> m_pairs;  // by the client stream
    std::map<Socket*, BufferedTcpStream*> m_connecting;
    TracedCallback<Ipv4Address, Ipv4Address, uint16_t> m_relayedTrace;
};

} // namespace ns3
