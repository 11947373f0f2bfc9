// The messenger clients' ground truth, from the models' own trace sources:
//   messenger_clients.csv      what each client achieved under the enforced policy;
//   messenger_enforcement.csv  what the policy's filters dropped, per filter and owning process
//                              (the owner looked up in the host's socket table at the drop), so
//                              that messenger traffic blocked and benign traffic wrongly blocked
//                              are measured, not inferred;
//   messenger-roles.csv        the servers' roles, the truth `ntlab messengers --truth` grades against.
#pragma once

#include "analyzers/formats/messenger-client-files.h"
#include "scenarios/sim/messenger-scenario.h"

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace ntlab {

class MessengerTruthRecorder
{
  public:
    /// Starts recording every client and filter of `build` (client rows in the scenario's order).
    void Observe(const ScenarioBuild& build);
    /// Writes the three files into `outDir`; returns the client rows.
    std::size_t Write(const ScenarioBuild& build, const std::string& outDir) const;

  private:
    struct DropKey
    {
        std::string filter, method, host, process;
        bool messenger;
        bool operator<(const DropKey& o) const
        {
            return std::tie(filter, method, host, process, messenger) < std::tie(o.filter, o.method, o.host, o.process, o.messenger);
        }
    };
    struct DropCount
    {
        std::set<std::tuple<std::uint32_t, std::uint16_t, std::uint32_t, std::uint16_t, std::uint8_t>> connections;
        std::uint64_t packets = 0, bytes = 0;
    };

    void ObserveFilter(const ScenarioBuild& build, ns3::Ptr<ns3::FilteringRouting> filter, const std::string& name,
                       const std::string& method);
    void Dropped(const ScenarioBuild* build, const std::string& filter, const std::string& method,
                 const ns3::Ipv4Header& header, ns3::Ptr<const ns3::Packet> packet);

    struct LastOwner
    {
        std::string process;
        std::uint32_t pid = 0;
    };

    std::vector<MessengerClientRow> m_rows;
    // (host index, proto, local port) -> the last process that opened a socket there: a packet
    // dropped after its socket left the table (ns-3's RST when a connect is abandoned) is still its.
    std::map<std::tuple<std::uint32_t, std::uint8_t, std::uint16_t>, LastOwner> m_lastOwner;
    std::map<DropKey, DropCount> m_drops;
};

}  // namespace ntlab
