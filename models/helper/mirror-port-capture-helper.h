// Puts a MirrorPortCapture behind a switch port: the mirror (SPAN) port of one monitored host,
// writing its PCAP files into a directory.
#pragma once

#include "models/mirror-port-capture.h"

#include "ns3/attribute.h"
#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

class MirrorPortCaptureHelper
{
  public:
    /// `directory`: where the PCAP files go (it must exist).
    explicit MirrorPortCaptureHelper(const std::string& directory);
    void SetAttribute(const std::string& name, const AttributeValue& value);
    /// Mirrors `switchPort`, the port of the host at `hostAddress` (which names its files).
    Ptr<MirrorPortCapture> Install(Ptr<NetDevice> switchPort, Ipv4Address hostAddress) const;

  private:
    ObjectFactory m_factory;
};

} // namespace ns3
