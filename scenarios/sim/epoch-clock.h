// Simulated time as the epoch microseconds every output file uses: the scenario's start plus
// the simulated time.
#pragma once

#include "analyzers/formats/basic-types.h"

#include "ns3/nstime.h"

namespace ntlab {

struct EpochClock
{
    TimeUs start = 0;
    TimeUs operator()(ns3::Time t) const { return start + t.GetMicroSeconds(); }
};

}  // namespace ntlab
