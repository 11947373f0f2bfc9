// Multi-process browsers (workload.browser_processes, issue 10) on a two-node network: which
// child PIDs own the sockets per browser model, children that come and go under new PIDs, and a
// tab process that exits while its connections are still in the table (what a poll-time name
// lookup then meets).
#include "traffic-gen/catalog-process-application.h"

#include "models/catalog-server-application.h"
#include "models/pid-allocator.h"
#include "models/socket-table.h"

#include "tests/models/sim-test-network.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"

#include <catch2/catch.hpp>

#include <set>
#include <vector>

using namespace ns3;

namespace {

/// Host 10.1.1.1 (socket table, PID allocator) running one browser of plain TCP sessions to a
/// generic server on 10.1.1.2; records every socket's owner and every child replacement.
struct BrowserBed {
  ntlab::test::SimTestNetwork net{2};
  Ptr<SocketTable> table = CreateObject<SocketTable>();
  Ptr<PidAllocator> pids = CreateObject<PidAllocator>();
  Ptr<CatalogProcessApplication> app = CreateObject<CatalogProcessApplication>();
  std::set<uint32_t> socketOwners;
  std::vector<std::pair<uint32_t, uint32_t>> replaced;

  BrowserBed(CatalogProcessApplication::ChildModel model, uint32_t children, double childLife) {
    Ptr<Node> host = net.nodes.Get(0);
    table->SetAttribute("HostName", StringValue("pc01"));
    table->AssignStreams(10);
    host->AggregateObject(table);
    pids->AssignStreams(11);
    Ptr<CatalogServerApplication> generic = CreateObject<CatalogServerApplication>();
    generic->SetAttribute("TcpPorts", StringValue("8443"));
    generic->AssignStreams(14);
    net.nodes.Get(1)->AddApplication(generic);

    app->SetAttribute("Pid", UintegerValue(1000));
    app->SetAttribute("ProcessName", StringValue("browser.exe"));
    app->SetAttribute("PidAllocator", PointerValue(pids));
    app->SetAttribute("Arrival", StringValue("ns3::ExponentialRandomVariable[Mean=0.25]"));
    app->SetAttribute("Lifetime", StringValue("ns3::ConstantRandomVariable[Constant=4]"));
    app->SetAttribute("Bytes", StringValue("ns3::ConstantRandomVariable[Constant=3000]"));
    app->SetAttribute("ChildModel", EnumValue(model));
    app->SetAttribute("Children", UintegerValue(children));
    app->SetAttribute("ChildLifetime", TimeValue(Seconds(childLife)));
    app->SetProtocolMix({0, 1, 0, 0, 0, 0});
    app->SetServiceTargets({{"svc.example.net", net.Address(1), {}}});
    app->SetWebTargets({{"svc.example.net", net.Address(1), {}}});
    app->SetTcpPorts({8443});
    app->AssignStreams(50);
    host->AddApplication(app);
    app->SetStopTime(Seconds(30));
    table->TraceConnectWithoutContext("SocketOpened", Callback<void, const SocketEntry&>([this](const SocketEntry& e) {
      if (e.process == "browser.exe") socketOwners.insert(e.ownerPid);
    }));
    app->TraceConnectWithoutContext("ChildReplaced", Callback<void, uint32_t, uint32_t>([this](uint32_t o, uint32_t n) {
      replaced.emplace_back(o, n);
    }));
  }

  void Run() {
    Simulator::Stop(Seconds(31));
    Simulator::Run();
  }
};

}  // namespace

TEST_CASE("Browser children: Chromium's network service owns every socket while renderers come and go",
          "[sim][workload]") {
  BrowserBed bed(CatalogProcessApplication::NETWORK_SERVICE, 3, 2.0);
  bed.Run();
  const std::vector<uint32_t> children = bed.app->ChildPids(0);
  REQUIRE(children.size() == 4);  // the network service, then three renderers
  // One owner for ~120 sessions: the network service, never the browser's own PID.
  CHECK(bed.app->Sessions() > 60);
  CHECK(bed.socketOwners == std::set<uint32_t>{children[0]});
  CHECK(bed.app->Pids() == std::vector<uint32_t>{1000});
  // Renderers (mean life 2 s over 30 s, three of them) were replaced often, each by a new PID;
  // the network service never was.
  CHECK(bed.app->ChildExits() >= 20);
  CHECK(bed.replaced.size() == bed.app->ChildExits());
  for (const auto& [o, n] : bed.replaced) {
    CHECK(o != n);
    CHECK(o != children[0]);
  }
  Simulator::Destroy();
}

TEST_CASE("Browser children: Firefox's parent owns every socket, content processes come and go", "[sim][workload]") {
  BrowserBed bed(CatalogProcessApplication::PARENT_SOCKETS, 2, 2.0);
  bed.Run();
  CHECK(bed.app->ChildPids(0).size() == 2);
  CHECK(bed.socketOwners == std::set<uint32_t>{1000});
  CHECK(bed.app->ChildExits() >= 10);
  Simulator::Destroy();
}

// The case the knob is meant to create: a tab process exits (its PID freed at exit,
// workload.pid_release: at_exit) while its 4-s connections are still listed under that PID, so a
// name lookup at the next poll finds nobody there, or, after a reuse, another process.
TEST_CASE("Browser children: IE tab processes own their sockets, and a tab gone before the poll leaves rows under a freed PID",
          "[sim][workload]") {
  BrowserBed bed(CatalogProcessApplication::TAB_PROCESSES, 3, 3.0);
  bed.app->SetAttribute("ReleasePidAtExit", BooleanValue(true));
  std::set<uint32_t> parentAndTabs{1000};
  int freedWithRows = 0;
  int freed = 0;
  bed.pids->TraceConnectWithoutContext("Freed", Callback<void, uint32_t, const std::string&>(
                                                    [&](uint32_t pid, const std::string& process) {
                                                      CHECK(process == "browser.exe");
                                                      ++freed;
                                                      bool visible = false;
                                                      bed.table->ForEachVisible([&](const SocketEntry& e) {
                                                        visible = visible || (e.pid == pid && e.ownerPid == pid);
                                                      });
                                                      freedWithRows += visible;
                                                    }));
  bed.Run();
  for (const auto& [o, n] : bed.replaced) {
    parentAndTabs.insert(o);
    parentAndTabs.insert(n);
  }
  for (uint32_t pid : bed.app->ChildPids(0)) parentAndTabs.insert(pid);
  // Tabs own the sockets: many different owners, all of them tabs, none the frame process.
  CHECK(bed.socketOwners.size() >= 6);
  CHECK(bed.socketOwners.count(1000) == 0);
  for (uint32_t pid : bed.socketOwners) CHECK(parentAndTabs.count(pid) == 1);
  CHECK(freed == int(bed.app->ChildExits()));
  CHECK(freed >= 10);
  // Most tabs exited with a connection still open under their PID.
  CHECK(freedWithRows >= freed / 2);
  Simulator::Destroy();
}

TEST_CASE("Browser children: with the sockets_closed release a tab's PID stays taken until its last socket is gone",
          "[sim][workload]") {
  BrowserBed bed(CatalogProcessApplication::TAB_PROCESSES, 3, 3.0);
  int freedWithRows = 0;
  int freed = 0;
  bed.pids->TraceConnectWithoutContext("Freed", Callback<void, uint32_t, const std::string&>(
                                                    [&](uint32_t pid, const std::string&) {
                                                      ++freed;
                                                      bed.table->ForEachVisible([&](const SocketEntry& e) {
                                                        freedWithRows += e.pid == pid;
                                                      });
                                                    }));
  bed.Run();
  CHECK(bed.app->ChildExits() >= 10);
  CHECK(freed >= 5);
  CHECK(freedWithRows == 0);
  Simulator::Destroy();
}
