// The responder inside paper 002's isolation network: it stands in for the C&C the moved host can
// no longer reach. Before the move it records the host's HTTP exchanges from the frames of the
// host's switch port (Record(), connected to the port's PromiscSniffer: what the mirror capture
// writes); at the move the record is sealed, and from then on it answers every request that the
// isolation switch rewrites to it with the recorded response of the same method and path, in the
// recorded order (ntlab::responder::RecordedExchangeBook). ReportLengthScale changes the body length
// of its answers to POSTs (a variant the clustering has not seen). A request with nothing recorded
// gets 404.
#pragma once

#include "models/buffered-tcp-stream.h"
#include "replay/responder/recorded-exchanges.h"

#include "ns3/application.h"
#include "ns3/packet.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3 {

class IsolationResponderApplication : public Application
{
  public:
    static TypeId GetTypeId();
    IsolationResponderApplication();

    /// One frame of the host's switch port, with its Ethernet header (a PromiscSniffer sink).
    void Record(Ptr<const Packet> frame);
    /// Ends the record (the host is moved).
    void Seal();
    const ntlab::responder::RecordedExchangeBook& Book() const { return m_book; }
    uint64_t GetAnswered() const { return m_answered; }
    uint64_t GetUnmatched() const { return m_unmatched; }

    /// "Answer": method, path, index of the recorded exchange (-1: none, 404), the recorded
    /// request's epoch time, the response's bytes on the wire.
    typedef void (*AnswerTracedCallback)(const std::string& method, const std::string& path, int64_t recorded,
                                         int64_t recordedTs, uint32_t responseBytes);

  private:
    void StartApplication() override;
    void StopApplication() override;
    void DoDispose() override;
    void HandleAccept(Ptr<Socket> socket, const Address& from);
    void HandleRead(Ptr<BufferedTcpStream> stream, uint32_t added);
    void HandleClosed(Ptr<BufferedTcpStream> stream, BufferedTcpStream::CloseCause cause);
    std::vector<uint8_t> Answer(const uint8_t* request, size_t length);

    uint16_t m_port;
    int64_t m_epochStartUs;
    double m_reportLengthScale;
    ntlab::responder::RecordedExchangeBook m_book;
    std::vector<uint8_t> m_frame;
    Ptr<Socket> m_listener;
    struct Connection
    {
        Ptr<BufferedTcpStream> stream;
    };
    std::map<Ptr<Socket>, Connection> m_connections;
    uint64_t m_answered = 0;
    uint64_t m_unmatched = 0;
    TracedCallback<const std::string&, const std::string&, int64_t, int64_t, uint32_t> m_answerTrace;
};

} // namespace ns3
