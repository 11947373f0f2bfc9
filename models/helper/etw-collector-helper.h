// Attaches one EtwCollector to the socket tables of the monitored hosts: the ETW-like
// connect/accept/bind/close events with their losses (LossProbability, BufferEvents,
// FlushInterval, ShortLifetime, ShortLossProbability).
#pragma once

#include "models/etw-collector.h"
#include "models/socket-table.h"

#include "ns3/attribute.h"
#include "ns3/object-factory.h"

#include <string>
#include <vector>

namespace ns3
{

class EtwCollectorHelper
{
  public:
    EtwCollectorHelper();
    void SetAttribute(const std::string& name, const AttributeValue& value);
    /// Creates a collector with the attributes set so far, observing every table in `tables`.
    Ptr<EtwCollector> Install(const std::vector<Ptr<SocketTable>>& tables) const;

  private:
    ObjectFactory m_factory;
};

} // namespace ns3
