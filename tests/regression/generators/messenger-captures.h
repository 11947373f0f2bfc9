// The hand-built capture of the messengers case (tests/regression/messengers-login): one LAN host's
// MSN and NateOn logins, chats, a P2P transfer and two non-messenger sessions on port 1863, with
// the role of every server and peer endpoint as messenger-roles.csv (the script is listed in
// messenger-captures.cc's header comment).
#pragma once

#include <filesystem>

namespace ntlab::regression {

/// Writes capture.pcap and messenger-roles.csv into `dir`.
void WriteMessengersCase(const std::filesystem::path& dir);

}  // namespace ntlab::regression
