// Workload catalogs (scenarios/config/workload-catalog.h): LoadWorkloadCatalog parses and checks
// the YAML, then ComputeArrivalRates turns the shares into per-host rates for a few office sizes,
// as a scenario's workload does. The input is the catalog file. InputError is the documented
// refusal; any other exception (yaml-cpp's own included) is a finding. Accepted rates are finite
// and not negative.
#include "scenarios/config/workload-catalog.h"
#include "tests/fuzz/fuzz-support.h"

#include <cmath>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab;
  const std::string path = fuzz::Scratch::Write("catalog.yaml", data, size);
  WorkloadCatalog catalog;
  if (!fuzz::AcceptsOrRefuses([&] { catalog = LoadWorkloadCatalog(path); })) return 0;
  for (const auto& office : {std::pair{127245.0, 7}, std::pair{1000.0, 1}, std::pair{1e7, 10000}}) {
    const double sessionsPerDay = office.first;
    const int hosts = office.second;
    std::vector<ProcessRate> rates;
    if (!fuzz::AcceptsOrRefuses([&] { rates = ComputeArrivalRates(catalog, sessionsPerDay, hosts); })) continue;
    for (const ProcessRate& r : rates) {
      NTLAB_FUZZ_CHECK(std::isfinite(r.arrivals_per_day) && r.arrivals_per_day >= 0);
      NTLAB_FUZZ_CHECK(std::isfinite(r.per_running_host_per_hour) && r.per_running_host_per_hour >= 0);
      NTLAB_FUZZ_CHECK(r.running_hosts >= 1 && r.running_hosts <= hosts);
    }
  }
  return 0;
}
