// One client conversation on its own TCP connection, the way the bots talk: connect, send a
// request, read until the response is complete, then close actively, so that the client's host
// keeps the TIME_WAIT row (WinInet without keep-alive, an SMTP client after QUIT). A connection
// that is refused, reset or closed by the peer first, or that has no complete response when the
// timeout fires, ends the exchange as failed.
//
// Modeled on ns-3's SourceApplication: the base owns the connection (a TrackedTcpConnection, so
// the socket is mirrored into the host's SocketTable) and the timeout; a subclass only says what
// to send and when the response is complete, through three hooks called in this order:
//   DoConnected  the connection is up: returns the request (empty when the server speaks first);
//   DoReceive    bytes arrived, once per arrival, until it reports the response complete;
//   DoFinish     exactly once, after the close: complete or failed.
// It is an exchange rather than an Application because one bot runs several at once.
#pragma once

#include "tracked-tcp-connection.h"

#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"

#include <cstdint>
#include <vector>

namespace ns3 {

class TcpExchange : public SimpleRefCount<TcpExchange>
{
  public:
    virtual ~TcpExchange();

    /// Connects `connection` to server:port and runs the exchange; it fails when no complete
    /// response arrived within `timeout`. Until it finishes, the connection's callbacks and the
    /// timeout hold a reference to the exchange, so the caller need not keep one.
    void Start(Ptr<TrackedTcpConnection> connection, Ipv4Address server, uint16_t port, Time timeout);
    /// Started and not finished yet.
    bool IsBusy() const { return m_connection != nullptr; }

  protected:
    TcpExchange() = default;

    /// Sends more bytes while the exchange runs (a dialogue such as SMTP answers from DoReceive);
    /// ignored once it finished.
    void Send(const std::vector<uint8_t>& bytes);

    /// The connection is up; returns the bytes to send first (empty: wait for the server).
    virtual std::vector<uint8_t> DoConnected() = 0;
    /// New bytes arrived. `received` holds everything not consumed yet (erase what was used).
    /// Returns true once the response is complete: the exchange then closes and finishes.
    virtual bool DoReceive(std::vector<uint8_t>& received) = 0;
    /// The exchange is over and its connection closed; `complete` is false when it failed.
    virtual void DoFinish(bool complete) = 0;

  private:
    void HandleConnected();
    void HandleData();
    void HandleFailure();
    void Finish(bool complete);

    Ptr<TrackedTcpConnection> m_connection;
    EventId m_timeout;
};

} // namespace ns3
