// Watches a running simulation's memory and the free disk where it writes, so that a run that
// outgrows its estimate stops with a message instead of ending in bad_alloc or a full disk
// (issue 16). Checked from the simulation's progress callback, about once per simulated second.
#pragma once

#include <cstdint>
#include <string>

namespace ntlab {

struct ResourceWatch {
  double memory_bytes = 0;               // stop past this resident memory (0 = not watched)
  double disk_reserve_bytes = 512e6;     // stop when less than this is free in the output folder (0 = not watched)
};

/// Resident memory of this process (/proc/self/statm), 0 when unknown.
double ResidentMemoryBytes();

/// Bytes free to an unprivileged writer in the file system holding `dir`, -1 when unknown.
double FreeDiskBytes(const std::string& dir);

/// Throws InputError naming what ran out ("memory 8.7 GB > limit 8.6 GB at 1200 s of 3600 s ...")
/// when the process or the disk is past the watch's limits.
void CheckResources(const ResourceWatch& watch, const std::string& dir, double simulated_s, double total_s);

}  // namespace ntlab
