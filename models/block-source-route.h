// What AddressBlockRouting and its IPv6 twin share: a server socket bound to the wildcard address
// answers a client that contacted one of the server's block addresses; its reply carries a packet-
// info tag naming that address, and must leave from it (one 5-tuple per exchange), on the route
// the node's other routing protocols choose. Everything without such a tag is theirs to route.
#pragma once

#include "ns3/net-device.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/socket.h"

namespace ns3
{

/// The other protocols' route for `p` with the tagged block address as its source, or nullptr
/// (and ERROR_NOROUTETOHOST when the packet names no block address). `l3` is the node's Ipv4 or
/// Ipv6; `contains` tells a block address.
template <class Tag, class Route, class L3, class Header, class Contains>
Ptr<Route>
RouteFromBlockSource(Ptr<Packet> p, const Header& header, Ptr<NetDevice> oif, Socket::SocketErrno& sockerr,
                     const Ptr<L3>& l3, Contains contains)
{
    Tag tag;
    if (p && l3 && p->PeekPacketTag(tag) && contains(tag.GetAddress()))
    {
        p->RemovePacketTag(tag);  // not carried further; the recursive lookup below skips this branch
        Ptr<Route> route = l3->GetRoutingProtocol()->RouteOutput(p, header, oif, sockerr);
        if (!route)
        {
            return nullptr;
        }
        Ptr<Route> sourced = Create<Route>();
        sourced->SetDestination(route->GetDestination());
        sourced->SetGateway(route->GetGateway());
        sourced->SetOutputDevice(route->GetOutputDevice());
        sourced->SetSource(tag.GetAddress());
        return sourced;
    }
    sockerr = Socket::ERROR_NOROUTETOHOST;
    return nullptr;
}

/// Local delivery of a packet addressed to a block address; false for any other destination.
template <class L3, class Header, class LocalDeliver, class Contains>
bool
DeliverToBlock(Ptr<const Packet> p, const Header& header, Ptr<const NetDevice> idev, const Ptr<L3>& l3,
               const LocalDeliver& lcb, Contains contains)
{
    if (!contains(header.GetDestination()) || lcb.IsNull())
    {
        return false;
    }
    lcb(p, header, l3->GetInterfaceForDevice(idev));
    return true;
}

} // namespace ns3
