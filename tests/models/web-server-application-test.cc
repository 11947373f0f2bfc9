#include "models/web-server-application.h"

#include "tests/models/sim-test-network.h"
#include "models/payload/http-payload.h"
#include "models/payload/tls-payload.h"

#include <catch2/catch.hpp>

#include <functional>
#include <vector>

using namespace ns3;
using namespace ntlab::payload;

namespace {

// A raw ns-3 TCP client for the tests: connects, collects every received byte, records who
// closed first, and lets the test react to data with a plain std::function.
struct TestTcpClient {
  Ptr<Socket> socket;
  std::vector<uint8_t> rx;
  bool connected = false;
  bool peerClosed = false;
  std::function<void(TestTcpClient&)> onConnected;
  std::function<void(TestTcpClient&)> onData;

  TestTcpClient(Ptr<Node> node, Address server) {
    socket = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
    socket->Bind();
    socket->SetConnectCallback(Callback<void, Ptr<Socket>>([this](Ptr<Socket>) {
                                 connected = true;
                                 if (onConnected) onConnected(*this);
                               }),
                               MakeNullCallback<void, Ptr<Socket>>());
    socket->SetRecvCallback(Callback<void, Ptr<Socket>>([this](Ptr<Socket> s) {
      while (Ptr<Packet> p = s->Recv()) {
        size_t old = rx.size();
        rx.resize(old + p->GetSize());
        p->CopyData(rx.data() + old, p->GetSize());
      }
      if (onData) onData(*this);
    }));
    socket->SetCloseCallbacks(Callback<void, Ptr<Socket>>([this](Ptr<Socket>) { peerClosed = true; }),
                              MakeNullCallback<void, Ptr<Socket>>());
    socket->Connect(server);
  }

  void Send(const Bytes& b) {
    REQUIRE(socket->GetTxAvailable() >= b.size());
    socket->Send(Create<Packet>(b.data(), b.size()));
  }
};

Ptr<WebServerApplication> InstallServer(ntlab::test::SimTestNetwork& net, uint32_t responseSize) {
  Ptr<WebServerApplication> server = CreateObject<WebServerApplication>();
  server->SetAttribute("ResponseSize",
                       StringValue("ns3::ConstantRandomVariable[Constant=" +
                                   std::to_string(responseSize) + "]"));
  server->SetAttribute("ServerName", StringValue("www.example.com"));
  server->AssignStreams(10);
  net.nodes.Get(1)->AddApplication(server);
  server->SetStartTime(Seconds(0));
  return server;
}

}  // namespace

TEST_CASE("WebServerApplication serves HTTP keep-alive and Connection: close", "[sim][web]") {
  ntlab::test::SimTestNetwork net(2);
  // Larger than the default 128 KiB send buffer, so the server has to continue in its send
  // callback.
  const uint32_t kBody = 300000;
  Ptr<WebServerApplication> server = InstallServer(net, kBody);
  std::vector<uint32_t> requests;
  server->TraceConnectWithoutContext(
      "Request", Callback<void, const Address&, uint32_t>(
                     [&requests](const Address&, uint32_t bytes) { requests.push_back(bytes); }));

  Bytes get1 = BuildHttpRequest("GET", "www.example.com", "/a", {{"Connection", "keep-alive"}});
  Bytes get2 = BuildHttpRequest("GET", "www.example.com", "/b", {{"Connection", "close"}});
  std::vector<size_t> responses;
  TestTcpClient client(net.nodes.Get(0), InetSocketAddress(net.Address(1), 80));
  // The first request arrives in two pieces to exercise partial reads.
  client.onConnected = [&](TestTcpClient& c) {
    c.Send(Bytes(get1.begin(), get1.begin() + 10));
    Simulator::Schedule(MilliSeconds(50), [&c, &get1] { c.Send(Bytes(get1.begin() + 10, get1.end())); });
  };
  client.onData = [&](TestTcpClient& c) {
    while (auto len = CompleteHttpMessageLength(c.rx.data(), c.rx.size())) {
      responses.push_back(*len);
      auto server_header = FindHttpHeader(c.rx.data(), *len, "Server");
      CHECK(server_header == std::string("www.example.com"));
      c.rx.erase(c.rx.begin(), c.rx.begin() + long(*len));
      if (responses.size() == 1) c.Send(get2);
    }
  };
  Simulator::Stop(Seconds(30));
  Simulator::Run();

  CHECK(requests == std::vector<uint32_t>{uint32_t(get1.size()), uint32_t(get2.size())});
  REQUIRE(responses.size() == 2);
  CHECK(responses[0] > kBody);
  CHECK(responses[0] < kBody + 200);  // headers are small
  CHECK(client.peerClosed);           // the server closed first after "Connection: close"
  CHECK(client.rx.empty());
  CHECK(server->GetOpenConnections() == 0);
  client.socket->Close();
  Simulator::Destroy();
}

TEST_CASE("WebServerApplication answers a TLS handshake and application data", "[sim][web]") {
  ntlab::test::SimTestNetwork net(2);
  const uint32_t kResponse = 50000;
  Ptr<WebServerApplication> server = InstallServer(net, kResponse);
  server->SetAttribute("CertificateSize", UintegerValue(2500));

  int handshakeRecords = 0;
  size_t appDataBytes = 0;
  size_t certificateRecord = 0;
  bool requested = false;
  TestTcpClient client(net.nodes.Get(0), InetSocketAddress(net.Address(1), 443));
  client.onConnected = [](TestTcpClient& c) { c.Send(BuildTlsClientHello("www.example.com", 1)); };
  client.onData = [&](TestTcpClient& c) {
    size_t used = 0;
    while (auto h = PeekTlsRecord(c.rx.data() + used, c.rx.size() - used)) {
      if (h->content_type == kTlsHandshake) {
        ++handshakeRecords;
        if (c.rx[used + 5] == 11) certificateRecord = h->length;
      }
      if (h->content_type == kTlsApplicationData) appDataBytes += h->length;
      used += kTlsRecordHeaderSize + h->length;
    }
    c.rx.erase(c.rx.begin(), c.rx.begin() + long(used));
    if (handshakeRecords == 3 && !requested) {
      requested = true;
      // TLS 1.3-style client: ChangeCipherSpec + Finished first (no response expected), then one
      // request record, all in one write.
      Bytes out = BuildTlsClientFinished(2);
      Bytes request = BuildTlsApplicationData(700, 3);
      out.insert(out.end(), request.begin(), request.end());
      c.Send(out);
    }
    if (appDataBytes == kResponse) c.socket->Close();  // client closes; server follows
  };
  std::vector<uint32_t> requests;
  server->TraceConnectWithoutContext(
      "Request", Callback<void, const Address&, uint32_t>(
                     [&requests](const Address&, uint32_t bytes) { requests.push_back(bytes); }));
  Simulator::Stop(Seconds(30));
  Simulator::Run();

  CHECK(handshakeRecords == 3);
  CHECK(certificateRecord == 4 + 3 + 3 + 2500);
  CHECK(requests == std::vector<uint32_t>{700});
  CHECK(appDataBytes == kResponse);
  CHECK(server->GetOpenConnections() == 0);
  Simulator::Destroy();
}

TEST_CASE("WebServerApplication keeps no state across many sequential connections", "[sim][web]") {
  Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(1.0));
  ntlab::test::SimTestNetwork net(2);
  Ptr<WebServerApplication> server = InstallServer(net, 2000);
  const int kConnections = 300;
  int done = 0;
  std::vector<std::unique_ptr<TestTcpClient>> clients;
  std::function<void()> next = [&] {
    if (int(clients.size()) == kConnections) return;
    clients.push_back(std::make_unique<TestTcpClient>(net.nodes.Get(0),
                                                      InetSocketAddress(net.Address(1), 80)));
    clients.back()->onConnected = [](TestTcpClient& c) {
      c.Send(BuildHttpRequest("GET", "www.example.com", "/"));
    };
    clients.back()->onData = [&](TestTcpClient& c) {
      if (CompleteHttpMessageLength(c.rx.data(), c.rx.size())) {
        ++done;
        c.rx.clear();
        c.socket->Close();  // client is the active closer
        Simulator::Schedule(MilliSeconds(20), next);
      }
    };
  };
  Simulator::Schedule(Seconds(1), next);
  Simulator::Stop(Seconds(60));
  Simulator::Run();

  CHECK(done == kConnections);
  CHECK(server->GetAcceptedConnections() == uint64_t(kConnections));
  CHECK(server->GetOpenConnections() == 0);
  Simulator::Destroy();
  Config::Reset();
}
