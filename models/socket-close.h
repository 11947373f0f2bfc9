// Closing an ns-3 TCP socket the way an OS does after the application let go of it.
#pragma once

#include "ns3/ptr.h"
#include "ns3/socket.h"

namespace ns3 {

/// Drops every application callback, reads and discards whatever is still queued, closes the
/// socket, and keeps discarding what the peer sends afterwards. Two ns-3 3.37 traps make this
/// necessary: Close() with unread data sends RST and re-enters the error callback (endless
/// recursion if that callback closes again), and an unread socket's window drops to zero, after
/// which the peer's persist timer crashes on an empty transmit buffer.
void CloseDiscardingInput(Ptr<Socket> socket);

} // namespace ns3
