// sim-2host-60s's socket log with a user column, as a logger on hosts with two users would write
// it: even thousands of PIDs run as alice, the others as bob (PID 0: no user). Its images' owners
// by that rule: pc01 chrome.exe (6576) alice, svchost.exe 20032 alice and 15700 bob, pc02
// Code.exe (18308) alice, sshd.exe (19960) bob.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include "tests/support/build-paths.h"

namespace ntlab::test_support {

inline const std::string kSim2HostDir = std::string(NTLAB_SOURCE_DIR) + "/tests/regression/sim-2host-60s";

/// Writes the log (and its polls file) into `dir`; returns the log's path.
inline std::string SocketLogWithUsers(const std::filesystem::path& dir) {
  std::ifstream in(kSim2HostDir + "/socketlog.csv");
  std::ofstream out(dir / "socketlog.csv");
  std::string line;
  std::getline(in, line);
  out << line << ",user\n";
  while (std::getline(in, line)) {
    const std::string beforeProcess = line.substr(0, line.rfind(','));  // no quoted fields in this log
    const unsigned long value = std::stoul(beforeProcess.substr(beforeProcess.rfind(',') + 1));
    out << line << ',' << (value == 0 ? "" : (value / 1000) % 2 == 0 ? "alice" : "bob") << '\n';
  }
  std::filesystem::copy_file(kSim2HostDir + "/socketlog-polls.csv", dir / "socketlog-polls.csv",
                             std::filesystem::copy_options::overwrite_existing);
  return (dir / "socketlog.csv").string();
}

/// process-owners.csv rows (host, image, user, no window) for the images of that log.
inline std::string OwnersCsv(const std::string& rows) { return "host,process,user,window_class,control_text\n" + rows; }

}  // namespace ntlab::test_support
