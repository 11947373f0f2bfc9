// The workload catalog's servers (docs/workload.md): each serves TLS/HTTP for its share of the
// catalog's names and the generic TCP/UDP/QUIC/NTP services on every catalog port. Spreading the
// names keeps every node's endpoint list short (ns-3 looks endpoints up linearly). Every catalog
// name answers from its server's address block, one address per answer (CDN-style rotation).
#pragma once

#include "scenarios/sim/scenario-build.h"

#include "ns3/ipv6-address.h"

#include <string>

namespace ntlab {

void InstallCatalogServers(ScenarioBuild& build);

/// workload.ipv6_share: whether `name` is dual-stack (has AAAA records; its sessions run over
/// IPv6). A hash of the name, not a random draw, so every process and host agrees on it and no
/// random stream moves when the knob is turned.
bool IsDualStackName(const std::string& name, double share);
/// The IPv6 twin of a dual-stack target's fixed address: the same offset in its server's IPv6
/// block as `target.address` has in the IPv4 one.
ns3::Ipv6Address FixedIpv6Address(const WorkloadTarget& target, const ScenarioBuild& build);

}  // namespace ntlab
