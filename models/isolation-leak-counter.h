// Containment, counted (paper 002's isolation, the dynamic proof): every node outside isolation
// has every device's PromiscSniffer watched, and each frame it sees that carries an IPv4 packet
// from the moved host (its own address or its isolation address) after the move is counted, per
// node, and once per packet (ns-3 keeps a packet's uid across hops and copies). With paper 002's
// rules both counts must stay 0.
#pragma once

#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace ns3 {

class IsolationLeakCounter : public Object
{
  public:
    static TypeId GetTypeId();
    IsolationLeakCounter();

    /// Counts what reaches any device of `node` from now on, under `name`.
    void Watch(Ptr<Node> node, const std::string& name);
    /// Distinct packets seen outside isolation.
    uint64_t GetLeakedPackets() const { return m_uids.size(); }
    /// Receptions per watched node (a packet crossing three nodes counts at each).
    const std::map<std::string, uint64_t>& PerNode() const { return m_perNode; }

  private:
    void Sniff(std::string name, bool ethernet, Ptr<const Packet> frame);

    Ipv4Address m_hostAddress;
    Ipv4Address m_instanceAddress;
    Time m_from;
    std::map<std::string, uint64_t> m_perNode;
    std::set<uint64_t> m_uids;
    std::vector<uint8_t> m_head;
};

} // namespace ns3
