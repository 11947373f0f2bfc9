// The workload catalog's processes on the monitored hosts (docs/workload.md), and the remote
// clients of its inbound processes (sshd.exe): one machine per (host, process) pair, connecting at
// the catalog's hourly rate.
#pragma once

#include "scenarios/sim/scenario-build.h"

namespace ntlab {

/// Installs the catalog processes whose prevalence put them on `host`, in catalog order.
void InstallCatalogProcesses(const MonitoredHost& host, ScenarioBuild& build);
/// Installs one remote client per (host, inbound catalog process) pair, on the catalog client nodes.
void InstallCatalogClients(ScenarioBuild& build);

}  // namespace ntlab
