#include "scenarios/sim/domain-truth-recorder.h"

#include "ns3/callback.h"

#include <vector>

namespace ntlab {

void DomainTruthRecorder::Observe(ns3::Ptr<ns3::WebClientApplication> client)
{
    client->TraceConnectWithoutContext(
        "Connection", ns3::MakeBoundCallback(&DomainTruthRecorder::ConnectionOf, this, client->HostAddress()));
}

void DomainTruthRecorder::ConnectionOf(DomainTruthRecorder* self, ns3::Ipv4Address host, const std::string& domain,
                                       bool hardCoded, uint16_t localPort, ns3::Ipv4Address server, uint16_t serverPort)
{
    self->Connection(host, domain, hardCoded, localPort, server, serverPort);
}

void DomainTruthRecorder::Connection(ns3::Ipv4Address host, const std::string& domain, bool hardCoded,
                                     uint16_t localPort, ns3::Ipv4Address server, uint16_t serverPort)
{
    if (hardCoded) ++m_hardCoded;
    auto [it, added] = m_domains.emplace(Key{host.Get(), localPort, server.Get(), serverPort}, domain);
    if (!added && it->second != domain) ++m_conflicts;
}

std::size_t DomainTruthRecorder::Write(const std::string& path) const
{
    std::vector<ExpectedDomainRow> rows;
    rows.reserve(m_domains.size());
    for (const auto& [key, domain] : m_domains)
    {
        ExpectedDomainRow row;
        row.proto = Proto::Tcp;
        row.host = Endpoint{std::get<0>(key), std::get<1>(key)};
        row.remote = Endpoint{std::get<2>(key), std::get<3>(key)};
        row.domain = domain;
        rows.push_back(std::move(row));
    }
    WriteExpectedDomainsCsv(path, rows);
    return rows.size();
}

}  // namespace ntlab
