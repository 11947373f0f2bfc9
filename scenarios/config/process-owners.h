// Who owns each simulated process, as a socket logger on Windows would see it: the user account
// (hosts[].users; the token owner GetTokenInformation reports) and, for messenger clients, the
// window identity paper 004 blocks by (window class and control text). The simulator's logger
// writes them as the socket log's optional columns, and the run records them as truth
// (process-owners.csv). Plain C++: no ns-3.
#pragma once

#include "analyzers/formats/socket-owner-columns.h"
#include "scenarios/config/scenario-config.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ntlab {

/// The account the Windows services (System, svchost.exe) run as.
inline constexpr const char* kSystemUser = "SYSTEM";

class ProcessOwners {
 public:
  /// The owners of the scenario's processes. Enabled() only when a host lists users or the
  /// scenario runs messengers, so that scenarios without either keep their socket log as it was.
  static ProcessOwners FromScenario(const ScenarioConfig& config);

  bool Enabled() const { return m_enabled; }
  /// The owner of `image` on `host`. Each image runs as one of its host's users, drawn from the
  /// seed, host and image (so every run of the scenario agrees); the services run as SYSTEM; a host
  /// without users gives an empty user.
  SocketOwnerColumns Of(const std::string& host, const std::string& image) const;
  /// Every (host, image) the scenario names, with its owner, in host and image order (the truth).
  std::vector<std::pair<std::pair<std::string, std::string>, SocketOwnerColumns>> Listed() const;

 private:
  bool m_enabled = false;
  std::uint64_t m_seed = 0;
  std::map<std::string, std::vector<std::string>> m_users;                       // by host
  std::map<std::pair<std::string, std::string>, SocketOwnerColumns> m_windows;   // (host, image)
  std::map<std::string, std::vector<std::string>> m_images;                      // by host, listed
};

}  // namespace ntlab
