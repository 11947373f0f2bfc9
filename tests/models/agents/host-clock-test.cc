#include "models/agents/host-clock.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <set>

using namespace ntlab;

TEST_CASE("a host clock with offset and drift maps capture time to host time and back",
          "[analysis][socket-logger][realism]") {
  const HostClock clock{100'000, 50, 1'000'000'000};  // +100 ms, 50 ppm fast, from t = 1000 s
  CHECK(clock.ToHost(1'000'000'000) == 1'000'100'000);
  CHECK(clock.ToHost(1'000'000'000 + 3'600'000'000) == 1'000'000'000 + 3'600'000'000 + 100'000 + 180'000);
  for (TimeUs t : {TimeUs(1'000'000'000), TimeUs(1'000'123'456), TimeUs(1'086'400'000'000)})
    CHECK(std::llabs(clock.ToCapture(clock.ToHost(t)) - t) <= 1);
  CHECK(HostClock{}.Exact());
  CHECK_FALSE(clock.Exact());
}

TEST_CASE("host clocks are drawn within the bounds, differ between hosts and repeat with the seed",
          "[analysis][socket-logger][realism]") {
  std::set<TimeUs> offsets;
  for (std::size_t host = 0; host < 20; ++host) {
    HostClock c = DrawHostClock(7, host, 0, 100'000, 20);
    CHECK(std::llabs(c.offset_us) <= 100'000);
    CHECK(std::abs(c.drift_ppm) <= 20);
    offsets.insert(c.offset_us);
    CHECK(DrawHostClock(7, host, 0, 100'000, 20).offset_us == c.offset_us);
  }
  CHECK(offsets.size() == 20);
  CHECK(*offsets.begin() < 0);   // both signs
  CHECK(*offsets.rbegin() > 0);
  CHECK(DrawHostClock(7, 3, 0, 0, 0).Exact());
}
