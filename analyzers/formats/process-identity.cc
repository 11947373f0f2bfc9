#include "analyzers/formats/process-identity.h"

#include "analyzers/formats/block-policy.h"
#include "analyzers/formats/csv-reader.h"
#include "analyzers/formats/text-rules.h"

#include <array>
#include <string_view>

namespace ntlab {
namespace {

// Seven columns by name, the last three optional: the labeling engine's readers stay as they were.
constexpr std::array<const char*, 7> kIdentityColumns = {"host",         "local_ip",     "pid", "process",
                                                         "window_class", "control_text", "user"};

[[noreturn]] void Fail(const std::string& path, unsigned line, const char* column, const std::string& reason) {
  throw InputError(path + ":" + std::to_string(line) + ": column '" + column + "': " + reason);
}

}  // namespace

void ProcessIdentities::Add(const std::string& host, IpAddress localIp, std::uint32_t pid, const ProcessIdentity& identity) {
  if (localIp != 0) m_hosts.emplace(localIp, host);
  if (identity.window_class.empty() && identity.control_text.empty() && identity.user.empty())
    return;  // nothing beyond the image
  if (pid != 0) m_byPid.emplace(std::make_pair(host, pid), identity);
  m_byImage.emplace(std::make_pair(host, LowerAscii(identity.image_name)), identity);
}

std::optional<std::string> ProcessIdentities::HostOf(IpAddress ip) const {
  auto it = m_hosts.find(ip);
  if (it == m_hosts.end()) return std::nullopt;
  return it->second;
}

std::optional<ProcessIdentity> ProcessIdentities::ByPid(const std::string& host, std::uint32_t pid) const {
  auto it = m_byPid.find({host, pid});
  if (it == m_byPid.end()) return std::nullopt;
  return it->second;
}

std::optional<ProcessIdentity> ProcessIdentities::ByImage(const std::string& host, const std::string& image) const {
  auto it = m_byImage.find({host, LowerAscii(image)});
  if (it == m_byImage.end()) return std::nullopt;
  return it->second;
}

ProcessIdentities ProcessIdentities::Read(const std::string& path) {
  ProcessIdentities identities;
  try {
    CsvFieldReader reader(path, kIdentityColumns.data(), kIdentityColumns.size(), true);
    for (std::size_t required = 0; required < 4; ++required)
      if (!reader.HasColumn(required))
        throw InputError(path + ": socket log has no column '" + kIdentityColumns[required] + "'");
    identities.m_identityColumns = reader.HasColumn(4) || reader.HasColumn(5);
    identities.m_userColumn = reader.HasColumn(6);
    std::array<std::string_view, 7> f;  // host, local_ip, pid, process, window_class, control_text, user
    while (reader.Next(f.data())) {
      const unsigned line = reader.Line();
      auto ip = ParseIp(f[1]);
      if (!ip) Fail(path, line, "local_ip", QuoteForMessage(f[1]) + " is not an IP address");
      auto owner = ParseUnsigned(f[2]);
      if (!owner || *owner > 0xffffffffu) Fail(path, line, "pid", QuoteForMessage(f[2]) + " is not a process id");
      identities.Add(std::string(f[0]), *ip, std::uint32_t(*owner),
                     {std::string(f[3]), std::string(f[4]), std::string(f[5]), std::string(f[6])});
    }
  } catch (const CsvShapeError& e) {
    throw InputError(path + ": not a valid socket log: " + e.what());
  }
  return identities;
}

}  // namespace ntlab
