// The resource watch of the simulate step: memory and free disk measured, and a run past either
// limit stopped with a message that says what ran out and how to go on.
#include "experiments/pipeline/sim/resource-watch.h"

#include "analyzers/formats/basic-types.h"

#include <catch2/catch.hpp>
#include "tests/support/build-paths.h"

using namespace ntlab;

TEST_CASE("the watch measures this process and the disk", "[sim]") {
  CHECK(ResidentMemoryBytes() > 1e6);  // a test binary with ns-3 loaded is well past 1 MB
  CHECK(FreeDiskBytes(NTLAB_BINARY_DIR) > 0);
  CHECK(FreeDiskBytes("/no/such/folder") == -1);
}

TEST_CASE("the watch stops past the memory limit or the disk reserve, not before", "[sim]") {
  ResourceWatch none{0, 0};
  CHECK_NOTHROW(CheckResources(none, NTLAB_BINARY_DIR, 10, 100));

  ResourceWatch roomy{1e15, 1};
  CHECK_NOTHROW(CheckResources(roomy, NTLAB_BINARY_DIR, 10, 100));

  ResourceWatch tightMemory{1e6, 0};
  try {
    CheckResources(tightMemory, NTLAB_BINARY_DIR, 10, 100);
    FAIL("no stop past the memory limit");
  } catch (const InputError& e) {
    std::string message = e.what();
    CHECK(message.find("run stopped: memory") == 0);
    CHECK(message.find("at 10 s of 100 s simulated") != std::string::npos);
    CHECK(message.find("--max-memory-gb") != std::string::npos);
  }

  ResourceWatch fullDisk{0, 1e18};
  try {
    CheckResources(fullDisk, NTLAB_BINARY_DIR, 10, 100);
    FAIL("no stop below the disk reserve");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("run stopped: only") == 0);
    CHECK(std::string(e.what()).find(NTLAB_BINARY_DIR) != std::string::npos);
  }
}
