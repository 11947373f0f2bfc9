#ifndef NTLAB_MODELS_WEB_SERVER_APPLICATION_H
#define NTLAB_MODELS_WEB_SERVER_APPLICATION_H

// A web server for the simulated Internet: HTTP/1.1 on HttpPort and TLS on TlsPort, answering each
// complete request with ResponseSize bytes. It speaks just enough of each protocol that captures
// look real (valid HTTP messages, valid TLS record framing with a TLS 1.2 handshake) while the
// content is seeded filler. Closing follows real servers: the client closes, except after
// "Connection: close", where the server is the active closer (and so holds TIME_WAIT).

#include "models/buffered-tcp-stream.h"

#include "ns3/application.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

class WebServerApplication : public Application
{
  public:
    static TypeId GetTypeId();
    WebServerApplication();
    ~WebServerApplication() override;

    /// Assigns fixed streams to the random variables (ResponseSize and payload seeds).
    /// \return the number of streams used (2)
    int64_t AssignStreams(int64_t stream);
    /// Connections with live per-socket state (for leak checks in long runs).
    size_t GetOpenConnections() const;
    uint64_t GetAcceptedConnections() const;

    /// Signature of the "Request" and "Response" trace sources: peer address and message bytes
    /// (HTTP message length, or TLS record payload length).
    typedef void (*MessageTracedCallback)(const Address& peer, uint32_t bytes);

  protected:
    void DoDispose() override;

  private:
    struct Connection
    {
        bool tls = false;
        Address peer;
        Ptr<BufferedTcpStream> stream; ///< receive buffer, transmit queue, close handling
        bool closeWhenSent = false;
        bool helloDone = false;    ///< TLS: server flight sent
        bool expectFinished = false; ///< TLS 1.3 style: next client record is Finished
    };

    void StartApplication() override;
    void StopApplication() override;
    Ptr<Socket> Listen(uint16_t port, bool tls, bool ipv6 = false);
    void HandleAcceptHttp(Ptr<Socket> socket, const Address& from);
    void HandleAcceptTls(Ptr<Socket> socket, const Address& from);
    void Accept(Ptr<Socket> socket, const Address& from, bool tls);
    void HandleRead(Ptr<BufferedTcpStream> stream, uint32_t added);
    void HandleClosed(Ptr<BufferedTcpStream> stream, BufferedTcpStream::CloseCause cause);
    void ProcessHttp(Connection& c);
    void ProcessTls(Connection& c);
    uint64_t NextSeed();

    uint16_t m_httpPort;
    uint16_t m_tlsPort;
    Ptr<RandomVariableStream> m_responseSize;
    Ptr<UniformRandomVariable> m_seedStream;
    uint32_t m_certificateSize;
    std::string m_serverName;
    Ptr<Socket> m_httpListener;
    Ptr<Socket> m_tlsListener;
    bool m_listenIpv6 = false;
    std::vector<Ptr<Socket>> m_ipv6Listeners;  // [::] twins of the two above (ListenIpv6)
    std::map<Ptr<Socket>, Connection> m_connections;
    uint64_t m_accepted;
    TracedCallback<const Address&, uint32_t> m_requestTrace;
    TracedCallback<const Address&, uint32_t> m_responseTrace;
};

} // namespace ns3

#endif
