// The process-behaviour registration table: every behaviour a scenario file can name
// (hosts[].processes[].behaviour) has exactly one installer.
#include "scenarios/sim/process-behaviours.h"

#include <catch2/catch.hpp>

#include <set>
#include <stdexcept>
#include <string>

using namespace ntlab;

TEST_CASE("process behaviours: every behaviour is registered once", "[sim][builder]") {
  // The enum's values in order, as far as ToString knows them (its switch is checked by the
  // compiler to cover the enum).
  std::vector<Behaviour> behaviours;
  for (int i = 0; std::string(ToString(static_cast<Behaviour>(i))) != "?"; ++i) behaviours.push_back(static_cast<Behaviour>(i));
  REQUIRE(behaviours.size() >= 7);
  for (Behaviour behaviour : behaviours) {
    INFO(ToString(behaviour));
    REQUIRE_NOTHROW(ProcessBehaviourOf(behaviour));
    CHECK(ProcessBehaviourOf(behaviour).install != nullptr);
  }
  std::set<Behaviour> registered;
  for (const auto& entry : ProcessBehaviours()) {
    CHECK(std::string(ToString(entry.behaviour)) != "?");
    CHECK(registered.insert(entry.behaviour).second);
  }
  CHECK(registered.size() == behaviours.size());
  CHECK_THROWS_AS(ProcessBehaviourOf(static_cast<Behaviour>(behaviours.size())), std::logic_error);
  // The dynamic-DNS updater's name must exist before any host resolves it.
  CHECK(ProcessBehaviourOf(Behaviour::DyndnsUpdater).registerNames != nullptr);
}
