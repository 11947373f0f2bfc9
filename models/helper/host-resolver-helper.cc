#include "models/helper/host-resolver-helper.h"

#include "ns3/ipv4-address.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

namespace ns3
{

HostResolverHelper::HostResolverHelper(Ipv4Address server, uint32_t pid, const std::string& processName)
{
    SetAttribute("Server", Ipv4AddressValue(server));
    SetAttribute("Pid", UintegerValue(pid));
    SetAttribute("ProcessName", StringValue(processName));
}

} // namespace ns3
