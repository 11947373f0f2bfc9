#include "analyzers/blocking/block-metrics.h"

#include <catch2/catch.hpp>

using namespace ntlab;

namespace {

BlockSession Session(const std::string& protocol, std::uint64_t bytes) {
  BlockSession s;
  s.protocol = protocol;
  s.bytes = bytes;
  return s;
}

MethodDecision Verdict(BlockVerdict verdict) { return {verdict, ""}; }

}  // namespace

TEST_CASE("block metrics: per method and combined, leaks and wrong blocks", "[analysis][blocking]") {
  BlockTally tally({"ip_table", "process"});
  SessionDecisions relay{Verdict(BlockVerdict::Passed), Verdict(BlockVerdict::Blocked), std::nullopt};
  SessionDecisions dispatch{Verdict(BlockVerdict::Blocked), Verdict(BlockVerdict::NotEvaluable), std::nullopt};
  SessionDecisions cdn{Verdict(BlockVerdict::Blocked), Verdict(BlockVerdict::Passed), std::nullopt};
  SessionDecisions unknown{Verdict(BlockVerdict::Passed), Verdict(BlockVerdict::NotEvaluable), std::nullopt};
  tally.Add(Session("msnp", 1000), relay);
  tally.Add(Session("msnp", 500), dispatch);
  tally.Add(Session("", 4000), cdn);
  tally.Add(Session("nateon", 300), unknown);
  nlohmann::json m = tally.ToJson();
  CHECK(m["ip_table"]["messenger_sessions"] == 3);
  CHECK(m["ip_table"]["messenger_sessions_blocked"] == 1);
  CHECK(m["ip_table"]["messenger_sessions_leaked"] == 2);
  CHECK(m["ip_table"]["messenger_bytes_blocked"] == 500);
  CHECK(m["ip_table"]["benign_sessions_wrongly_blocked"] == 1);
  CHECK(m["process"]["messenger_sessions_not_evaluable"] == 2);
  CHECK(m["process"]["messenger_sessions_leaked"] == 0);
  CHECK(m["combination"]["messenger_sessions_blocked"] == 2);
  CHECK(m["combination"]["messenger_sessions_not_evaluable"] == 1);  // neither blocks, one cannot judge
  CHECK(m["combination"]["messenger_bytes"] == 1800);
  CHECK(m["combination"]["benign_sessions_wrongly_blocked"] == 1);
  CHECK(m["combination"]["messenger_block_rate"].get<double>() == Approx(2.0 / 3));
  CHECK_FALSE(m.contains("process_packets"));
}

TEST_CASE("block metrics: each method of the policy appears with nothing to count", "[analysis][blocking]") {
  nlohmann::json m = BlockTally({"process_packets"}).ToJson();
  CHECK(m["process_packets"]["messenger_sessions"] == 0);
  CHECK(m["process_packets"]["messenger_block_rate"].is_null());
  CHECK(m.contains("combination"));
}
