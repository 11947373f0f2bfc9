#include "analyzers/formats/process-identity.h"

#include "analyzers/formats/block-policy.h"
#include "analyzers/formats/checked-csv-file.h"
#include "analyzers/formats/text-rules.h"

#include <libfccp/csv.h>

namespace ntlab {
namespace {

// Seven columns by name, the last three optional: the labeling engine's readers stay as they were.
using IdentityParser = io::CSVReader<7, io::trim_chars<' ', '\t'>, io::double_quote_escape<',', '"'>,
                                     io::throw_on_overflow, io::empty_line_comment>;

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
    IdentityParser parser(path, std::make_unique<CheckedCsvFile>(path));
    parser.read_header(io::ignore_extra_column | io::ignore_missing_column, "host", "local_ip", "pid", "process",
                       "window_class", "control_text", "user");
    for (const char* required : {"host", "local_ip", "pid", "process"})
      if (!parser.has_column(required)) throw InputError(path + ": socket log has no column '" + required + "'");
    identities.m_identityColumns = parser.has_column("window_class") || parser.has_column("control_text");
    identities.m_userColumn = parser.has_column("user");
    std::string host, localIp, pid, process, windowClass, controlText, user;
    while (parser.read_row(host, localIp, pid, process, windowClass, controlText, user)) {
      const unsigned line = parser.get_file_line();
      auto ip = ParseIp(localIp);
      if (!ip) Fail(path, line, "local_ip", QuoteForMessage(localIp) + " is not an IP address");
      auto owner = ParseUnsigned(pid);
      if (!owner || *owner > 0xffffffffu) Fail(path, line, "pid", QuoteForMessage(pid) + " is not a process id");
      identities.Add(host, *ip, std::uint32_t(*owner), {process, windowClass, controlText, user});
      windowClass.clear();  // a missing column leaves the variable as it was
      controlText.clear();
      user.clear();
    }
  } catch (const io::error::can_not_open_file&) {
    throw InputError(path + ": cannot open file (missing or unreadable)");
  } catch (const io::error::base& e) {
    throw InputError(path + ": not a valid socket log: " + e.what());
  }
  return identities;
}

}  // namespace ntlab
