#include "analyzers/labeling/label-summary.h"
#include "analyzers/labeling/truth-join.h"

#include "tests/analyzers/labeling/labeling-fixtures.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

Session MakeSession(Proto proto, Endpoint host, Endpoint remote, TimeUs first, TimeUs last) {
  Session s;
  s.key = SessionKey{proto, host, remote};
  s.first_ts = first;
  s.last_ts = last;
  return s;
}

TruthRow Truth(const char* host, Proto proto, Ipv4 localIp, std::uint16_t port, std::optional<Endpoint> remote,
               const char* process, TimeUs open, std::optional<TimeUs> close) {
  return TruthRow{host, proto, localIp, port, remote, 1, process, open, close};
}

}  // namespace

TEST_CASE("truth join: host by name or address, remote, time overlap", "[analysis][labeling]") {
  auto index = SocketIndex::FromRows({Udp(0, "pc01", Ep("10.0.0.11", 137), 4, "System")});
  auto host = Ep("10.0.0.11", 50000);
  auto remote = Ep("198.51.100.1", 443);
  auto join = TruthJoin::FromRows(
      {
          Truth("pc01", Proto::Tcp, Ip("10.0.0.11"), 50000, remote, "old.exe", Sec(0), Sec(5)),
          Truth("pc01", Proto::Tcp, Ip("10.0.0.11"), 50000, remote, "chrome.exe", Sec(10), Sec(20)),
          Truth("pc01", Proto::Tcp, Ip("10.0.0.11"), 50000, Ep("198.51.100.2", 443), "other-remote.exe", Sec(0), {}),
          Truth("pc01", Proto::Udp, 0, 5353, std::nullopt, "svchost.exe", Sec(0), {}),  // wildcard: host by name
      },
      index);
  const TruthRow* t = join.Find(MakeSession(Proto::Tcp, host, remote, Sec(11), Sec(12)));
  REQUIRE(t);
  CHECK(t->process == "chrome.exe");
  t = join.Find(MakeSession(Proto::Tcp, host, remote, Sec(5.5), Sec(9.5)));  // within 1 s slack of both
  REQUIRE(t);
  CHECK(t->process == "old.exe");  // both rows miss by 0.5 s: a tie keeps the earlier row
  t = join.Find(MakeSession(Proto::Tcp, host, remote, Sec(4), Sec(15)));
  REQUIRE(t);
  CHECK(t->process == "chrome.exe");  // 5 s overlap beats 1 s
  CHECK_FALSE(join.Find(MakeSession(Proto::Tcp, host, remote, Sec(7), Sec(8))));
  t = join.Find(MakeSession(Proto::Udp, Ep("10.0.0.11", 5353), Ep("224.0.0.251", 5353), Sec(3), Sec(4)));
  REQUIRE(t);
  CHECK(t->process == "svchost.exe");
  CHECK_FALSE(join.Find(MakeSession(Proto::Udp, Ep("10.0.0.12", 5353), Ep("224.0.0.251", 5353), Sec(3), Sec(4))));
}

TEST_CASE("label summary arithmetic", "[analysis][labeling]") {
  LabelSummary s;
  s.has_truth = true;
  s.stages["A"];
  auto label = [](const char* process) { return std::optional<LabelDecision>(LabelDecision{1, process, "A"}); };
  std::string chrome = "chrome.exe", code = "Code.exe";
  s.Count(true, label("chrome.exe"), &chrome);  // correct
  s.Count(true, label("chrome.exe"), &chrome);  // correct
  s.Count(true, label("chrome.exe"), &code);    // wrong
  s.Count(true, label("chrome.exe"), nullptr);  // matched, no truth
  s.Count(true, std::nullopt, &code);           // unknown
  s.Count(false, std::nullopt, nullptr);        // unmonitored
  CHECK(s.sessions == 6);
  CHECK(s.Monitored() == 5);
  CHECK(s.matched == 4);
  CHECK(s.unknown == 1);
  CHECK(*s.MatchingRate() == Approx(0.8));
  CHECK(*s.Accuracy() == Approx(2.0 / 3.0));
  auto j = s.ToJson();
  CHECK(j["sessions"] == 6);
  CHECK(j["sessions_unmonitored"] == 1);
  CHECK(j["matching_rate"].get<double>() == Approx(0.8));
  CHECK(j["matching_rate_all_sessions"].get<double>() == Approx(4.0 / 6.0));
  CHECK(j["correct"] == 2);
  CHECK(j["wrong"] == 1);
  CHECK(j["sessions_without_truth"] == 1);
  CHECK(j["stages"]["A"]["decided"] == 4);
  CHECK(j["stages"]["A"]["correct"] == 2);
  CHECK(j["stages"]["A"]["accuracy"].get<double>() == Approx(2.0 / 3.0));

  LabelSummary noTruth;
  noTruth.Count(true, label("x"), nullptr);
  CHECK(noTruth.ToJson()["accuracy"].is_null());
  CHECK(noTruth.ToJson()["matching_rate"] == 1.0);
  CHECK(LabelSummary().ToJson()["matching_rate"].is_null());
}
