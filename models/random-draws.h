// Draws that several models share, kept in one place so that a bot and its server shape the
// same distribution the same way.
#pragma once

#include "ns3/nstime.h"
#include "ns3/random-variable-stream.h"

#include <algorithm>

namespace ns3 {

/// mean + spread * d, d ~ Normal(0, sd^2) redrawn while |d| > bound: every deviation from the
/// mean, the truncation included, scales by `spread` (the Zeus behaviours' overlap knob). Without
/// spread there is nothing to draw: the mean comes back and `rv` is not advanced.
inline double
DrawAround(Ptr<NormalRandomVariable> rv, double mean, double sd, double bound, double spread)
{
    double s = sd * spread;
    double b = bound * spread;
    if (s <= 0 || b <= 0)
    {
        return mean;
    }
    return rv->GetValue(mean, s * s, b);
}

/// A delay of `rv` seconds; a distribution that reaches below zero means "now".
inline Time
DrawSeconds(Ptr<RandomVariableStream> rv)
{
    return Seconds(std::max(0.0, rv->GetValue()));
}

} // namespace ns3
