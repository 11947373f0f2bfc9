// The workload catalog's servers (docs/workload.md): each serves TLS/HTTP for its share of the
// catalog's names and the generic TCP/UDP/QUIC/NTP services on every catalog port. Spreading the
// names keeps every node's endpoint list short (ns-3 looks endpoints up linearly). Every catalog
// name answers from its server's address block, one address per answer (CDN-style rotation).
#pragma once

#include "scenarios/sim/scenario-build.h"

namespace ntlab {

void InstallCatalogServers(ScenarioBuild& build);

}  // namespace ntlab
