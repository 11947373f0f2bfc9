// A file that appears under its final name only when complete: bad input or a crash must never
// leave a half-written output behind.
#pragma once

#include <fstream>
#include <string>

namespace ntlab {

class AtomicFile {
 public:
  /// Opens "<path>.tmp-<pid>" for writing; throws InputError if that fails.
  explicit AtomicFile(std::string path, bool binary = false);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  /// Removes the temporary file unless Commit() succeeded.
  ~AtomicFile();

  std::ostream& Stream() { return m_out; }
  const std::string& Path() const { return m_path; }
  const std::string& TempPath() const { return m_tempPath; }
  /// Flushes, closes and renames into place; throws InputError on any I/O failure.
  void Commit();

 private:
  std::string m_path;
  std::string m_tempPath;
  std::ofstream m_out;
  bool m_committed = false;
};

/// Writes `content` to `path` atomically.
void WriteFileAtomically(const std::string& path, const std::string& content);

}  // namespace ntlab
