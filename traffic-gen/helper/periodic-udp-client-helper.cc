#include "traffic-gen/helper/periodic-udp-client-helper.h"

#include "ns3/ipv4-address.h"
#include "ns3/uinteger.h"

namespace ns3
{

PeriodicUdpClientHelper::PeriodicUdpClientHelper(Ipv4Address remote, uint16_t port)
{
    SetAttribute("Remote", Ipv4AddressValue(remote));
    SetAttribute("RemotePort", UintegerValue(port));
}

} // namespace ns3
