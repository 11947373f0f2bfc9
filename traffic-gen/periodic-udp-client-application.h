// A benign process that sends one UDP datagram to a fixed server at a steady interval and reads
// whatever comes back: an NTP-like time sync (w32time, port 123, 48-byte requests), a messenger
// keep-alive, an update-availability ping. It exists as a confounder for detectors that rely on
// regular timing (paper 003's Kraken argument): its rhythm is far more regular than a bot's.
#pragma once

#include "models/process-application.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"

namespace ns3 {

class PeriodicUdpClientApplication : public ProcessApplication
{
  public:
    static TypeId GetTypeId();
    PeriodicUdpClientApplication();

    int64_t AssignStreams(int64_t stream);
    uint64_t GetSent() const { return m_sent; }
    uint64_t GetReceived() const { return m_received; }

  private:
    void StartApplication() override;
    void StopApplication() override;
    void DoDispose() override;
    void Send();
    void HandleRead(Ptr<Socket> socket);

    Ipv4Address m_remote;
    uint16_t m_remotePort;
    Ptr<RandomVariableStream> m_interval;
    Ptr<RandomVariableStream> m_payloadSize;
    Ptr<UniformRandomVariable> m_bytes;
    Ptr<Socket> m_socket;
    uint32_t m_tableId = 0;
    EventId m_event;
    uint64_t m_sent = 0;
    uint64_t m_received = 0;
};

} // namespace ns3
