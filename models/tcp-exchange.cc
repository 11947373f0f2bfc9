#include "tcp-exchange.h"

#include "ns3/simulator.h"

namespace ns3
{

TcpExchange::~TcpExchange() = default;

void
TcpExchange::Start(Ptr<TrackedTcpConnection> connection, Ipv4Address server, uint16_t port, Time timeout)
{
    m_connection = connection;
    Ptr<TcpExchange> self(this);
    m_connection->onConnected = MakeCallback(&TcpExchange::HandleConnected, self);
    m_connection->onData = MakeCallback(&TcpExchange::HandleData, self);
    // The connection reports every close it did not get from Finish: refused, reset, peer first.
    m_connection->onClosed = MakeCallback(&TcpExchange::HandleFailure, self);
    m_timeout = Simulator::Schedule(timeout, &TcpExchange::HandleFailure, self);
    m_connection->Connect(server, port);
}

void
TcpExchange::Send(const std::vector<uint8_t>& bytes)
{
    if (m_connection)
    {
        m_connection->Send(bytes);
    }
}

void
TcpExchange::HandleConnected()
{
    if (!m_connection)
    {
        return;
    }
    std::vector<uint8_t> request = DoConnected();
    if (!request.empty())
    {
        m_connection->Send(request);
    }
}

void
TcpExchange::HandleData()
{
    if (!m_connection)
    {
        return;
    }
    if (DoReceive(m_connection->Received()))
    {
        Finish(true);
    }
}

void
TcpExchange::HandleFailure()
{
    Finish(false);
}

void
TcpExchange::Finish(bool complete)
{
    if (!m_connection)
    {
        return;
    }
    Ptr<TcpExchange> self(this); // dropping the connection's callbacks may release the last reference
    m_timeout.Cancel();
    Ptr<TrackedTcpConnection> connection = m_connection;
    m_connection = nullptr;
    // Unless the connection already went (refused, reset, peer first), this side closes first:
    // it sends FIN once the request is out and keeps the TIME_WAIT row. A close that reports
    // back synchronously finds m_connection cleared and is ignored.
    connection->Close();
    connection->onConnected = MakeNullCallback<void>();
    connection->onData = MakeNullCallback<void>();
    connection->onClosed = MakeNullCallback<void>();
    DoFinish(complete);
}

} // namespace ns3
