// The monitored Windows-like hosts, one after the other: the OS-visible socket table with
// Windows' own listeners, the PID allocator, the DNS Client (svchost.exe), the processes the
// scenario lists (process-behaviours.h), then the workload catalog's processes on that host.
#pragma once

#include "scenarios/sim/scenario-build.h"

namespace ntlab {

/// Builds every host of the scenario into build.hosts.
void InstallMonitoredHosts(ScenarioBuild& build);

}  // namespace ntlab
