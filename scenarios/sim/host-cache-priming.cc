// dns.cached_at_start: answers a host looked up before the capture began. The flows they serve
// carry a name the analyzer never saw an answer for (paper 000's "answer cached before the
// capture"), until the entry expires and the host asks again on the wire.
#include "scenarios/sim/monitored-hosts.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace ntlab {

void PrimeHostCache(const MonitoredHost& host, const ScenarioBuild& build)
{
    std::set<std::string> names;
    for (const ProcessSpec& process : build.config.hosts[host.index].processes)
        names.insert(process.domains.begin(), process.domains.end());
    // The k-th of n names has (k+1)/(n+1) of its cache life left: lookups made at evenly spread
    // times before the start, so the entries expire one by one rather than all at once.
    const ns3::Time life = std::max(build.dns->AnswerTtl(), ns3::Seconds(build.config.dns.cache_min_s));
    const double n = static_cast<double>(names.size());
    double k = 0;
    for (const std::string& name : names)
    {
        std::vector<ns3::Ipv4Address> addresses = build.dns->Addresses(name);
        k += 1;
        if (addresses.empty()) continue;
        host.resolver->Prime(name, addresses, ns3::Seconds(life.GetSeconds() * k / (n + 1)));
    }
}

}  // namespace ntlab
