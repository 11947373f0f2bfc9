// Gives a monitored host its OS-visible socket table (SocketTable, aggregated to the node, where
// every process and observer finds it).
#pragma once

#include "models/socket-table.h"

#include "ns3/attribute.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"

#include <string>

namespace ns3
{

class SocketTableHelper
{
  public:
    /// `hostName` names the host in every row the table reports.
    explicit SocketTableHelper(const std::string& hostName);
    void SetAttribute(const std::string& name, const AttributeValue& value);
    /// Creates a table with the attributes set so far and aggregates it to `node`.
    Ptr<SocketTable> Install(Ptr<Node> node) const;

  private:
    ObjectFactory m_factory;
};

} // namespace ns3
