// The domain truth (expected-domains.csv, dns.truth): for every connection a browser or service
// opened, the name the application meant, from the applications' own "Connection" trace source,
// also when it connected to a hard-coded address without a lookup (the name is still what the
// traffic is for; a DNS labeller that leaves it unlabelled misses it). It never passes through
// the captures or the labeller being graded.
#pragma once

#include "analyzers/formats/domain-files.h"
#include "traffic-gen/web-client-application.h"

#include <cstddef>
#include <map>
#include <string>
#include <tuple>

namespace ntlab {

class DomainTruthRecorder
{
  public:
    /// Records every connection `client` opens from now on.
    void Observe(ns3::Ptr<ns3::WebClientApplication> client);
    /// Writes expected-domains.csv, one row per flow key in key order; returns the rows written.
    std::size_t Write(const std::string& path) const;
    /// Flow keys reused by a connection meaning another name (the first one is kept).
    std::size_t Conflicts() const { return m_conflicts; }
    /// Connections made to a hard-coded address (no lookup).
    std::size_t HardCoded() const { return m_hardCoded; }

  private:
    using Key = std::tuple<Ipv4, std::uint16_t, Ipv4, std::uint16_t>;  // host ip, port, remote ip, port
    static void ConnectionOf(DomainTruthRecorder* self, ns3::Ipv4Address host, const std::string& domain,
                             bool hardCoded, uint16_t localPort, ns3::Ipv4Address server, uint16_t serverPort);
    void Connection(ns3::Ipv4Address host, const std::string& domain, bool hardCoded, uint16_t localPort,
                    ns3::Ipv4Address server, uint16_t serverPort);

    std::map<Key, std::string> m_domains;
    std::size_t m_conflicts = 0;
    std::size_t m_hardCoded = 0;
};

}  // namespace ntlab
