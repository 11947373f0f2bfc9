// The Spread attribute of the Zeus bot and C&C: it scales every per-behaviour distribution (report
// counts on the bot, report reply lengths on the C&C) around its own mean, and Spread = 1 draws
// exactly what the earlier NormalRandomVariable attributes drew.

#include "models/zeus-cnc-server-application.h"
#include "traffic-gen/zeus-bot-application.h"
#include "models/payload/zeus-command-codec.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/rng-seed-manager.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

using namespace ns3;

namespace {

constexpr ZeusBehaviour kBehaviours[] = {ZeusBehaviour::CookieTheft, ZeusBehaviour::HomepageSet,
                                         ZeusBehaviour::OsShutdown};

struct Stats {
  double mean = 0;
  double sd = 0;  // sample sd (n - 1)
};

Stats Sample(const std::function<double()>& draw, int n) {
  std::vector<double> v(n);
  for (auto& x : v) x = draw();
  Stats s;
  for (double x : v) s.mean += x;
  s.mean /= n;
  for (double x : v) s.sd += (x - s.mean) * (x - s.mean);
  s.sd = std::sqrt(s.sd / (n - 1));
  return s;
}

Ptr<ZeusBotApplication> Bot(double spread) {
  Ptr<ZeusBotApplication> bot = CreateObject<ZeusBotApplication>();
  bot->SetAttribute("Spread", DoubleValue(spread));
  bot->AssignStreams(200);
  return bot;
}

Ptr<ZeusCncServerApplication> Cnc(double spread) {
  Ptr<ZeusCncServerApplication> cnc = CreateObject<ZeusCncServerApplication>();
  cnc->SetAttribute("Spread", DoubleValue(spread));
  cnc->AssignStreams(100);
  return cnc;
}

// The documented defaults: mean and sd of each behaviour (docs/botnets.md).
struct Defaults {
  double mean, sd;
};
Defaults ReportDefaults(ZeusBehaviour b) {
  return b == ZeusBehaviour::CookieTheft ? Defaults{24, 4} : b == ZeusBehaviour::HomepageSet ? Defaults{8, 2} : Defaults{3, 1};
}
Defaults ResponseDefaults(ZeusBehaviour b) {
  return b == ZeusBehaviour::CookieTheft ? Defaults{120, 30}
         : b == ZeusBehaviour::HomepageSet ? Defaults{380, 60}
                                           : Defaults{240, 40};
}

}  // namespace

TEST_CASE("Zeus Spread = 1 draws what the former NormalRandomVariable attributes drew", "[sim][zeus]") {
  RngSeedManager::SetSeed(1);
  RngSeedManager::SetRun(1);
  // Same streams the RandomVariableStream attributes had: 5 timers/sizes first on the bot, 2 sizes
  // first on the C&C; stream counts are unchanged.
  Ptr<ZeusBotApplication> bot = CreateObject<ZeusBotApplication>();
  CHECK(bot->AssignStreams(200) == 9);
  Ptr<ZeusCncServerApplication> cnc = CreateObject<ZeusCncServerApplication>();
  CHECK(cnc->AssignStreams(100) == 7);

  // The former attribute defaults, e.g. "ns3::NormalRandomVariable[Mean=24|Variance=16|Bound=12]".
  struct Former {
    double mean, variance, bound;
  };
  auto normal = [](Former f, int64_t stream) {
    Ptr<NormalRandomVariable> rv = CreateObject<NormalRandomVariable>();
    rv->SetAttribute("Mean", DoubleValue(f.mean));
    rv->SetAttribute("Variance", DoubleValue(f.variance));
    rv->SetAttribute("Bound", DoubleValue(f.bound));
    rv->SetStream(stream);
    return rv;
  };
  struct Case {
    ZeusBehaviour behaviour;
    Former reports;
    Former response;
  };
  const Case cases[] = {{ZeusBehaviour::CookieTheft, {24, 16, 12}, {120, 900, 90}},
                        {ZeusBehaviour::HomepageSet, {8, 4, 6}, {380, 3600, 180}},
                        {ZeusBehaviour::OsShutdown, {3, 1, 2}, {240, 1600, 120}}};
  for (size_t i = 0; i < 3; ++i) {
    INFO(ToString(cases[i].behaviour));
    Ptr<NormalRandomVariable> reports = normal(cases[i].reports, 205 + i);
    Ptr<NormalRandomVariable> response = normal(cases[i].response, 102 + i);
    int mismatches = 0;
    for (int k = 0; k < 2000; ++k) {
      auto wantReports = static_cast<uint32_t>(std::clamp(std::round(reports->GetValue()), 1.0, 10000.0));
      double r = std::round(response->GetValue());
      uint32_t wantResponse = r < 1 ? 1 : static_cast<uint32_t>(r);
      mismatches += bot->DrawReports(cases[i].behaviour) != wantReports;
      mismatches += cnc->DrawResponseSize(cases[i].behaviour) != wantResponse;
    }
    CHECK(mismatches == 0);
  }
}

TEST_CASE("Zeus Spread widens every behaviour around its own mean", "[sim][zeus]") {
  RngSeedManager::SetSeed(1);
  RngSeedManager::SetRun(3);
  constexpr int kN = 20000;
  for (ZeusBehaviour b : kBehaviours) {
    INFO(ToString(b));
    Ptr<ZeusBotApplication> bot1 = Bot(1), bot3 = Bot(3);
    Ptr<ZeusCncServerApplication> cnc1 = Cnc(1), cnc3 = Cnc(3);
    Stats r1 = Sample([&] { return double(bot1->DrawReports(b)); }, kN);
    Stats r3 = Sample([&] { return double(bot3->DrawReports(b)); }, kN);
    Stats s1 = Sample([&] { return double(cnc1->DrawResponseSize(b)); }, kN);
    Stats s3 = Sample([&] { return double(cnc3->DrawResponseSize(b)); }, kN);
    Defaults rd = ReportDefaults(b), sd = ResponseDefaults(b);
    INFO("reports: spread 1 mean " << r1.mean << " sd " << r1.sd << ", spread 3 mean " << r3.mean << " sd " << r3.sd);
    INFO("response: spread 1 mean " << s1.mean << " sd " << s1.sd << ", spread 3 mean " << s3.mean << " sd " << s3.sd);

    // Spread 1: the documented distributions (truncation at 2-3 sd trims the sd a little,
    // rounding adds 1/12 to the variance).
    CHECK(r1.mean == Approx(rd.mean).margin(0.05 * rd.sd));
    CHECK(r1.sd == Approx(rd.sd).epsilon(0.15));
    CHECK(s1.mean == Approx(sd.mean).margin(0.05 * sd.sd));
    CHECK(s1.sd == Approx(sd.sd).epsilon(0.05));

    // Spread 3: a clearly larger sample sd, close to 3x (less where the clamp at 1 cuts the left
    // tail: few reports, short replies)...
    CHECK(r3.sd > 2.0 * r1.sd);
    CHECK(s3.sd > 2.0 * s1.sd);
    CHECK(r3.sd < 3.2 * r1.sd);
    CHECK(s3.sd < 3.2 * s1.sd);
    // ... around the same mean; only the clamp at 1 (counts, bytes) pushes it up a little.
    CHECK(r3.mean >= rd.mean - 0.1 * rd.sd);
    CHECK(r3.mean == Approx(rd.mean).margin(0.6 * rd.sd));
    CHECK(s3.mean >= sd.mean - 0.1 * sd.sd);
    CHECK(s3.mean == Approx(sd.mean).margin(0.6 * sd.sd));
  }
}

TEST_CASE("Zeus Spread = 0 always gives the behaviour's mean, and Spread is bounded to 0..20", "[sim][zeus]") {
  Ptr<ZeusBotApplication> bot = Bot(0);
  Ptr<ZeusCncServerApplication> cnc = Cnc(0);
  for (int k = 0; k < 50; ++k) {
    CHECK(bot->DrawReports(ZeusBehaviour::CookieTheft) == 24);
    CHECK(bot->DrawReports(ZeusBehaviour::HomepageSet) == 8);
    CHECK(bot->DrawReports(ZeusBehaviour::OsShutdown) == 3);
    CHECK(cnc->DrawResponseSize(ZeusBehaviour::CookieTheft) == 120);
    CHECK(cnc->DrawResponseSize(ZeusBehaviour::HomepageSet) == 380);
    CHECK(cnc->DrawResponseSize(ZeusBehaviour::OsShutdown) == 240);
  }
  // Means are attributes too; Spread scales around whatever they are set to.
  bot->SetAttribute("HomepageSetReportsMean", DoubleValue(11));
  CHECK(bot->DrawReports(ZeusBehaviour::HomepageSet) == 11);
  cnc->SetAttribute("OsShutdownResponseSizeMean", DoubleValue(300));
  CHECK(cnc->DrawResponseSize(ZeusBehaviour::OsShutdown) == 300);

  DoubleValue spread;
  CreateObject<ZeusBotApplication>()->GetAttribute("Spread", spread);
  CHECK(spread.Get() == 1.0);
  CreateObject<ZeusCncServerApplication>()->GetAttribute("Spread", spread);
  CHECK(spread.Get() == 1.0);
  CHECK(bot->SetAttributeFailSafe("Spread", DoubleValue(20)));
  CHECK_FALSE(bot->SetAttributeFailSafe("Spread", DoubleValue(20.5)));
  CHECK_FALSE(bot->SetAttributeFailSafe("Spread", DoubleValue(-0.1)));
  CHECK(cnc->SetAttributeFailSafe("Spread", DoubleValue(20)));
  CHECK_FALSE(cnc->SetAttributeFailSafe("Spread", DoubleValue(20.5)));
  CHECK_FALSE(cnc->SetAttributeFailSafe("Spread", DoubleValue(-0.1)));
}

TEST_CASE("Zeus extra behaviours take streams only when switched on, and draw their assumed shapes", "[sim][zeus]") {
  RngSeedManager::SetSeed(1);
  RngSeedManager::SetRun(5);
  // Off (the default): the stream counts of the three-behaviour model, so every later model's
  // streams stay where they were.
  CHECK(CreateObject<ZeusBotApplication>()->AssignStreams(200) == 9);
  CHECK(CreateObject<ZeusCncServerApplication>()->AssignStreams(100) == 7);
  // On: three more on each side.
  Ptr<ZeusBotApplication> bot = CreateObject<ZeusBotApplication>();
  bot->SetAttribute("ExtraBehaviours", BooleanValue(true));
  CHECK(bot->AssignStreams(200) == 12);
  Ptr<ZeusCncServerApplication> cnc = CreateObject<ZeusCncServerApplication>();
  cnc->SetAttribute("ScreenshotWeight", DoubleValue(0.5));
  CHECK(cnc->AssignStreams(100) == 10);

  // The documented assumptions (docs/botnets.md): reports and reply bytes, mean and sd.
  struct Shape {
    ZeusBehaviour behaviour;
    Defaults reports, response;
  };
  const Shape shapes[] = {{ZeusBehaviour::FormGrab, {16, 4}, {160, 35}},
                          {ZeusBehaviour::Screenshot, {5, 2}, {300, 50}},
                          {ZeusBehaviour::FileDownload, {2, 1}, {520, 80}}};
  for (const Shape& s : shapes) {
    INFO(ToString(s.behaviour));
    Stats r = Sample([&] { return double(bot->DrawReports(s.behaviour)); }, 20000);
    Stats b = Sample([&] { return double(cnc->DrawResponseSize(s.behaviour)); }, 20000);
    INFO("reports mean " << r.mean << " sd " << r.sd << ", reply mean " << b.mean << " sd " << b.sd);
    // The narrow count distributions are truncated near 1 (file download: 1..3), which lifts the
    // mean a little and trims the sd.
    CHECK(r.mean == Approx(s.reports.mean).margin(0.2 * s.reports.sd));
    CHECK(r.sd > 0.5 * s.reports.sd);
    CHECK(r.sd < 1.1 * s.reports.sd);
    CHECK(b.mean == Approx(s.response.mean).margin(0.05 * s.response.sd));
    CHECK(b.sd == Approx(s.response.sd).epsilon(0.05));
  }
  // Spread 0: the means, as for the paper's three.
  bot->SetAttribute("Spread", DoubleValue(0));
  cnc->SetAttribute("Spread", DoubleValue(0));
  CHECK(bot->DrawReports(ZeusBehaviour::FormGrab) == 16);
  CHECK(cnc->DrawResponseSize(ZeusBehaviour::FileDownload) == 520);
  DoubleValue weight;
  CreateObject<ZeusCncServerApplication>()->GetAttribute("FormGrabWeight", weight);
  CHECK(weight.Get() == 0.0);
}
