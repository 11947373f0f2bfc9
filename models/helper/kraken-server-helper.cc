#include "models/helper/kraken-server-helper.h"

#include "ns3/enum.h"

namespace ns3
{

KrakenServerHelper::KrakenServerHelper(KrakenServerApplication::Role role)
{
    SetAttribute("Role", EnumValue(role));
}

} // namespace ns3
