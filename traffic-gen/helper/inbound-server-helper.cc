#include "traffic-gen/helper/inbound-server-helper.h"

#include "ns3/uinteger.h"

namespace ns3
{

InboundServerHelper::InboundServerHelper(uint16_t port)
{
    SetAttribute("Port", UintegerValue(port));
}

} // namespace ns3
