#include "web-client-application.h"
#include "models/payload-seed.h"

#include "web-client-session.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cmath>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(WebClientApplication);

TypeId
WebClientApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::WebClientApplication")
            .SetParent<ProcessApplication>()
            .SetGroupName("Ntlab")
            .AddConstructor<WebClientApplication>()
            .AddAttribute("Tls", "TLS on 443 (true) or plain HTTP on 80 (false).", BooleanValue(true),
                          MakeBooleanAccessor(&WebClientApplication::m_tls), MakeBooleanChecker())
            .AddAttribute("Interval", "Seconds between activities (page loads, service calls).",
                          StringValue("ns3::ExponentialRandomVariable[Mean=10]"),
                          MakePointerAccessor(&WebClientApplication::m_interval),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("Connections", "Connections opened per activity.",
                          StringValue("ns3::ConstantRandomVariable[Constant=1]"),
                          MakePointerAccessor(&WebClientApplication::m_connections),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("Lifetime", "Seconds a connection stays open after its first response.",
                          StringValue("ns3::LogNormalRandomVariable[Mu=0|Sigma=1]"),
                          MakePointerAccessor(&WebClientApplication::m_lifetime),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("RequestGap", "Seconds between requests on one connection.",
                          StringValue("ns3::UniformRandomVariable[Min=0.3|Max=3]"),
                          MakePointerAccessor(&WebClientApplication::m_requestGap),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("RequestBytes", "Bytes of one TLS request.",
                          StringValue("ns3::UniformRandomVariable[Min=200|Max=900]"),
                          MakePointerAccessor(&WebClientApplication::m_requestBytes),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("Stagger", "Seconds between the connections of one activity.",
                          StringValue("ns3::UniformRandomVariable[Min=0|Max=0.05]"),
                          MakePointerAccessor(&WebClientApplication::m_stagger),
                          MakePointerChecker<RandomVariableStream>())
            .AddAttribute("PostPath",
                          "Plain HTTP only: POST RequestBytes of form data to this path (a PHP web "
                          "app, e.g. /wp-admin/admin-ajax.php) instead of GET requests. Empty: GET.",
                          StringValue(""), MakeStringAccessor(&WebClientApplication::m_postPath),
                          MakeStringChecker())
            .AddAttribute("MaxRequests", "Requests per connection at most.", UintegerValue(1000),
                          MakeUintegerAccessor(&WebClientApplication::m_maxRequests),
                          MakeUintegerChecker<uint32_t>(1));
    return tid;
}

WebClientApplication::WebClientApplication()
    : m_tls(true),
      m_maxRequests(1000),
      m_pick(CreateObject<UniformRandomVariable>())
{
}

int64_t
WebClientApplication::AssignStreams(int64_t stream)
{
    int64_t s = stream;
    for (auto rv : {m_interval, m_connections, m_lifetime, m_requestGap, m_requestBytes, m_stagger})
    {
        rv->SetStream(s++);
    }
    m_pick->SetStream(s++);
    return s - stream;
}

void
WebClientApplication::StartApplication()
{
    m_running = true;
    ScheduleNext();
}

void
WebClientApplication::StopApplication()
{
    m_running = false;
    m_next.Cancel();
}

void
WebClientApplication::ScheduleNext()
{
    m_next = Simulator::Schedule(Seconds(m_interval->GetValue()), &WebClientApplication::Activity, this);
}

void
WebClientApplication::Activity()
{
    if (!m_running || m_domains.empty())
    {
        return;
    }
    std::string domain = m_domains[m_pick->GetInteger(0, m_domains.size() - 1)];
    Resolve(domain, [this, domain](const std::vector<Ipv4Address>& addresses) {
        if (m_running && !addresses.empty())
        {
            OpenSessions(domain, addresses);
        }
    });
    ScheduleNext();
}

void
WebClientApplication::OpenSessions(const std::string& domain, const std::vector<Ipv4Address>& addresses)
{
    auto count = static_cast<uint32_t>(std::max(1.0, std::round(m_connections->GetValue())));
    Time at = Seconds(0);
    for (uint32_t i = 0; i < count; ++i)
    {
        WebSessionPlan plan;
        plan.tls = m_tls;
        plan.host = domain;
        plan.server = addresses[i % addresses.size()];
        plan.lifetime = Seconds(m_lifetime->GetValue());
        plan.maxRequests = m_maxRequests;
        plan.postPath = m_postPath;
        plan.nextGap = [this]() { return Seconds(m_requestGap->GetValue()); };
        plan.seed = [this]() { return DrawPayloadSeed(*m_pick, 0xFFFFFFFEu); };
        plan.requestBytes = [this]() { return static_cast<uint32_t>(m_requestBytes->GetValue()); };
        Ptr<WebClientSession> session = Create<WebClientSession>(NewConnection(), std::move(plan));
        Simulator::Schedule(at, &WebClientSession::Start, session);
        at += Seconds(m_stagger->GetValue());
        ++m_sessions;
    }
}

} // namespace ns3
