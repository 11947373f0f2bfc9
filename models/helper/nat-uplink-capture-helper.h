// Puts a NatUplinkCapture on a gateway's uplink: the network view outside a NAT, its PCAP files
// in a directory.
#pragma once

#include "models/nat-uplink-capture.h"

#include "ns3/attribute.h"
#include "ns3/net-device.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

class NatUplinkCaptureHelper
{
  public:
    /// `directory`: where the PCAP files go (it must exist).
    explicit NatUplinkCaptureHelper(const std::string& directory);
    void SetAttribute(const std::string& name, const AttributeValue& value);
    Ptr<NatUplinkCapture> Install(Ptr<NetDevice> uplink) const;

  private:
    ObjectFactory m_factory;
};

} // namespace ns3
