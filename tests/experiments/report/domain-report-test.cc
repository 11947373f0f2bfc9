// The domain part of a run's report.md: paper 000's figures beside ours, and the per-user view
// against the simulator's owners when the run grades it.
#include "experiments/report/domain-report.h"

#include <catch2/catch.hpp>

using namespace ntlab;

TEST_CASE("run report: the domain section shows the per-user view only when it is graded", "[analysis][domains][report][owners]") {
  nlohmann::json domains = {{"flow_label_rate", 0.5}, {"decisions", {{"dns", 3}}}};
  const std::string plain = RenderDomainSection(domains, nullptr, nullptr);
  CHECK(plain.find("| flows labelled with a domain | 50.00 % | 29.08 % of traffic") != std::string::npos);
  CHECK(plain.find("Per user") == std::string::npos);

  domains["user_accuracy"] = 0.75;
  domains["user_byte_accuracy"] = 0.8;
  domains["user_flows_graded"] = 4;
  domains["process_accuracy"] = 1.0;
  domains["user_bytes_unattributed"] = 120;
  domains["user_bytes"] = {{"anna", {{"bytes", 900}, {"truth_bytes", 1000}}}, {"ben", {{"bytes", 0}, {"truth_bytes", 20}}}};
  const std::string graded = RenderDomainSection(domains, nullptr, nullptr);
  CHECK(graded.find("Right user for 75.00 % of 4 graded flows (80.00 % of their bytes; process labels right 100.00 %)") !=
        std::string::npos);
  CHECK(graded.find("120 bytes had no user") != std::string::npos);
  CHECK(graded.find("| anna | 900 | 1000 |") != std::string::npos);
  CHECK(graded.find("| ben | 0 | 20 |") < graded.size());
  CHECK(graded.find("| anna |") < graded.find("| ben |"));
}
