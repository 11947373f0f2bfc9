// AddressBlockRouting: a node answers for a block of addresses it does not configure; TCP to any
// of them completes, and the replies come from the address the client connected to.
#include "models/address-block-routing.h"

#include "tests/models/sim-test-network.h"

#include <catch2/catch.hpp>

#include <set>

using namespace ns3;

TEST_CASE("AddressBlockRouting delivers a block locally; TCP replies from the contacted address", "[sim][workload]") {
  ntlab::test::SimTestNetwork net(2);
  Ptr<Ipv4> serverIp = net.nodes.Get(1)->GetObject<Ipv4>();
  Ptr<AddressBlockRouting> block = CreateObject<AddressBlockRouting>();
  block->SetBlock(Ipv4Address("198.18.0.0"), 1024);
  block->SetIpv4(serverIp);
  DynamicCast<Ipv4ListRouting>(serverIp->GetRoutingProtocol())->AddRoutingProtocol(block, 100);
  CHECK(block->Contains(Ipv4Address("198.18.3.255")));
  CHECK_FALSE(block->Contains(Ipv4Address("198.18.4.0")));
  CHECK_FALSE(block->Contains(Ipv4Address("198.17.255.255")));
  Ipv4StaticRoutingHelper helper;
  helper.GetStaticRouting(net.nodes.Get(0)->GetObject<Ipv4>())
      ->AddNetworkRouteTo(Ipv4Address("198.18.0.0"), Ipv4Mask("255.255.252.0"), net.Address(1), 1);

  // Server: accepts on 0.0.0.0:443, records the local address of each accepted socket, echoes.
  std::set<std::string> accepted;
  Ptr<Socket> listener = Socket::CreateSocket(net.nodes.Get(1), TcpSocketFactory::GetTypeId());
  listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 443));
  listener->Listen();
  listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                              Callback<void, Ptr<Socket>, const Address&>([&accepted](Ptr<Socket> s, const Address&) {
                                Address local;
                                s->GetSockName(local);
                                std::ostringstream text;
                                InetSocketAddress::ConvertFrom(local).GetIpv4().Print(text);
                                accepted.insert(text.str());
                                s->SetRecvCallback(Callback<void, Ptr<Socket>>([](Ptr<Socket> c) {
                                  while (Ptr<Packet> p = c->Recv()) c->Send(p);
                                }));
                              }));
  // Clients: three block addresses; each gets its 100 bytes echoed back.
  std::map<std::string, uint32_t> echoed;
  std::vector<Ptr<Socket>> clients;
  for (const char* to : {"198.18.0.1", "198.18.2.17", "198.18.3.255"}) {
    Ptr<Socket> c = Socket::CreateSocket(net.nodes.Get(0), TcpSocketFactory::GetTypeId());
    c->Bind();
    std::string key = to;
    c->SetConnectCallback(Callback<void, Ptr<Socket>>([](Ptr<Socket> s) { s->Send(Create<Packet>(100)); }),
                          MakeNullCallback<void, Ptr<Socket>>());
    c->SetRecvCallback(Callback<void, Ptr<Socket>>([&echoed, key](Ptr<Socket> s) {
      Address from;
      while (Ptr<Packet> p = s->RecvFrom(from)) echoed[key] += p->GetSize();
    }));
    Simulator::Schedule(Seconds(1), [c, to] { c->Connect(InetSocketAddress(Ipv4Address(to), 443)); });
    clients.push_back(c);
  }
  Simulator::Stop(Seconds(5));
  Simulator::Run();
  Simulator::Destroy();
  CHECK(accepted == std::set<std::string>{"198.18.0.1", "198.18.2.17", "198.18.3.255"});
  CHECK(echoed == std::map<std::string, uint32_t>{{"198.18.0.1", 100}, {"198.18.2.17", 100}, {"198.18.3.255", 100}});
}
