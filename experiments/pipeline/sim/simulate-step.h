// The simulate step of the run pipeline: the only step that needs ns-3. It runs the scenario in
// ns-3 (scenarios/sim) and reports what it wrote as a SimulationSummary, so that the rest of the
// pipeline (experiments/pipeline) never sees an ns-3 type and builds without the simulation.
#pragma once

#include "experiments/pipeline/sim/resource-watch.h"
#include "experiments/pipeline/simulation-cache.h"
#include "scenarios/sim/enterprise-lan-scenario.h"

#include <functional>

namespace ntlab {

/// A SimulateFunction that runs the scenario in ns-3. ns-3 keeps global state: call it once per
/// process. `progress` is called about once per simulated second (may be empty).
SimulateFunction Ns3Simulation(std::function<void(const SimulationProgress&)> progress);
/// The same, stopping with an InputError when memory or disk pass `watch` (checked at each progress
/// call, before `progress`).
SimulateFunction Ns3Simulation(const ResourceWatch& watch, std::function<void(const SimulationProgress&)> progress);

}  // namespace ntlab
