// AddressBlockRouting: a node answers for a block of addresses it does not configure; TCP to any
// of them completes, and the replies come from the address the client connected to. UDP to the
// catalog server (sockets bound to 0.0.0.0) too: request and reply share one 5-tuple.
#include "models/address-block-routing.h"
#include "models/catalog-server-application.h"

#include "tests/models/sim-test-network.h"

#include <catch2/catch.hpp>

#include <set>
#include <tuple>

using namespace ns3;

TEST_CASE("AddressBlockRouting delivers a block locally, and TCP replies from the contacted address", "[sim][workload]") {
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

TEST_CASE("AddressBlockRouting: a UDP exchange with a block address is one flow", "[sim][workload]") {
  ntlab::test::SimTestNetwork net(2);
  Ptr<Ipv4> serverIp = net.nodes.Get(1)->GetObject<Ipv4>();
  Ptr<AddressBlockRouting> block = CreateObject<AddressBlockRouting>();
  block->SetBlock(Ipv4Address("198.18.0.0"), 1024);
  block->SetIpv4(serverIp);
  DynamicCast<Ipv4ListRouting>(serverIp->GetRoutingProtocol())->AddRoutingProtocol(block, 100);
  Ipv4StaticRoutingHelper()
      .GetStaticRouting(net.nodes.Get(0)->GetObject<Ipv4>())
      ->AddNetworkRouteTo(Ipv4Address("198.18.0.0"), Ipv4Mask("255.255.252.0"), net.Address(1), 1);
  Ptr<CatalogServerApplication> server = CreateObject<CatalogServerApplication>();
  server->SetAttribute("TcpPorts", StringValue("8443"));
  server->SetAttribute("UdpPorts", StringValue("443,123,5000"));
  server->AssignStreams(3);
  net.nodes.Get(1)->AddApplication(server);

  // Every UDP datagram the client's IP layer sends or receives, as (src, sport, dst, dport).
  using Tuple = std::tuple<uint32_t, uint16_t, uint32_t, uint16_t>;
  std::multiset<Tuple> sent, received;
  auto trace = [](std::multiset<Tuple>& into) {
    return Callback<void, Ptr<const Packet>, Ptr<Ipv4>, uint32_t>([&into](Ptr<const Packet> packet, Ptr<Ipv4>, uint32_t) {
      Ptr<Packet> copy = packet->Copy();
      Ipv4Header ip;
      UdpHeader udp;
      copy->RemoveHeader(ip);
      if (ip.GetProtocol() != 17 || !copy->PeekHeader(udp)) return;
      into.emplace(ip.GetSource().Get(), udp.GetSourcePort(), ip.GetDestination().Get(), udp.GetDestinationPort());
    });
  };
  Ptr<Ipv4L3Protocol> clientIp = net.nodes.Get(0)->GetObject<Ipv4L3Protocol>();
  clientIp->TraceConnectWithoutContext("Tx", trace(sent));
  clientIp->TraceConnectWithoutContext("Rx", trace(received));

  // Connected client sockets to two block addresses and the server's primary address, three
  // datagrams each on QUIC, NTP and a generic port. (ns-3's demux would hand a connected socket a
  // reply from another source too, so the check is on the wire's 5-tuples, not on delivery.)
  std::map<std::string, uint32_t> replies;
  std::vector<Ptr<Socket>> clients;
  for (const std::string to : {"198.18.0.1", "198.18.3.254", "10.1.1.2"}) {
    for (uint16_t port : {443, 123, 5000}) {
      Ptr<Socket> c = Socket::CreateSocket(net.nodes.Get(0), UdpSocketFactory::GetTypeId());
      c->Bind();
      c->Connect(InetSocketAddress(Ipv4Address(to.c_str()), port));
      std::string key = to + ":" + std::to_string(port);
      c->SetRecvCallback(Callback<void, Ptr<Socket>>([&replies, key](Ptr<Socket> s) {
        while (s->Recv()) ++replies[key];
      }));
      for (int k = 0; k < 3; ++k) {  // staggered: ARP queues only a few packets per neighbour
        Simulator::Schedule(Seconds(1 + k + 0.01 * clients.size()), [c] { c->Send(Create<Packet>(48)); });
      }
      clients.push_back(c);
    }
  }
  Simulator::Stop(Seconds(5));
  Simulator::Run();
  Simulator::Destroy();

  REQUIRE(sent.size() == 27);
  REQUIRE(received.size() == 27);
  for (const auto& [key, n] : replies) CHECK(n == 3);
  CHECK(replies.size() == 9);
  // Every reply is its request's 5-tuple reversed: one flow per exchange, no second session.
  std::multiset<Tuple> reversed;
  for (const auto& [src, sport, dst, dport] : sent) reversed.emplace(dst, dport, src, sport);
  CHECK(received == reversed);
}
