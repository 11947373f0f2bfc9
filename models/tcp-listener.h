// The listening socket every server model needs: bound to 0.0.0.0:port (or [::]:port: ns-3 keeps
// IPv4 and IPv6 endpoints apart, so a dual-stack server listens twice), handing each accepted
// connection to a callback.
#pragma once

#include "ns3/callback.h"
#include "ns3/node.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"

namespace ns3 {

/// Aborts the run when the port cannot be bound: two listeners on one port is a scenario error.
Ptr<Socket> OpenTcpListener(Ptr<Node> node,
                            uint16_t port,
                            Callback<void, Ptr<Socket>, const Address&> onAccept,
                            bool ipv6 = false);

/// An IPv6 TCP socket's segments carry 20 bytes less payload than the scenario's IPv4 segment
/// size (the IPv6 header is 40 bytes, IPv4's 20), so full segments fit the link MTU unfragmented,
/// as a real stack's IPv6 MSS does.
void FitSegmentToIpv6(Ptr<Socket> socket);

/// Stops accepting (dropping the callback, which may hold the application) and closes.
void CloseTcpListener(Ptr<Socket> listener);

} // namespace ns3
