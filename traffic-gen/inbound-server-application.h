// A server process on a monitored host (sshd.exe in paper 001's Table 3): a LISTEN row on
// 0.0.0.0:<port>, and one ESTABLISHED row under the same PID per accepted connection. It speaks
// the SSH transport framing: banner exchange, then one binary packet answered per packet
// received. The remote side opens and closes (passive close here: no TIME_WAIT row).
#pragma once

#include "models/process-application.h"

#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"

namespace ns3 {

class InboundServerApplication : public ProcessApplication
{
  public:
    static TypeId GetTypeId();
    InboundServerApplication();
    int64_t AssignStreams(int64_t stream);
    uint64_t Accepted() const { return m_accepted; }

  private:
    void StartApplication() override;
    void StopApplication() override;
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    void Serve(Ptr<TrackedTcpConnection> connection, std::shared_ptr<bool> bannerSeen);

    uint16_t m_port;
    std::string m_banner;
    Ptr<RandomVariableStream> m_replyBytes;
    Ptr<UniformRandomVariable> m_seed;
    Ptr<Socket> m_listener;
    uint32_t m_listenRow = 0;
    uint64_t m_accepted = 0;
};

} // namespace ns3
