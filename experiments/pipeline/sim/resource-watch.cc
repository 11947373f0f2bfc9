#include "experiments/pipeline/sim/resource-watch.h"

#include "analyzers/formats/basic-types.h"
#include "scenarios/config/scenario-estimate.h"

#include <sys/statvfs.h>
#include <unistd.h>

#include <cstdio>

namespace ntlab {

double ResidentMemoryBytes() {
  std::FILE* statm = std::fopen("/proc/self/statm", "r");
  if (!statm) return 0;
  unsigned long long sizePages = 0, residentPages = 0;
  int fields = std::fscanf(statm, "%llu %llu", &sizePages, &residentPages);
  std::fclose(statm);
  return fields == 2 ? double(residentPages) * double(sysconf(_SC_PAGESIZE)) : 0;
}

double FreeDiskBytes(const std::string& dir) {
  struct statvfs fs{};
  if (statvfs(dir.c_str(), &fs) != 0) return -1;
  return double(fs.f_bavail) * double(fs.f_frsize);
}

void CheckResources(const ResourceWatch& watch, const std::string& dir, double simulated_s, double total_s) {
  char when[96];
  std::snprintf(when, sizeof when, " at %.0f s of %.0f s simulated", simulated_s, total_s);
  if (watch.memory_bytes > 0) {
    double rss = ResidentMemoryBytes();
    if (rss > watch.memory_bytes)
      throw InputError("run stopped: memory " + FormatBytes(rss) + " passed the limit of " +
                       FormatBytes(watch.memory_bytes) + when +
                       " (raise --max-memory-gb, or shorten the scenario; --allow-large lifts the limit)");
  }
  if (watch.disk_reserve_bytes > 0) {
    double free = FreeDiskBytes(dir);
    if (free >= 0 && free < watch.disk_reserve_bytes)
      throw InputError("run stopped: only " + FormatBytes(free) + " free in " + dir + when + " (ntlab keeps " +
                       FormatBytes(watch.disk_reserve_bytes) + " free; make room or write the run elsewhere)");
  }
}

}  // namespace ntlab
