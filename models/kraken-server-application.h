#ifndef NTLAB_MODELS_KRAKEN_SERVER_APPLICATION_H
#define NTLAB_MODELS_KRAKEN_SERVER_APPLICATION_H

// A Kraken C&C server in one of the three roles paper 003 distinguishes:
//  - load-balance: answers a client registration (UDP 447, type 0x01) with an IP list (0x02) of
//    the update servers (UpdateServers, five in the paper);
//  - update: answers a registration with an empty IP list, host information (0x03) with an ack
//    (0x08), the module list (0x03 with kind=modules) with an ack carrying the latest module and
//    the herder's address, and serves the module over TCP 447 (ModuleSize, 100-200 KB per
//    McAfee);
//  - command (the herder): HTTP on 80, where every POST, whatever image/video/music/page URL it
//    pretends to fetch, gets the same update content, and a raw encrypted channel on 443 (not
//    TLS) serving spam templates and the list of target mail domains (SpamDomains).
// Message layouts: models/payload/kraken-protocol.h (a project assumption).

#include "models/buffered-tcp-stream.h"
#include "models/payload/kraken-protocol.h"

#include "ns3/application.h"
#include "ns3/ipv4-address.h"
#include "ns3/random-variable-stream.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <map>
#include <string>
#include <vector>

namespace ns3
{

class KrakenServerApplication : public Application
{
  public:
    enum Role
    {
        LOAD_BALANCE,
        UPDATE,
        COMMAND
    };

    static TypeId GetTypeId();
    KrakenServerApplication();
    ~KrakenServerApplication() override;

    int64_t AssignStreams(int64_t stream);
    size_t GetOpenConnections() const { return m_connections.size(); }

    /// "Message": peer, service port (447, 80, 443), message type received (0 for HTTP), bytes
    /// answered.
    typedef void (*MessageTracedCallback)(Ipv4Address peer, uint16_t port, uint8_t type,
                                          uint32_t answerBytes);

  protected:
    void DoDispose() override;

  private:
    struct Connection
    {
        Ipv4Address peer;
        uint16_t service = 0;
        Ptr<BufferedTcpStream> stream;
    };

    void StartApplication() override;
    void StopApplication() override;
    Ptr<Socket> Listen(uint16_t port);
    void HandleUdp(Ptr<Socket> socket);
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    void HandleRead(Ptr<BufferedTcpStream> stream, uint32_t added);
    void HandleClosed(Ptr<BufferedTcpStream> stream, BufferedTcpStream::CloseCause cause);
    void Serve(Connection& c);
    std::vector<uint8_t> Templates(uint32_t botId);
    uint64_t NextSeed();
    ntlab::payload::KrakenWire Wire() const;
    uint32_t Nonce();

    Role m_role;
    uint16_t m_port;
    uint16_t m_httpPort;
    uint16_t m_rawPort;
    uint64_t m_key;
    bool m_sealed; // SealedMessages: the bots' wire form (kraken-protocol.h)
    std::string m_updateServers;
    uint32_t m_moduleVersion;
    Ipv4Address m_herder;
    std::string m_spamDomains;
    std::string m_serverName;
    Ptr<RandomVariableStream> m_moduleSize;
    Ptr<RandomVariableStream> m_updateContentSize;
    Ptr<RandomVariableStream> m_templateSize;
    Ptr<UniformRandomVariable> m_seedStream;

    uint32_t m_module = 0;                 // bytes of the current module, drawn at start
    std::vector<uint8_t> m_updateContent;  // the same body for every herder HTTP reply
    Ptr<Socket> m_udp;
    std::vector<Ptr<Socket>> m_listeners;
    std::map<Ptr<Socket>, Connection> m_connections;
    TracedCallback<Ipv4Address, uint16_t, uint8_t, uint32_t> m_messageTrace;
};

} // namespace ns3

#endif
