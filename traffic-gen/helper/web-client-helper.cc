#include "traffic-gen/helper/web-client-helper.h"

#include "ns3/boolean.h"

namespace ns3
{

WebClientHelper::WebClientHelper(bool tls)
{
    SetAttribute("Tls", BooleanValue(tls));
}

} // namespace ns3
