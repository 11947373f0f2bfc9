#include "traffic-gen/helper/kraken-bot-helper.h"

#include "ns3/ipv4-address.h"

namespace ns3
{

KrakenBotHelper::KrakenBotHelper(Ipv4Address dnsServer)
{
    SetAttribute("DnsServer", Ipv4AddressValue(dnsServer));
}

} // namespace ns3
