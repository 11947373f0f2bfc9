// A client process that, at random intervals, picks one of its domains, resolves it through the
// host's DNS Client and opens one or more HTTP/TLS connections to it. The scenario's "browser"
// (many parallel TLS connections living seconds, several requests each) and "service" (one short
// request-response connection, often shorter than the poll interval) behaviours are presets of it.
#pragma once

#include "models/process-application.h"

#include "ns3/event-id.h"
#include "ns3/random-variable-stream.h"

#include <string>
#include <vector>

namespace ns3 {

class WebClientApplication : public ProcessApplication
{
  public:
    static TypeId GetTypeId();
    WebClientApplication();

    void SetDomains(const std::vector<std::string>& domains) { m_domains = domains; }
    int64_t AssignStreams(int64_t stream);
    uint64_t Sessions() const { return m_sessions; }

  private:
    void StartApplication() override;
    void StopApplication() override;
    void ScheduleNext();
    void Activity();
    void OpenSessions(const std::string& domain, const std::vector<Ipv4Address>& addresses);

    std::vector<std::string> m_domains;
    bool m_tls;
    Ptr<RandomVariableStream> m_interval;
    Ptr<RandomVariableStream> m_connections;
    Ptr<RandomVariableStream> m_lifetime;
    Ptr<RandomVariableStream> m_requestGap;
    Ptr<RandomVariableStream> m_requestBytes;
    Ptr<RandomVariableStream> m_stagger;
    uint32_t m_maxRequests;
    std::string m_postPath;
    Ptr<UniformRandomVariable> m_pick;
    EventId m_next;
    bool m_running = false;
    uint64_t m_sessions = 0;
};

} // namespace ns3
