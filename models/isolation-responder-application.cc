#include "models/isolation-responder-application.h"

#include "models/payload/http-payload.h"
#include "models/tcp-listener.h"

#include "ns3/double.h"
#include "ns3/inet-socket-address.h"
#include "ns3/integer.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3 {

NS_OBJECT_ENSURE_REGISTERED(IsolationResponderApplication);

namespace {
constexpr size_t kMaxSendChunk = 64 * 1024;
constexpr size_t kMaxRequestLine = 8192;
} // namespace

TypeId
IsolationResponderApplication::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::IsolationResponderApplication")
            .SetParent<Application>()
            .AddConstructor<IsolationResponderApplication>()
            .AddAttribute("Port", "TCP port the responder answers on (the C&C's, which the rewrite keeps).",
                          UintegerValue(80),
                          MakeUintegerAccessor(&IsolationResponderApplication::m_port),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("EpochStartUs", "Epoch time (microseconds) of simulated time 0, for the record's times.",
                          IntegerValue(0),
                          MakeIntegerAccessor(&IsolationResponderApplication::m_epochStartUs),
                          MakeIntegerChecker<int64_t>())
            .AddAttribute("ReportLengthScale",
                          "Body bytes of the answers to POSTs multiplied by this (1: as recorded).",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&IsolationResponderApplication::m_reportLengthScale),
                          MakeDoubleChecker<double>(0.01, 100))
            .AddTraceSource("Answer",
                            "A request answered: method, path, recorded exchange (-1: none), its time, bytes.",
                            MakeTraceSourceAccessor(&IsolationResponderApplication::m_answerTrace),
                            "ns3::IsolationResponderApplication::AnswerTracedCallback");
    return tid;
}

IsolationResponderApplication::IsolationResponderApplication()
    : m_port(80),
      m_epochStartUs(0),
      m_reportLengthScale(1.0)
{
}

void
IsolationResponderApplication::Record(Ptr<const Packet> frame)
{
    m_frame.resize(frame->GetSize());
    frame->CopyData(m_frame.data(), m_frame.size());
    m_book.AddFrame(m_epochStartUs + Simulator::Now().GetMicroSeconds(), m_frame.data(), m_frame.size());
}

void
IsolationResponderApplication::Seal()
{
    m_book.Seal();
}

void
IsolationResponderApplication::StartApplication()
{
    if (!m_listener)
    {
        m_listener = OpenTcpListener(GetNode(), m_port, MakeCallback(&IsolationResponderApplication::HandleAccept, this));
    }
}

void
IsolationResponderApplication::StopApplication()
{
    if (m_listener)
    {
        CloseTcpListener(m_listener);
        m_listener = nullptr;
    }
    CloseAllStreams(m_connections);
}

void
IsolationResponderApplication::DoDispose()
{
    m_connections.clear();
    Application::DoDispose();
}

void
IsolationResponderApplication::HandleAccept(Ptr<Socket> socket, const Address& /*from*/)
{
    Ptr<BufferedTcpStream> stream = Create<BufferedTcpStream>(kMaxSendChunk);
    stream->SetDataCallback(MakeCallback(&IsolationResponderApplication::HandleRead, this));
    stream->SetClosedCallback(MakeCallback(&IsolationResponderApplication::HandleClosed, this));
    m_connections[socket].stream = stream;
    stream->Attach(socket);
}

void
IsolationResponderApplication::HandleClosed(Ptr<BufferedTcpStream> stream, BufferedTcpStream::CloseCause /*cause*/)
{
    m_connections.erase(stream->GetSocket());
}

void
IsolationResponderApplication::HandleRead(Ptr<BufferedTcpStream> stream, uint32_t /*added*/)
{
    std::vector<uint8_t>& rx = stream->Received();
    size_t used = 0;
    while (auto length = ntlab::payload::CompleteHttpMessageLength(rx.data() + used, rx.size() - used))
    {
        stream->Queue(Answer(rx.data() + used, *length));
        used += *length;
    }
    rx.erase(rx.begin(), rx.begin() + used);
    stream->Flush();
}

std::vector<uint8_t>
IsolationResponderApplication::Answer(const uint8_t* request, size_t length)
{
    std::string line(reinterpret_cast<const char*>(request), std::min(length, kMaxRequestLine));
    line = line.substr(0, line.find("\r\n"));
    size_t sp1 = line.find(' ');
    size_t sp2 = line.find(' ', sp1 == std::string::npos ? 0 : sp1 + 1);
    std::string method = sp1 == std::string::npos ? "" : line.substr(0, sp1);
    std::string uri = sp2 == std::string::npos ? "" : line.substr(sp1 + 1, sp2 - sp1 - 1);
    std::string path = uri.substr(0, uri.find('?'));
    auto answer = m_book.Answer(method, path);
    if (!answer)
    {
        ++m_unmatched;
        std::vector<uint8_t> notFound = ntlab::payload::BuildHttpResponse(404, "Not Found", "", 0, 0, {});
        m_answerTrace(method, path, -1, 0, static_cast<uint32_t>(notFound.size()));
        return notFound;
    }
    ++m_answered;
    std::vector<uint8_t> response = answer->exchange->response;
    if (method == "POST")
    {
        response = ntlab::responder::ScaleResponseBody(response, m_reportLengthScale);
    }
    m_answerTrace(method, path, static_cast<int64_t>(answer->index), answer->exchange->request_ts,
                  static_cast<uint32_t>(response.size()));
    return response;
}

} // namespace ns3
