#include "traffic-gen/periodic-udp-client-application.h"

#include "ns3/inet-socket-address.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/udp-socket-factory.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(PeriodicUdpClientApplication);

TypeId
PeriodicUdpClientApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::PeriodicUdpClientApplication")
            .SetParent<ProcessApplication>()
            .SetGroupName("Ntlab")
            .AddConstructor<PeriodicUdpClientApplication>()
            .AddAttribute("Remote", "Server address.", Ipv4AddressValue(Ipv4Address::GetAny()),
                          MakeIpv4AddressAccessor(&PeriodicUdpClientApplication::m_remote),
                          MakeIpv4AddressChecker())
            .AddAttribute("RemotePort", "Server UDP port (123 for NTP).", UintegerValue(123),
                          MakeUintegerAccessor(&PeriodicUdpClientApplication::m_remotePort),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("Interval", "Seconds between datagrams.",
                          StringValue("ns3::ConstantRandomVariable[Constant=64]"),
                          MakePointerAccessor(&PeriodicUdpClientApplication::m_interval),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("PayloadSize", "Bytes per datagram (48 for an NTP request).",
                          StringValue("ns3::ConstantRandomVariable[Constant=48]"),
                          MakePointerAccessor(&PeriodicUdpClientApplication::m_payloadSize),
                          MakePointerChecker<RandomVariableStream>());
    return tid;
}

PeriodicUdpClientApplication::PeriodicUdpClientApplication()
    : m_remotePort(123),
      m_bytes(CreateObject<UniformRandomVariable>())
{
}

int64_t
PeriodicUdpClientApplication::AssignStreams(int64_t stream)
{
    m_interval->SetStream(stream);
    m_payloadSize->SetStream(stream + 1);
    m_bytes->SetStream(stream + 2);
    return 3;
}

void
PeriodicUdpClientApplication::DoDispose()
{
    m_socket = nullptr;
    ProcessApplication::DoDispose();
}

void
PeriodicUdpClientApplication::StartApplication()
{
    // One socket for the process's life, as w32time and messengers keep theirs.
    uint16_t port = Table()->AllocatePort(ntlab::Proto::Udp);
    m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
    m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
    m_socket->Connect(InetSocketAddress(m_remote, m_remotePort));
    m_socket->SetRecvCallback(MakeCallback(&PeriodicUdpClientApplication::HandleRead, this));
    m_tableId = Table()->Open(ntlab::Proto::Udp, Ipv4Address::GetAny(), port, std::nullopt,
                              ntlab::SocketState::None, m_pid, m_processName);
    Send();
}

void
PeriodicUdpClientApplication::StopApplication()
{
    m_event.Cancel();
    if (m_socket)
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->Close();
        Table()->Close(m_tableId, false);
        m_socket = nullptr;
    }
}

void
PeriodicUdpClientApplication::Send()
{
    auto size = static_cast<size_t>(std::max(1.0, std::round(m_payloadSize->GetValue())));
    std::vector<uint8_t> payload(size);
    for (auto& b : payload)
    {
        b = static_cast<uint8_t>(m_bytes->GetInteger(0, 255));
    }
    if (m_remotePort == 123 && size >= 1)
    {
        payload[0] = 0x23;  // NTP v4, client mode, as w32time sends
    }
    m_socket->Send(Create<Packet>(payload.data(), payload.size()));
    ++m_sent;
    m_event = Simulator::Schedule(Seconds(std::max(0.001, m_interval->GetValue())),
                                  &PeriodicUdpClientApplication::Send, this);
}

void
PeriodicUdpClientApplication::HandleRead(Ptr<Socket> socket)
{
    while (Ptr<Packet> packet = socket->Recv())
    {
        ++m_received;
    }
}

} // namespace ns3
