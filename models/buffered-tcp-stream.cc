#include "buffered-tcp-stream.h"

#include "socket-close.h"

#include "ns3/packet.h"

#include <algorithm>

namespace ns3
{

BufferedTcpStream::BufferedTcpStream(std::size_t maxSendChunk)
    : m_maxSendChunk(maxSendChunk)
{
}

BufferedTcpStream::~BufferedTcpStream() = default;

void
BufferedTcpStream::Attach(Ptr<Socket> socket)
{
    // The callbacks hold a reference to this stream, so it lives until the socket is done;
    // Finish() drops them again.
    m_socket = socket;
    m_open = true;
    Ptr<BufferedTcpStream> self(this);
    socket->SetRecvCallback(MakeCallback(&BufferedTcpStream::HandleRecv, self));
    socket->SetSendCallback(MakeCallback(&BufferedTcpStream::HandleSend, self));
    socket->SetCloseCallbacks(MakeCallback(&BufferedTcpStream::HandlePeerClose, self),
                              MakeCallback(&BufferedTcpStream::HandleError, self));
}

void
BufferedTcpStream::SetDataCallback(Callback<void, Ptr<BufferedTcpStream>, uint32_t> callback)
{
    m_dataCallback = callback;
}

void
BufferedTcpStream::SetClosedCallback(Callback<void, Ptr<BufferedTcpStream>, CloseCause> callback)
{
    m_closedCallback = callback;
}

void
BufferedTcpStream::Queue(const std::vector<uint8_t>& bytes)
{
    if (!m_open || m_closeWhenSent)
    {
        return;
    }
    if (m_txOffset == m_tx.size())
    {
        m_tx.clear();
        m_txOffset = 0;
    }
    m_tx.insert(m_tx.end(), bytes.begin(), bytes.end());
}

void
BufferedTcpStream::Send(const std::vector<uint8_t>& bytes)
{
    if (!m_open || m_closeWhenSent)
    {
        return;
    }
    Queue(bytes);
    Flush();
}

void
BufferedTcpStream::Flush()
{
    if (!m_open)
    {
        return;
    }
    // Hand the socket only what fits in its send buffer; the rest goes from HandleSend when
    // buffer space frees up, so large messages never fail with ERROR_MSGSIZE.
    while (m_txOffset < m_tx.size())
    {
        uint32_t room = m_socket->GetTxAvailable();
        if (room == 0)
        {
            return;
        }
        std::size_t n = std::min({m_tx.size() - m_txOffset, static_cast<std::size_t>(room), m_maxSendChunk});
        int sent = m_socket->Send(m_tx.data() + m_txOffset, static_cast<uint32_t>(n), 0);
        if (sent <= 0)
        {
            return;
        }
        m_txOffset += static_cast<std::size_t>(sent);
    }
    m_tx.clear();
    m_txOffset = 0;
    if (m_closeWhenSent)
    {
        // Everything is in the socket; Close() sends FIN after it: we are the active closer.
        Finish(LOCAL, true);
    }
}

void
BufferedTcpStream::CloseWhenSent()
{
    if (!m_open || m_closeWhenSent)
    {
        return;
    }
    m_closeWhenSent = true;
    if (m_txOffset >= m_tx.size())
    {
        Finish(LOCAL, true);
    }
}

void
BufferedTcpStream::Close()
{
    Finish(LOCAL, true);
}

void
BufferedTcpStream::HandleRecv(Ptr<Socket> socket)
{
    Ptr<BufferedTcpStream> self(this); // the data callback may close the stream
    uint32_t added = 0;
    Ptr<Packet> packet;
    // ns-3 signals end of stream in CLOSE_WAIT with an empty packet, not a null one.
    while ((packet = socket->Recv()) && packet->GetSize() > 0)
    {
        std::size_t old = m_rx.size();
        m_rx.resize(old + packet->GetSize());
        packet->CopyData(m_rx.data() + old, packet->GetSize());
        added += packet->GetSize();
    }
    if (!m_dataCallback.IsNull())
    {
        m_dataCallback(self, added);
    }
}

void
BufferedTcpStream::HandleSend(Ptr<Socket>, uint32_t)
{
    Ptr<BufferedTcpStream> self(this);
    Flush();
}

void
BufferedTcpStream::HandlePeerClose(Ptr<Socket>)
{
    // The peer closed first: close our side too (FIN after whatever the socket still holds).
    Finish(PEER, true);
}

void
BufferedTcpStream::HandleError(Ptr<Socket>)
{
    Finish(ERROR, m_closeOnError);
}

void
BufferedTcpStream::Finish(CloseCause cause, bool closeSocket)
{
    if (!m_open)
    {
        return;
    }
    Ptr<BufferedTcpStream> self(this); // dropping the socket's callbacks may release the last reference
    m_open = false;
    if (closeSocket)
    {
        // Also drops our callbacks: breaks the cycle socket -> callbacks -> this.
        CloseDiscardingInput(m_socket);
    }
    else
    {
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
        m_socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(),
                                    MakeNullCallback<void, Ptr<Socket>>());
    }
    m_tx.clear();
    m_txOffset = 0;
    // Breaks the cycle this -> owner's callbacks -> owner -> this.
    Callback<void, Ptr<BufferedTcpStream>, CloseCause> closed = m_closedCallback;
    m_dataCallback = MakeNullCallback<void, Ptr<BufferedTcpStream>, uint32_t>();
    m_closedCallback = MakeNullCallback<void, Ptr<BufferedTcpStream>, CloseCause>();
    if (!closed.IsNull())
    {
        closed(self, cause);
    }
}

} // namespace ns3
