#include "web-client-session.h"

#include "models/payload/http-payload.h"
#include "models/payload/split-mix64.h"
#include "models/payload/tls-payload.h"

#include "ns3/simulator.h"

namespace ns3
{

namespace
{
// ServerHello, Certificate, ServerHelloDone: the TLS 1.2 server flight is three records.
constexpr uint32_t kServerFlightRecords = 3;
} // namespace

WebClientSession::WebClientSession(Ptr<TrackedTcpConnection> connection, WebSessionPlan plan)
    : m_connection(connection),
      m_plan(std::move(plan))
{
}

void
WebClientSession::Start()
{
    Ptr<WebClientSession> self(this);
    m_connection->onConnected = MakeCallback(&WebClientSession::Connected, self);
    m_connection->onData = MakeCallback(&WebClientSession::Data, self);
    m_connection->onClosed = MakeCallback(&WebClientSession::Stop, self);
    m_closeEvent = Simulator::Schedule(m_plan.giveUp, &WebClientSession::Stop, self);
    if (!m_plan.serverIpv6.IsAny())
    {
        m_connection->Connect(m_plan.serverIpv6, m_plan.tls ? 443 : 80);
        return;
    }
    m_connection->Connect(m_plan.server, m_plan.tls ? 443 : 80);
}

void
WebClientSession::Connected()
{
    if (m_plan.tls)
    {
        m_connection->Send(ntlab::payload::BuildTlsClientHello(m_plan.host, m_plan.seed()));
    }
    else
    {
        SendRequest();
    }
}

void
WebClientSession::SendRequest()
{
    ++m_requests;
    if (m_plan.tls)
    {
        m_connection->Send(ntlab::payload::BuildTlsApplicationData(m_plan.requestBytes(), m_plan.seed()));
    }
    else if (!m_plan.postPath.empty())
    {
        // A web app's form post: url-encoded letters, RequestBytes long.
        std::string body = "data=";
        ntlab::payload::SplitMix64 rng(m_plan.seed());
        for (uint32_t i = m_plan.requestBytes(); i > 0; --i)
        {
            body.push_back(static_cast<char>('a' + rng.Below(26)));
        }
        m_connection->Send(ntlab::payload::BuildHttpRequest(
            "POST", m_plan.host, m_plan.postPath,
            {{"User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)"},
             {"Content-Type", "application/x-www-form-urlencoded"}},
            body));
    }
    else
    {
        std::string path = "/api/v1/item?n=" + std::to_string(m_requests);
        m_connection->Send(ntlab::payload::BuildHttpRequest(
            "GET", m_plan.host, path, {{"User-Agent", "Microsoft-CryptoAPI/10.0"}, {"Accept", "*/*"}}));
    }
    if (m_requests < m_plan.maxRequests)
    {
        m_requestEvent = Simulator::Schedule(m_plan.nextGap(), &WebClientSession::SendRequest, Ptr<WebClientSession>(this));
    }
}

void
WebClientSession::Data()
{
    auto& rx = m_connection->Received();
    if (m_plan.tls)
    {
        size_t complete = ntlab::payload::CompleteTlsRecordsLength(rx.data(), rx.size());
        size_t offset = 0;
        bool gotAppData = false;
        while (offset < complete)
        {
            auto header = ntlab::payload::PeekTlsRecord(rx.data() + offset, complete - offset);
            if (!header)
            {
                break;
            }
            if (!m_handshakeDone && header->content_type == ntlab::payload::kTlsHandshake)
            {
                ++m_handshakeRecords;
            }
            gotAppData = gotAppData || header->content_type == ntlab::payload::kTlsApplicationData;
            offset += ntlab::payload::kTlsRecordHeaderSize + header->length;
        }
        rx.erase(rx.begin(), rx.begin() + offset);
        if (!m_handshakeDone && m_handshakeRecords >= kServerFlightRecords)
        {
            m_handshakeDone = true;
            SendRequest();
        }
        if (gotAppData)
        {
            FirstResponse();
        }
        return;
    }
    while (auto length = ntlab::payload::CompleteHttpMessageLength(rx.data(), rx.size()))
    {
        rx.erase(rx.begin(), rx.begin() + *length);
        FirstResponse();
    }
}

void
WebClientSession::FirstResponse()
{
    if (m_answered)
    {
        return;
    }
    m_answered = true;
    m_closeEvent.Cancel();
    m_closeEvent = Simulator::Schedule(m_plan.lifetime, &WebClientSession::Stop, Ptr<WebClientSession>(this));
}

void
WebClientSession::Stop()
{
    m_closeEvent.Cancel();
    m_requestEvent.Cancel();
    if (m_connection)
    {
        Ptr<TrackedTcpConnection> connection = m_connection;
        m_connection = nullptr;
        connection->Close();  // active close: our host keeps the TIME_WAIT row
        connection->onConnected = MakeNullCallback<void>();
        connection->onData = MakeNullCallback<void>();
        connection->onClosed = MakeNullCallback<void>();
        if (onFinished)
        {
            onFinished();
        }
    }
}

} // namespace ns3
