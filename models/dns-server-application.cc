#include "models/dns-server-application.h"

#include "models/ipv6-address-block-routing.h"
#include "models/payload/dns-payload.h"

#include "ns3/abort.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/uinteger.h"
#include "ns3/udp-socket-factory.h"

#include <algorithm>
#include <cctype>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("DnsServerApplication");
NS_OBJECT_ENSURE_REGISTERED(DnsServerApplication);

TypeId
DnsServerApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::DnsServerApplication")
            .SetParent<Application>()
            .SetGroupName("Ntlab")
            .AddConstructor<DnsServerApplication>()
            .AddAttribute("Port",
                          "UDP port to listen on.",
                          UintegerValue(53),
                          MakeUintegerAccessor(&DnsServerApplication::m_port),
                          MakeUintegerChecker<uint16_t>())
            .AddAttribute("Ttl",
                          "TTL in seconds put on every answer record.",
                          UintegerValue(300),
                          MakeUintegerAccessor(&DnsServerApplication::m_ttl),
                          MakeUintegerChecker<uint32_t>())
            .AddTraceSource("Query",
                            "A query was answered: question name and whether it was found.",
                            MakeTraceSourceAccessor(&DnsServerApplication::m_queryTrace),
                            "ns3::DnsServerApplication::QueryTracedCallback");
    return tid;
}

DnsServerApplication::DnsServerApplication()
    : m_port(53),
      m_ttl(300),
      m_answered(0)
{
    NS_LOG_FUNCTION(this);
}

DnsServerApplication::~DnsServerApplication()
{
    NS_LOG_FUNCTION(this);
}

std::string
DnsServerApplication::Canonical(const std::string& name)
{
    std::string key = name;
    while (!key.empty() && key.back() == '.')
    {
        key.pop_back();
    }
    std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return key;
}

void
DnsServerApplication::AddRecord(const std::string& name, Ipv4Address address)
{
    // The same record twice (two hosts registering a shared peer's name) is one record.
    auto& addresses = m_zone[Canonical(name)].addresses;
    if (std::find(addresses.begin(), addresses.end(), address) == addresses.end())
    {
        addresses.push_back(address);
    }
}

void
DnsServerApplication::AddMxRecord(const std::string& name,
                                  uint16_t preference,
                                  const std::string& exchange)
{
    m_zone[Canonical(name)].exchanges.emplace_back(preference, exchange);
}

void
DnsServerApplication::AddPool(const std::string& name, Ipv4Address first, uint32_t count)
{
    NS_ABORT_MSG_IF(count == 0, "DnsServerApplication: empty address pool for " << name);
    ZoneEntry& entry = m_zone[Canonical(name)];
    entry.poolFirst = first.Get();
    entry.poolCount = count;
    CreatePoolRng();
}

void
DnsServerApplication::AddPool6(const std::string& name, Ipv6Address first, uint32_t count)
{
    NS_ABORT_MSG_IF(count == 0, "DnsServerApplication: empty IPv6 address pool for " << name);
    ZoneEntry& entry = m_zone[Canonical(name)];
    entry.pool6First = first;
    entry.pool6Count = count;
    CreatePoolRng();
}

void
DnsServerApplication::CreatePoolRng()
{
    if (!m_poolRng)
    {
        m_poolRng = CreateObject<UniformRandomVariable>();
        if (m_poolStream >= 0)
        {
            m_poolRng->SetStream(m_poolStream);
        }
    }
}

int64_t
DnsServerApplication::AssignStreams(int64_t stream)
{
    m_poolStream = stream;
    if (m_poolRng)
    {
        m_poolRng->SetStream(stream);
    }
    return 1;
}

std::vector<Ipv4Address>
DnsServerApplication::Addresses(const std::string& name) const
{
    auto it = m_zone.find(Canonical(name));
    if (it == m_zone.end() || it->second.poolCount > 0)
    {
        return {};
    }
    return it->second.addresses;
}

uint64_t
DnsServerApplication::GetQueriesAnswered() const
{
    return m_answered;
}

void
DnsServerApplication::DoDispose()
{
    m_socket = nullptr;
    m_poolRng = nullptr;
    m_zone.clear();
    Application::DoDispose();
}

void
DnsServerApplication::StartApplication()
{
    NS_LOG_FUNCTION(this);
    if (!m_socket)
    {
        m_socket = Socket::CreateSocket(GetNode(), UdpSocketFactory::GetTypeId());
        if (m_socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), m_port)) == -1)
        {
            NS_FATAL_ERROR("DnsServerApplication: cannot bind UDP port " << m_port);
        }
    }
    m_socket->SetRecvCallback(MakeCallback(&DnsServerApplication::HandleRead, this));
}

void
DnsServerApplication::StopApplication()
{
    NS_LOG_FUNCTION(this);
    if (m_socket)
    {
        m_socket->Close();
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket = nullptr;
    }
}

void
DnsServerApplication::HandleRead(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> packet = socket->RecvFrom(from))
    {
        std::vector<uint8_t> bytes(packet->GetSize());
        packet->CopyData(bytes.data(), bytes.size());
        auto question = ntlab::payload::ParseDnsQuery(bytes.data(), bytes.size());
        if (!question)
        {
            NS_LOG_LOGIC("dropping a datagram that is not a DNS query");
            continue; // a real server would answer FORMERR; nothing in ntlab sends garbage
        }
        auto it = m_zone.find(Canonical(question->name));
        bool found = false;
        // NXDOMAIN for names the zone does not hold.
        ntlab::payload::Bytes reply = it == m_zone.end() ? ntlab::payload::BuildDnsResponse(*question, {}, m_ttl)
                                                         : Answer(*question, it->second, found);
        NS_LOG_INFO("query " << question->name << " type " << question->qtype << " found " << found);
        ++m_answered;
        m_queryTrace(question->name, found);
        socket->SendTo(Create<Packet>(reply.data(), reply.size()), 0, from);
    }
}

std::vector<uint8_t>
DnsServerApplication::Answer(const ntlab::payload::DnsQuestion& question, const ZoneEntry& entry, bool& found)
{
    namespace payload = ntlab::payload;
    found = true;
    if (question.qtype == payload::kDnsTypeA && entry.poolCount > 0)
    {
        // CDN-style rotation: one address of the pool per answer.
        uint32_t pick = m_poolRng->GetInteger(0, entry.poolCount - 1);
        return payload::BuildDnsResponse(question, {entry.poolFirst + pick}, m_ttl);
    }
    if (question.qtype == payload::kDnsTypeA && !entry.addresses.empty())
    {
        std::vector<uint32_t> addresses;
        for (const auto& a : entry.addresses)
        {
            addresses.push_back(a.Get());
        }
        return payload::BuildDnsResponse(question, addresses, m_ttl);
    }
    if (question.qtype == payload::kDnsTypeAaaa && entry.pool6Count > 0)
    {
        uint32_t pick = m_poolRng->GetInteger(0, entry.pool6Count - 1);
        std::array<uint8_t, 16> address;
        Ipv6AddressBlockRouting::Nth(entry.pool6First, pick).GetBytes(address.data());
        return payload::BuildDnsAaaaResponse(question, {address}, m_ttl);
    }
    if (question.qtype == payload::kDnsTypeMx && !entry.exchanges.empty())
    {
        return payload::BuildDnsMxResponse(question, entry.exchanges, m_ttl);
    }
    // The name exists but not with this type: NOERROR without answers, as real servers do.
    found = false;
    return payload::BuildDnsNoDataResponse(question);
}

} // namespace ns3
