// The capture-pcapng-comments case's captures: pcapng whose packets carry their owning process in
// comments, in ptcpdump's layout.
#pragma once

#include <filesystem>

namespace ntlab::regression {

/// CASE_DIR/pcapng/: sim-2host-60s's two rotated captures of 10.0.0.12 with its truth.csv's owners written in
/// (WriteTruthCommentedCaptures, what `ntlab run --pcapng-comments` does).
/// CASE_DIR/loopback.pcapng: a capture on a Linux host's loopback as ptcpdump writes it (owner and
/// parent comments, Ethernet with zero addresses): curl to a Python web server, dig to the local
/// resolver at 127.0.0.53, a socket shared by a forked python3 (two owners: a conflict), and an
/// NTP exchange without comments. Throws InputError when the corpus cannot be read.
void WriteCommentCaptures(const std::filesystem::path& corpus, const std::filesystem::path& caseDir);

}  // namespace ntlab::regression
