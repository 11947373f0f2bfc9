// The TCP sessions a capture recorded for the moved host, as a script both ends of the isolation
// lab can act out: what the host sent and what its server answered, in the order the host opened
// them. Raw replay (packets) keeps the capture's sequence numbers, which no kernel at the
// responder can answer in kind; re-enacting the sessions with real sockets lets conntrack see whole
// connections, so Step 3 (+est from the instance port) is exercised on the kernel too.
#pragma once

#include "analyzers/formats/basic-types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab {

struct ScriptedSession {
  Ipv4 server = 0;
  std::uint16_t server_port = 0;
  std::string request;   // the host's bytes, in sequence order
  std::string response;  // the server's bytes, in sequence order
};

/// The sessions `host` opened (its SYN is in the capture), in the order of their SYNs. Throws
/// InputError naming the capture if it cannot be read.
std::vector<ScriptedSession> ReadSessionScript(const std::string& capture, Ipv4 host);

}  // namespace ntlab
