#include "socket-close.h"

#include "ns3/packet.h"

namespace ns3
{

namespace
{
void
DiscardReceived(Ptr<Socket> socket)
{
    // ns-3 signals end of stream in CLOSE_WAIT with an empty packet, not a null one.
    Ptr<Packet> packet;
    while ((packet = socket->Recv()) && packet->GetSize() > 0)
    {
    }
}
} // namespace

void
CloseDiscardingInput(Ptr<Socket> socket)
{
    socket->SetConnectCallback(MakeNullCallback<void, Ptr<Socket>>(), MakeNullCallback<void, Ptr<Socket>>());
    socket->SetSendCallback(MakeNullCallback<void, Ptr<Socket>, uint32_t>());
    socket->SetCloseCallbacks(MakeNullCallback<void, Ptr<Socket>>(), MakeNullCallback<void, Ptr<Socket>>());
    socket->SetRecvCallback(MakeCallback(&DiscardReceived));
    DiscardReceived(socket);
    socket->Close();
}

} // namespace ns3
