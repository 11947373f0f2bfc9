// The hand-built capture of the blocking case (tests/regression/blocking-bypasses): one LAN host
// whose messengers try paper 004's bypasses beside benign traffic, with a socket log that carries
// each process's window class and control text, and the truth (the script is listed in
// blocking-captures.cc's header comment).
#pragma once

#include <filesystem>

namespace ntlab::regression {

/// Writes capture.pcap, socketlog.csv (with window_class, control_text), events.csv and truth.csv into `dir`.
void WriteBlockingCase(const std::filesystem::path& dir);

}  // namespace ntlab::regression
