#include "traffic-gen/ssh-client-application.h"

#include "models/socket-table.h"
#include "traffic-gen/inbound-server-application.h"

#include "tests/models/sim-test-network.h"
#include "models/payload/ssh-payload.h"

#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

using namespace ns3;
using namespace ntlab::payload;

namespace {

// What the sshd stand-in sends back for each complete client packet, given the key exchange state.
Bytes StandInReply(uint8_t type, bool encrypted, uint64_t n) {
  if (encrypted) return BuildSshEncryptedPacket(100, n);
  if (type == kSshMsgKexInit) return BuildSshKexInit(n, true);
  if (type == kSshMsgKexEcdhInit) {
    Bytes reply = BuildSshKexEcdhReply(n, 1);
    Bytes newKeys = BuildSshNewKeys();
    reply.insert(reply.end(), newKeys.begin(), newKeys.end());
    return reply;
  }
  return {};
}

}  // namespace

TEST_CASE("SshClientApplication runs sessions against a scripted sshd stand-in", "[sim][ssh]") {
  ntlab::test::SimTestNetwork net(2);

  // Server side: sends its banner on accept, answers the key exchange (KEXINIT, ECDH_REPLY +
  // NEWKEYS) and then each encrypted client packet with one of its own; records who closed first.
  std::map<Ptr<Socket>, std::string> received;
  std::map<Ptr<Socket>, std::string> pending;  // bytes after the client banner not yet framed
  std::map<Ptr<Socket>, bool> encrypted;       // the client's NEWKEYS arrived
  std::map<Ptr<Socket>, std::vector<uint8_t>> clientTypes;  // plaintext message numbers, in order
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
        s->SetRecvCallback(Callback<void, Ptr<Socket>>([&](Ptr<Socket> sock) {
          while (Ptr<Packet> p = sock->Recv()) {
            std::string bytes(p->GetSize(), '\0');
            p->CopyData(reinterpret_cast<uint8_t*>(&bytes[0]), bytes.size());
            received[sock] += bytes;
            std::string& rx = pending[sock];
            rx += bytes;
            if (received[sock].size() == rx.size()) {  // the banner is still ahead
              size_t eol = rx.find("\r\n");  // the client banner
              if (eol == std::string::npos) continue;
              rx.erase(0, eol + 2);
            }
            while (size_t n = SshFramedPacketSize(reinterpret_cast<const uint8_t*>(rx.data()),
                                                  rx.size(),
                                                  encrypted[sock] ? kSshEncryptedMacLength : 0)) {
              uint8_t type = encrypted[sock] ? 0 : uint8_t(rx[5]);
              if (!encrypted[sock]) clientTypes[sock].push_back(type);
              Bytes reply = StandInReply(type, encrypted[sock], n);
              if (type == kSshMsgNewKeys) encrypted[sock] = true;
              rx.erase(0, n);
              if (!reply.empty()) sock->Send(Create<Packet>(reply.data(), reply.size()));
            }
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
  // Banner, KEXINIT, ECDH_INIT, NEWKEYS, then the first exchange and 3 more, encrypted.
  const size_t kex = BuildSshKexInit(0, false).size() + BuildSshKexEcdhInit(0).size() +
                     BuildSshNewKeys().size();
  const size_t perSession = banner.size() + kex + 4 * SshEncryptedPacketSize(100);
  REQUIRE(received.size() == 2);
  for (const auto& [socket, bytes] : received) {
    CHECK(bytes.size() == perSession);
    CHECK(bytes.rfind(banner, 0) == 0);
    CHECK(clientTypes[socket] == std::vector<uint8_t>{kSshMsgKexInit, kSshMsgKexEcdhInit, kSshMsgNewKeys});
    CHECK(encrypted[socket]);
    CHECK(pending[socket].empty());
  }
  // Server banner, KEXINIT, ECDH_REPLY + NEWKEYS and one encrypted answer per client packet.
  const size_t serverPerSession = BuildSshBanner("OpenSSH_for_Windows_8.1").size() +
                                  BuildSshKexInit(0, true).size() + BuildSshKexEcdhReply(0, 1).size() +
                                  BuildSshNewKeys().size() + 4 * SshEncryptedPacketSize(100);
  CHECK(rxBytes == 2 * serverPerSession);
  Simulator::Destroy();
}

TEST_CASE("SshClientApplication completes the key exchange with InboundServerApplication",
          "[sim][ssh]") {
  ntlab::test::SimTestNetwork net(2);
  Ptr<SocketTable> table = CreateObject<SocketTable>();
  net.nodes.Get(1)->AggregateObject(table);
  Ptr<InboundServerApplication> server = CreateObject<InboundServerApplication>();
  server->SetAttribute("ReplyBytes", StringValue("ns3::ConstantRandomVariable[Constant=64]"));
  server->AssignStreams(10);
  net.nodes.Get(1)->AddApplication(server);
  server->SetStartTime(Seconds(0));
  server->SetStopTime(Seconds(50));

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
  uint64_t txBytes = 0, rxBytes = 0;
  client->TraceConnectWithoutContext(
      "Tx", Callback<void, Ptr<const Packet>>([&txBytes](Ptr<const Packet> p) { txBytes += p->GetSize(); }));
  client->TraceConnectWithoutContext(
      "Rx", Callback<void, Ptr<const Packet>>([&rxBytes](Ptr<const Packet> p) { rxBytes += p->GetSize(); }));

  Simulator::Stop(Seconds(60));
  Simulator::Run();

  CHECK(server->Accepted() == 2);
  CHECK(client->GetSessionsCompleted() == 2);
  // The client's encrypted exchanges only start once the server's NEWKEYS arrived.
  const size_t clientPerSession = BuildSshBanner("PuTTY_Release_0.78").size() +
                                  BuildSshKexInit(0, false).size() + BuildSshKexEcdhInit(0).size() +
                                  BuildSshNewKeys().size() + 4 * SshEncryptedPacketSize(100);
  CHECK(txBytes == 2 * clientPerSession);
  const size_t serverPerSession = BuildSshBanner("OpenSSH_for_Windows_8.6").size() +
                                  BuildSshKexInit(0, true).size() + BuildSshKexEcdhReply(0, 1).size() +
                                  BuildSshNewKeys().size() + 4 * SshEncryptedPacketSize(64);
  CHECK(rxBytes == 2 * serverPerSession);
  Simulator::Destroy();
}
