// Destinations no other session used (issue 10, workload.never_seen_share): a block of addresses
// handed out one per session, in order, so every taken address is new to the whole run. A session
// that resolves a name gets a fresh name too (n<k>.<the name it would have asked>), which the DNS
// server answers with the fresh address, as a CDN answers with an edge the host has not met yet.
// The block is routed to a server that answers for all of it (AddressBlockRouting).
#pragma once

#include "models/dns-server-application.h"

#include "ns3/ipv4-address.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <string>

namespace ns3 {

class NeverSeenAddresses : public Object
{
  public:
    static TypeId GetTypeId();
    NeverSeenAddresses();

    /// The DNS server that answers the fresh names (none: Take gives addresses only).
    void SetDnsServer(Ptr<DnsServerApplication> dns) { m_dns = dns; }

    struct Destination
    {
        Ipv4Address address;
        std::string name;  // empty when Take was given no name
    };
    /// The next unused address of the block; with `name`, also a fresh name the DNS server
    /// answers with it. Aborts when the block is exhausted (the scenario validator keeps the
    /// expected count below half of it).
    Destination Take(const std::string& name);

    uint64_t Taken() const { return m_taken; }

    /// Signature of "Taken": the fresh address and name.
    typedef void (*TakenTracedCallback)(Ipv4Address address, const std::string& name);

  protected:
    void DoDispose() override;

  private:
    Ipv4Address m_first;
    uint32_t m_count;
    uint64_t m_taken = 0;
    Ptr<DnsServerApplication> m_dns;
    TracedCallback<Ipv4Address, const std::string&> m_takenTrace;
};

} // namespace ns3
