#include "analyzers/formats/atomic-file.h"

#include "analyzers/formats/basic-types.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <unistd.h>

namespace ntlab {
namespace fs = std::filesystem;
namespace {

// One lock over the open transaction and the temporary files, so that an interrupt rolling back
// from another thread never sees a commit half done.
std::mutex& OutputsMutex() {
  static std::mutex mutex;
  return mutex;
}
OutputTransaction* g_openTransaction = nullptr;
std::vector<std::string>& TemporaryFiles() {
  static std::vector<std::string> files;
  return files;
}

void ForgetTemporary(const std::string& temp) {
  auto& files = TemporaryFiles();
  auto it = std::find(files.begin(), files.end(), temp);
  if (it != files.end()) files.erase(it);
}

/// Keeps the file at `path` (if any) under another name, still in place at `path`.
std::string KeepAside(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return "";
  const std::string kept = path + ".ntlab-old-" + std::to_string(::getpid());
  std::remove(kept.c_str());
  if (::link(path.c_str(), kept.c_str()) != 0 && !fs::copy_file(path, kept, ec))
    throw InputError(path + ": cannot keep the earlier file aside before replacing it: " + ec.message());
  return kept;
}

}  // namespace

AtomicFile::AtomicFile(std::string path, bool binary)
    : m_path(std::move(path)), m_tempPath(m_path + ".tmp-" + std::to_string(::getpid())) {
  std::lock_guard<std::mutex> lock(OutputsMutex());
  m_out.open(m_tempPath, binary ? std::ios::out | std::ios::binary | std::ios::trunc : std::ios::out | std::ios::trunc);
  if (!m_out) throw InputError(m_path + ": cannot create file: " + std::strerror(errno));
  TemporaryFiles().push_back(m_tempPath);
}

AtomicFile::~AtomicFile() {
  if (!m_committed) {
    m_out.close();
    std::lock_guard<std::mutex> lock(OutputsMutex());
    std::remove(m_tempPath.c_str());
    ForgetTemporary(m_tempPath);
  }
}

void AtomicFile::Commit() {
  m_out.flush();
  if (!m_out) throw InputError(m_path + ": write failed");
  m_out.close();
  CommitFile(m_tempPath, m_path);
  m_committed = true;
}

void WriteFileAtomically(const std::string& path, const std::string& content) {
  AtomicFile file(path);
  file.Stream() << content;
  file.Commit();
}

void NoteTemporaryFile(const std::string& temp_path) {
  std::lock_guard<std::mutex> lock(OutputsMutex());
  TemporaryFiles().push_back(temp_path);
}

void DiscardTemporaryFile(const std::string& temp_path) {
  std::lock_guard<std::mutex> lock(OutputsMutex());
  std::remove(temp_path.c_str());
  ForgetTemporary(temp_path);
}

void CommitFile(const std::string& temp_path, const std::string& path) {
  std::lock_guard<std::mutex> lock(OutputsMutex());
  OutputTransaction* transaction = g_openTransaction;
  // A file this command wrote before is replaced as is: what to put back was kept the first time.
  const bool seen = transaction && std::any_of(transaction->m_committed.begin(), transaction->m_committed.end(),
                                               [&](const auto& c) { return c.path == path; });
  std::string kept = transaction && !seen ? KeepAside(path) : "";
  if (std::rename(temp_path.c_str(), path.c_str()) != 0) {
    int error = errno;
    if (!kept.empty()) std::remove(kept.c_str());
    throw InputError(path + ": cannot rename into place: " + std::strerror(error));
  }
  ForgetTemporary(temp_path);
  if (transaction) transaction->m_committed.push_back({path, kept});
}

void CheckOutputFile(const std::string& path) {
  const fs::path file(path);
  const fs::path folder = file.has_parent_path() ? file.parent_path() : fs::path(".");
  std::error_code ec;
  if (fs::is_directory(file, ec)) throw InputError(path + ": is a folder, not a file to write");
  if (!fs::exists(folder, ec)) throw InputError(path + ": cannot write: folder " + folder.string() + " does not exist");
  if (!fs::is_directory(folder, ec)) throw InputError(path + ": cannot write: " + folder.string() + " is not a folder");
  if (::access(folder.c_str(), W_OK | X_OK) != 0)
    throw InputError(path + ": cannot write in folder " + folder.string() + ": " + std::strerror(errno));
}

OutputTransaction::OutputTransaction() {
  std::lock_guard<std::mutex> lock(OutputsMutex());
  if (g_openTransaction) throw std::logic_error("OutputTransaction: one is open already");
  g_openTransaction = this;
}

OutputTransaction::~OutputTransaction() {
  std::lock_guard<std::mutex> lock(OutputsMutex());
  if (m_open) RollBack();
}

void OutputTransaction::CreateFolders(const std::string& dir) {
  fs::path outermost;
  std::error_code ec;
  for (fs::path p = fs::absolute(dir).lexically_normal(); !p.empty() && !fs::exists(p, ec); p = p.parent_path()) {
    outermost = p;
    if (p == p.parent_path()) break;
  }
  fs::create_directories(dir, ec);
  if (ec) throw InputError(dir + ": cannot create folder: " + ec.message());
  std::lock_guard<std::mutex> lock(OutputsMutex());
  if (!outermost.empty()) m_createdFolders.push_back(outermost.string());
}

void OutputTransaction::Keep() {
  std::lock_guard<std::mutex> lock(OutputsMutex());
  for (const auto& c : m_committed)
    if (!c.kept.empty()) std::remove(c.kept.c_str());
  m_committed.clear();
  m_createdFolders.clear();
  m_open = false;
  g_openTransaction = nullptr;
}

// Called with OutputsMutex held. Newest first, so a file committed twice ends as it was before.
void OutputTransaction::RollBack() {
  for (auto it = m_committed.rbegin(); it != m_committed.rend(); ++it) {
    if (it->kept.empty()) std::remove(it->path.c_str());
    else std::rename(it->kept.c_str(), it->path.c_str());
  }
  std::error_code ec;
  for (const auto& folder : m_createdFolders) fs::remove_all(folder, ec);
  m_committed.clear();
  m_createdFolders.clear();
  m_open = false;
  g_openTransaction = nullptr;
}

bool OutputTransaction::RollBackBeforeExit() {
  OutputsMutex().lock();  // never unlocked: the process ends with every writer held here
  for (const auto& temp : TemporaryFiles()) std::remove(temp.c_str());
  if (!g_openTransaction) return false;
  g_openTransaction->RollBack();
  return true;
}

}  // namespace ntlab
