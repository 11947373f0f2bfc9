#include "experiments/pipeline/run-folder.h"

#include "analyzers/formats/basic-types.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/file.h>
#include <unistd.h>

namespace ntlab {
namespace fs = std::filesystem;
namespace {

const char kPartial[] = ".partial-";
const char kReplaced[] = ".replaced-";

/// An flock on a folder; -1 when the folder cannot be opened or `wait` is false and another
/// process holds it.
int LockFolder(const fs::path& dir, bool wait) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return -1;
  if (::flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

/// Holds the lock on --out's parent folder while runs into it tidy up, stage and promote, so that
/// two runs into the same --out never rename the same folder at once.
class ParentLock {
 public:
  explicit ParentLock(const fs::path& parent) : m_fd(LockFolder(parent, true)) {
    if (m_fd < 0) throw InputError(parent.string() + ": cannot lock folder: " + std::strerror(errno));
  }
  ~ParentLock() { ::close(m_fd); }
  ParentLock(const ParentLock&) = delete;
  ParentLock& operator=(const ParentLock&) = delete;

 private:
  int m_fd;
};

/// --out without trailing slashes; "", ".", ".." and "/" name no folder a run could replace.
std::string NormalizedOut(std::string out) {
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  const std::string name = fs::path(out).filename().string();
  if (name.empty() || name == "." || name == ".." || out == "/")
    throw InputError("--out '" + out + "': name the run folder itself (e.g. runs/quickstart)");
  return out;
}

/// A folder is ours to replace only if an earlier run made it (it has run.json), or it is empty.
void CheckReplaceable(const std::string& out) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(out, ec)) && !fs::exists(out, ec)) return;
  if (!fs::is_directory(out, ec)) throw InputError(out + ": exists and is not a folder");
  bool empty = fs::directory_iterator(out, ec) == fs::directory_iterator();
  if (!empty && !fs::exists(fs::path(out) / "run.json", ec))
    throw InputError(out + ": folder is not empty and is not an earlier ntlab run (no run.json); choose another --out");
}

/// What runs into `out` that died left beside it: staging folders nobody holds any more, and an
/// earlier run renamed aside by a promotion that did not finish.
void TidyLeftovers(const std::string& out, const StagedRunFolder::NoteFunction& note) {
  const fs::path outPath(out);
  const std::string name = outPath.filename().string();
  const fs::path parent = outPath.has_parent_path() ? outPath.parent_path() : fs::path(".");
  std::vector<fs::path> partial, replaced;
  std::error_code ec;
  // "<name><marker><pid>", the pid all digits: another run's folder may start with <name>.
  auto named = [&](const std::string& entryName, const std::string& marker) {
    const std::string prefix = name + marker;
    return entryName.size() > prefix.size() && entryName.compare(0, prefix.size(), prefix) == 0 &&
           entryName.find_first_not_of("0123456789", prefix.size()) == std::string::npos;
  };
  for (const auto& entry : fs::directory_iterator(parent, ec)) {
    const std::string entryName = entry.path().filename().string();
    if (named(entryName, kPartial)) partial.push_back(entry.path());
    if (named(entryName, kReplaced)) replaced.push_back(entry.path());
  }
  auto unheld = [](const fs::path& dir) {
    int fd = LockFolder(dir, false);
    if (fd >= 0) ::close(fd);
    return fd >= 0;
  };
  // A promotion holds the parent's lock throughout, so a folder set aside is always a dead one's.
  for (const auto& dir : replaced) {
    if (!fs::exists(outPath, ec)) {
      fs::rename(dir, outPath, ec);
      if (!ec)
        note("put back the earlier run " + out + " from " + dir.string() + ", where an interrupted run had moved it");
    } else {
      fs::remove_all(dir, ec);
      if (!ec) note("removed " + dir.string() + ", an earlier run that a later run had already replaced");
    }
  }
  for (const auto& dir : partial) {
    if (!unheld(dir)) continue;
    fs::remove_all(dir, ec);
    if (!ec)
      note("removed " + dir.string() + ", the partial folder of an earlier run into " + out + " that did not finish");
  }
}

}  // namespace

const std::vector<std::string>& BulkyRunOutputs() {
  static const std::vector<std::string> bulky{"pcap",     "pcap-outside", "socketlog.csv", "socketlog-polls.csv",
                                              "socket-history.csv", "events.csv"};
  return bulky;
}

StagedRunFolder::StagedRunFolder(const std::string& out, const NoteFunction& note) : m_out(NormalizedOut(out)) {
  const fs::path outPath(m_out);
  const fs::path parent = outPath.has_parent_path() ? outPath.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) throw InputError(parent.string() + ": cannot create folder: " + ec.message());
  ParentLock lock(parent);
  TidyLeftovers(m_out, note);
  CheckReplaceable(m_out);
  m_staging = m_out + kPartial + std::to_string(::getpid());
  // TidyLeftovers removed any dead folder of this name: one still here is being written.
  if (!fs::create_directory(m_staging, ec) || ec)
    throw InputError(m_staging +
                     ": cannot create folder: " + (ec ? ec.message() : std::string("in use by another run")));
  m_stagingLock = LockFolder(m_staging, false);
  if (m_stagingLock < 0) throw InputError(m_staging + ": cannot lock folder: " + std::strerror(errno));
}

StagedRunFolder::~StagedRunFolder() {
  if (m_stagingLock >= 0) ::close(m_stagingLock);
}

void StagedRunFolder::Promote() {
  const fs::path outPath(m_out);
  ParentLock lock(outPath.has_parent_path() ? outPath.parent_path() : fs::path("."));
  CheckReplaceable(m_out);
  std::error_code ec;
  if (!fs::exists(outPath, ec)) {
    if (std::rename(m_staging.c_str(), m_out.c_str()) != 0)
      throw InputError(m_out + ": cannot move the finished run into place: " + std::strerror(errno));
  } else if (::renameat2(AT_FDCWD, m_staging.c_str(), AT_FDCWD, m_out.c_str(), RENAME_EXCHANGE) == 0) {
    fs::remove_all(m_staging, ec);  // the earlier run, now under the staging name
  } else {
    // No atomic exchange here: the earlier run steps aside first, under a name the next run into
    // --out recognises (TidyLeftovers) if this process dies before the second rename.
    const std::string aside = m_out + kReplaced + std::to_string(::getpid());
    if (std::rename(m_out.c_str(), aside.c_str()) != 0)
      throw InputError(m_out + ": cannot move the earlier run aside: " + std::strerror(errno));
    if (std::rename(m_staging.c_str(), m_out.c_str()) != 0) {
      int error = errno;
      std::rename(aside.c_str(), m_out.c_str());
      throw InputError(m_out + ": cannot move the finished run into place: " + std::strerror(error));
    }
    fs::remove_all(aside, ec);
  }
  ::close(m_stagingLock);
  m_stagingLock = -1;
  m_promoted = true;
}

}  // namespace ntlab
