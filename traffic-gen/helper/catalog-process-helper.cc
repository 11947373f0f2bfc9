#include "traffic-gen/helper/catalog-process-helper.h"

#include "ns3/ipv4-address.h"

namespace ns3
{

CatalogProcessHelper::CatalogProcessHelper(Ipv4Address dnsServer)
{
    SetAttribute("DnsServer", Ipv4AddressValue(dnsServer));
}

} // namespace ns3
