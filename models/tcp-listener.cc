#include "tcp-listener.h"

#include "ns3/fatal-error.h"
#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/uinteger.h"

namespace ns3
{

Ptr<Socket>
OpenTcpListener(Ptr<Node> node, uint16_t port, Callback<void, Ptr<Socket>, const Address&> onAccept, bool ipv6)
{
    Ptr<Socket> listener = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
    Address any = ipv6 ? Address(Inet6SocketAddress(Ipv6Address::GetAny(), port))
                       : Address(InetSocketAddress(Ipv4Address::GetAny(), port));
    if (ipv6)
    {
        FitSegmentToIpv6(listener);  // accepted sockets inherit it
    }
    if (listener->Bind(any) == -1)
    {
        NS_FATAL_ERROR("node " << node->GetId() << ": cannot bind TCP port " << port);
    }
    listener->Listen();
    listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(), onAccept);
    return listener;
}

void
FitSegmentToIpv6(Ptr<Socket> socket)
{
    constexpr uint32_t kIpv6HeaderGrowth = 40 - 20;
    UintegerValue segment;
    socket->GetAttribute("SegmentSize", segment);
    socket->SetAttribute("SegmentSize", UintegerValue(segment.Get() - kIpv6HeaderGrowth));
}

void
CloseTcpListener(Ptr<Socket> listener)
{
    listener->Close();
    listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                MakeNullCallback<void, Ptr<Socket>, const Address&>());
}

} // namespace ns3
