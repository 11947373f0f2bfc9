#include "traffic-gen/ssh-client-application.h"

#include "tests/models/sim-test-network.h"
#include "traffic-gen/payload/ssh-payload.h"

#include <catch2/catch.hpp>

#include <map>
#include <string>

using namespace ns3;
using namespace ntlab::payload;

TEST_CASE("SshClientApplication runs sessions against an echoing sshd stand-in", "[sim][ssh]") {
  ntlab::test::SimTestNetwork net(2);

  // Server side: sends its banner on accept and echoes every byte; records who closed first.
  std::map<Ptr<Socket>, std::string> received;
  int clientClosedFirst = 0;
  Ptr<Socket> listener = Socket::CreateSocket(net.nodes.Get(1), TcpSocketFactory::GetTypeId());
  listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 22));
  listener->Listen();
  listener->SetAcceptCallback(
      MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
      Callback<void, Ptr<Socket>, const Address&>([&](Ptr<Socket> s, const Address&) {
        received[s];
        Bytes banner = BuildSshBanner("OpenSSH_for_Windows_8.1");
        s->Send(Create<Packet>(banner.data(), banner.size()));
        s->SetRecvCallback(Callback<void, Ptr<Socket>>([&received](Ptr<Socket> sock) {
          while (Ptr<Packet> p = sock->Recv()) {
            std::string bytes(p->GetSize(), '\0');
            p->CopyData(reinterpret_cast<uint8_t*>(&bytes[0]), bytes.size());
            received[sock] += bytes;
            sock->Send(p);
          }
        }));
        s->SetCloseCallbacks(Callback<void, Ptr<Socket>>([&clientClosedFirst](Ptr<Socket> sock) {
                               ++clientClosedFirst;
                               sock->Close();
                             }),
                             MakeNullCallback<void, Ptr<Socket>>());
      }));

  Ptr<SshClientApplication> client = CreateObject<SshClientApplication>();
  client->SetAttribute("Remote", AddressValue(InetSocketAddress(net.Address(1), 22)));
  client->SetAttribute("Interval", StringValue("ns3::ConstantRandomVariable[Constant=2]"));
  client->SetAttribute("SessionDuration", StringValue("ns3::ConstantRandomVariable[Constant=8]"));
  client->SetAttribute("Exchanges", StringValue("ns3::ConstantRandomVariable[Constant=3]"));
  client->SetAttribute("PacketSize", StringValue("ns3::ConstantRandomVariable[Constant=100]"));
  client->SetAttribute("MaxSessions", UintegerValue(2));
  client->AssignStreams(1);
  net.nodes.Get(0)->AddApplication(client);
  client->SetStartTime(Seconds(0));
  client->SetStopTime(Seconds(50));
  int starts = 0, ends = 0;
  uint64_t rxBytes = 0;
  client->TraceConnectWithoutContext(
      "SessionStart", Callback<void, const Address&>([&starts](const Address&) { ++starts; }));
  client->TraceConnectWithoutContext(
      "SessionEnd", Callback<void, const Address&>([&ends](const Address&) { ++ends; }));
  client->TraceConnectWithoutContext(
      "Rx", Callback<void, Ptr<const Packet>>([&rxBytes](Ptr<const Packet> p) { rxBytes += p->GetSize(); }));

  Simulator::Stop(Seconds(60));
  Simulator::Run();

  CHECK(client->GetSessionsStarted() == 2);
  CHECK(client->GetSessionsCompleted() == 2);
  CHECK(starts == 2);
  CHECK(ends == 2);
  CHECK(clientClosedFirst == 2);  // sessions overlap (2 s apart, 8 s long) and both end by client
  const std::string banner = "SSH-2.0-PuTTY_Release_0.78\r\n";
  const size_t perSession = banner.size() + 4 * RoundSshPacketLength(100);  // first + 3 exchanges
  REQUIRE(received.size() == 2);
  for (const auto& [socket, bytes] : received) {
    CHECK(bytes.size() == perSession);
    CHECK(bytes.rfind(banner, 0) == 0);
  }
  // Echoed bytes plus the server banners came back.
  CHECK(rxBytes == 2 * (perSession + BuildSshBanner("OpenSSH_for_Windows_8.1").size()));
  Simulator::Destroy();
}
