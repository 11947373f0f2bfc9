// The per-socket plumbing every TCP conversation in the simulation needs: a receive buffer filled
// from the socket, a transmit queue flushed in pieces that fit the socket's send buffer (and
// continued when room frees up), "close once everything is sent", and the close paths (by us, by
// the peer, on error), all ending in CloseDiscardingInput (see socket-close.h).
#pragma once

#include "ns3/callback.h"
#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"
#include "ns3/socket.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

namespace ns3 {

class BufferedTcpStream : public SimpleRefCount<BufferedTcpStream>
{
  public:
    /// Why a stream closed.
    enum CloseCause
    {
        LOCAL,  ///< Close(), or CloseWhenSent() once the queue drained: we closed first
        PEER,   ///< the peer closed first (FIN, or ns-3's normal-close notification)
        ERROR   ///< ns-3 reported an error close (RST, retransmission limit)
    };

    /// \param maxSendChunk largest piece handed to Socket::Send at once (besides the room left
    ///        in the send buffer)
    explicit BufferedTcpStream(std::size_t maxSendChunk = std::numeric_limits<std::size_t>::max());
    ~BufferedTcpStream();

    /// Takes over the socket: installs the receive, send and close callbacks. Until the stream
    /// closes, the socket's callbacks hold a reference to it (and so keep it alive).
    void Attach(Ptr<Socket> socket);
    /// On an ns-3 error close, also close the socket (CloseDiscardingInput) instead of only
    /// dropping it. Off by default.
    void SetCloseOnError(bool close) { m_closeOnError = close; }

    Ptr<Socket> GetSocket() const { return m_socket; }
    /// Attached and not closed yet.
    bool IsOpen() const { return m_open; }
    /// CloseWhenSent() was called (the stream may still be flushing).
    bool IsClosing() const { return m_closeWhenSent; }

    /// Received bytes not yet consumed; handlers erase what they used. Kept after the close.
    std::vector<uint8_t>& Received() { return m_rx; }

    /// Appends to the transmit queue without sending (ignored once closed or closing).
    void Queue(const std::vector<uint8_t>& bytes);
    /// Queue() then Flush().
    void Send(const std::vector<uint8_t>& bytes);
    /// Hands the socket as much of the queue as fits; the rest follows from the send callback.
    /// Closes the stream (LOCAL) when the queue drained after CloseWhenSent().
    void Flush();
    /// Closes (LOCAL) as soon as the queue is empty: at once if it already is, otherwise when a
    /// later Flush() drains it. Does not flush by itself.
    void CloseWhenSent();
    /// Closes now (LOCAL), dropping whatever is still queued.
    void Close();

    /// Bytes were received: the stream and how many bytes this notification added (0 when ns-3
    /// signalled without new data).
    void SetDataCallback(Callback<void, Ptr<BufferedTcpStream>, uint32_t> callback);
    /// The stream closed; called once, after the socket was closed and every callback (these
    /// two included) was dropped, which breaks the reference cycles through the owner.
    void SetClosedCallback(Callback<void, Ptr<BufferedTcpStream>, CloseCause> callback);

  private:
    void HandleRecv(Ptr<Socket> socket);
    void HandleSend(Ptr<Socket> socket, uint32_t available);
    void HandlePeerClose(Ptr<Socket> socket);
    void HandleError(Ptr<Socket> socket);
    void Finish(CloseCause cause, bool closeSocket);

    std::size_t m_maxSendChunk;
    Ptr<Socket> m_socket;
    bool m_open = false;
    bool m_closeWhenSent = false;
    bool m_closeOnError = false;
    std::vector<uint8_t> m_rx;
    std::vector<uint8_t> m_tx;
    std::size_t m_txOffset = 0;
    Callback<void, Ptr<BufferedTcpStream>, uint32_t> m_dataCallback;
    Callback<void, Ptr<BufferedTcpStream>, CloseCause> m_closedCallback;
};

/// Closes (LOCAL) the stream of every entry of `connections` (a map whose values have a
/// `Ptr<BufferedTcpStream> stream` member), in map order; the streams are collected first, so the
/// closed callback may erase from the map.
template <class Map>
void
CloseAllStreams(Map& connections)
{
    std::vector<Ptr<BufferedTcpStream>> open;
    for (auto& entry : connections)
    {
        open.push_back(entry.second.stream);
    }
    for (auto& stream : open)
    {
        stream->Close();
    }
}

} // namespace ns3
