#ifndef NTLAB_TRAFFIC_GEN_SSH_CLIENT_APPLICATION_H
#define NTLAB_TRAFFIC_GEN_SSH_CLIENT_APPLICATION_H

// A remote administrator (Internet side) logging in to a monitored host's sshd: the inbound,
// server-side sessions the host-side labeller must attribute to the listening process. Each
// session sends the client banner, waits for the server's, then sends Exchanges SSH binary
// packets spread over SessionDuration, and closes (the client is the active closer). Session
// starts are Interval apart, so sessions may overlap like real parallel logins.

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

class SshClientApplication : public Application
{
  public:
    static TypeId GetTypeId();
    SshClientApplication();
    ~SshClientApplication() override;

    /// \return the number of streams used (5)
    int64_t AssignStreams(int64_t stream);
    uint64_t GetSessionsStarted() const;
    uint64_t GetSessionsCompleted() const;

    /// Signature of "SessionStart" / "SessionEnd": the session's local (client) address and port.
    typedef void (*SessionTracedCallback)(const Address& local);

  protected:
    void DoDispose() override;

  private:
    struct Session
    {
        Address local;
        std::vector<uint8_t> rx;
        bool bannerSeen = false;
        uint32_t exchangesLeft = 0;
        Time gap;
        EventId nextExchange;
        EventId end;
    };

    void StartApplication() override;
    void StopApplication() override;
    void ScheduleNextSession();
    void StartSession();
    void ConnectionSucceeded(Ptr<Socket> socket);
    void ConnectionFailed(Ptr<Socket> socket);
    void HandleRead(Ptr<Socket> socket);
    void SendExchange(Ptr<Socket> socket);
    void EndSession(Ptr<Socket> socket);
    void HandlePeerClose(Ptr<Socket> socket);
    void Forget(Ptr<Socket> socket);
    void SendBytes(Ptr<Socket> socket, const std::vector<uint8_t>& bytes);
    uint64_t NextSeed();

    Address m_remote;
    Ptr<RandomVariableStream> m_interval;
    Ptr<RandomVariableStream> m_sessionDuration;
    Ptr<RandomVariableStream> m_exchanges;
    Ptr<RandomVariableStream> m_packetSize;
    Ptr<UniformRandomVariable> m_seedStream;
    std::string m_software;
    uint32_t m_maxSessions;
    EventId m_nextSession;
    std::map<Ptr<Socket>, Session> m_sessions;
    uint64_t m_started;
    uint64_t m_completed;
    TracedCallback<const Address&> m_sessionStartTrace;
    TracedCallback<const Address&> m_sessionEndTrace;
    TracedCallback<Ptr<const Packet>> m_txTrace;
    TracedCallback<Ptr<const Packet>> m_rxTrace;
};

} // namespace ns3

#endif
