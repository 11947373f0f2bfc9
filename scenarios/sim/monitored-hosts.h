// The monitored Windows-like hosts, one after the other: the OS-visible socket table with
// Windows' own listeners, the PID allocator, the DNS Client (svchost.exe), the processes the
// scenario lists (process-behaviours.h), then the workload catalog's processes on that host.
#pragma once

#include "scenarios/sim/scenario-build.h"

namespace ntlab {

/// Builds every host of the scenario into build.hosts.
void InstallMonitoredHosts(ScenarioBuild& build);

/// dns.cached_at_start: fills the host's DNS cache with its listed processes' names as if they had
/// been looked up before the capture (host-cache-priming.cc).
void PrimeHostCache(const MonitoredHost& host, const ScenarioBuild& build);

}  // namespace ntlab
