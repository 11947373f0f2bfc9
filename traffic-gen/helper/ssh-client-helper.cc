#include "traffic-gen/helper/ssh-client-helper.h"

#include "ns3/address.h"

namespace ns3
{

SshClientHelper::SshClientHelper(Address remote)
{
    SetAttribute("Remote", AddressValue(remote));
}

} // namespace ns3
