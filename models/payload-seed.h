// Payload randomness (TLS randoms, DNS ids, filler bytes) comes from 64-bit seeds drawn from an
// ns-3 stream, so RngRun and AssignStreams fix every payload byte.
#pragma once

#include "ns3/random-variable-stream.h"

#include <cstdint>

namespace ns3 {

/// Two draws in a fixed order, high word first (in one expression `(f() << 32) | g()` the order
/// would be the compiler's choice). `max` bounds each 32-bit half.
inline uint64_t
DrawPayloadSeed(UniformRandomVariable& rv, uint32_t max = 0xffffffffU)
{
    uint64_t hi = rv.GetInteger(0, max);
    uint64_t lo = rv.GetInteger(0, max);
    return (hi << 32) | lo;
}

} // namespace ns3
