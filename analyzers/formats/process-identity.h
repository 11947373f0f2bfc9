// The process identity paper 004 blocks by when the image name can be renamed: the main window's
// class name and a control's text. A real logger takes them from the process's top-level window
// (EnumWindows + GetClassName / GetWindowText of the PID's window). They travel as two optional
// columns of the socket log, `window_class` and `control_text` (docs/formats.md): the socket log
// readers of the labeling engine ignore them, and logs without them stay valid (no identity known).
#pragma once

#include "analyzers/formats/basic-types.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

namespace ntlab {

struct ProcessIdentity {
  std::string image_name;    // as the socket log names it
  std::string window_class;  // empty: not logged
  std::string control_text;  // empty: not logged
  std::string user;          // the owner's account (optional `user` column); empty: not logged
};

/// The identities a socket log shows, per host, and the host names of its addresses.
class ProcessIdentities {
 public:
  /// Reads either socket log form (snapshot or interval); throws InputError naming file, line, column.
  static ProcessIdentities Read(const std::string& socketLogPath);

  void Add(const std::string& host, IpAddress localIp, std::uint32_t pid, const ProcessIdentity& identity);
  bool HasIdentityColumns() const { return m_identityColumns; }
  void SetHasIdentityColumns(bool has) { m_identityColumns = has; }
  bool HasUserColumn() const { return m_userColumn; }
  /// The host that owns the address (from rows with a non-zero local_ip); none if unknown.
  std::optional<std::string> HostOf(IpAddress ip) const;
  /// The identity of a process by its PID on a host, or by its image name (case-insensitive)
  /// when the PID is not known; the first row seen with an identity wins.
  std::optional<ProcessIdentity> ByPid(const std::string& host, std::uint32_t pid) const;
  std::optional<ProcessIdentity> ByImage(const std::string& host, const std::string& imageName) const;

 private:
  bool m_identityColumns = false;
  bool m_userColumn = false;
  std::map<IpAddress, std::string> m_hosts;
  std::map<std::pair<std::string, std::uint32_t>, ProcessIdentity> m_byPid;
  std::map<std::pair<std::string, std::string>, ProcessIdentity> m_byImage;  // image lower case
};

}  // namespace ntlab
