// Base of every simulated process on a monitored host: an ns-3 Application with a PID and a
// process name, whose sockets are registered in the host's SocketTable, and which resolves names
// through the host's DNS Client service (as Windows applications do: the DNS packets on the wire
// belong to svchost.exe, not to the application).
#pragma once

#include "socket-table.h"
#include "tracked-tcp-connection.h"

#include "ns3/application.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"

#include <functional>
#include <string>
#include <vector>

namespace ns3 {

class HostResolver;

class ProcessApplication : public Application
{
  public:
    static TypeId GetTypeId();
    ProcessApplication();
    ~ProcessApplication() override;  // out of line: HostResolver is incomplete here

    ProcessIdentity Identity() const { return {m_pid, m_processName}; }
    Ptr<SocketTable> Table() const;
    Ipv4Address HostAddress() const;

  protected:
    void DoDispose() override;
    /// Resolves `name` through the host's DNS Client; `done` receives the addresses (empty when
    /// the name does not exist or the lookup timed out).
    void Resolve(const std::string& name, std::function<void(const std::vector<Ipv4Address>&)> done);
    /// The AAAA lookup of a process that connects over IPv6.
    void Resolve6(const std::string& name, std::function<void(const std::vector<Ipv6Address>&)> done);
    Ptr<TrackedTcpConnection> NewConnection() const;

    uint32_t m_pid;
    std::string m_processName;
    Ptr<HostResolver> m_resolver;
};

} // namespace ns3
