// One HTTP or TLS connection of a client process: connect, (TLS: ClientHello with SNI, read the
// server flight), send requests, read responses, then close actively after the planned lifetime.
// Real payload bytes throughout, so captures decode in Wireshark and the analyzers can read SNI.
#pragma once

#include "models/tracked-tcp-connection.h"

#include "ns3/event-id.h"
#include "ns3/nstime.h"

#include <functional>
#include <string>

namespace ns3 {

struct WebSessionPlan
{
    bool tls = true;
    std::string host;                 // SNI / Host header
    Ipv4Address server;
    Ipv6Address serverIpv6 = Ipv6Address::GetAny();  // not ::: connect over IPv6 instead
    Time lifetime;                    // stays open this long after the first response
    uint32_t maxRequests = 1;
    std::function<Time()> nextGap;    // between requests
    std::function<uint64_t()> seed;   // payload randomness
    std::function<uint32_t()> requestBytes;
    std::string postPath;             // plain HTTP: POST form data here (a PHP web app) instead of GET
    Time giveUp = Seconds(60);        // close if the server never answers
};

class WebClientSession : public SimpleRefCount<WebClientSession>
{
  public:
    WebClientSession(Ptr<TrackedTcpConnection> connection, WebSessionPlan plan);
    void Start();
    std::function<void()> onFinished;

  private:
    void Connected();
    void Data();
    void SendRequest();
    void FirstResponse();
    void Stop();

    Ptr<TrackedTcpConnection> m_connection;
    WebSessionPlan m_plan;
    bool m_handshakeDone = false;
    uint32_t m_handshakeRecords = 0;
    uint32_t m_requests = 0;
    bool m_answered = false;
    EventId m_closeEvent;
    EventId m_requestEvent;
};

} // namespace ns3
