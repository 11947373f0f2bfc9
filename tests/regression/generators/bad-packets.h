// The captures of the bad-packet-* cases: captures of the corpus with a few packets broken on
// purpose, each by one small edit (a length field, a compression pointer, one letter), made
// where the packet is described. (The simulator writes no TCP/UDP checksums, as ns-3 computes
// none by default, so none is set right after an edit either.)
//   bad-packet-dns-answer/    kraken-detection's first capture of the bot host: the first DNS
//                             answer's owner name starts with a compression pointer past the end;
//   bad-packet-tls-ip/        sim-2host-60s's first capture of 10.0.0.12: the first ClientHello's
//                             record claims 1024 bytes (the client sends 590 before its FIN), the
//                             second's extension list runs 64 bytes past the hello, and the host's
//                             next bare ACK after the first has an IPv4 header length of 12 bytes;
//   bad-packet-http-request/  zeus-clustering's capture of 10.0.0.12 from 09:10: the first Zeus
//                             report's request line says HTTQ/1.1.
#pragma once

#include <filesystem>

namespace ntlab::regression {

/// Reads the originals from `corpus` and writes the broken copies into the cases' folders there.
/// Throws std::runtime_error when an original cannot be read or lacks the packet to break.
void WriteBadPacketCaptures(const std::filesystem::path& corpus);

}  // namespace ntlab::regression
