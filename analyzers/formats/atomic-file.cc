#include "analyzers/formats/atomic-file.h"

#include "analyzers/formats/basic-types.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace ntlab {

AtomicFile::AtomicFile(std::string path, bool binary)
    : m_path(std::move(path)), m_tempPath(m_path + ".tmp-" + std::to_string(::getpid())) {
  m_out.open(m_tempPath, binary ? std::ios::out | std::ios::binary | std::ios::trunc
                                : std::ios::out | std::ios::trunc);
  if (!m_out) throw InputError(m_path + ": cannot create file: " + std::strerror(errno));
}

AtomicFile::~AtomicFile() {
  if (!m_committed) {
    m_out.close();
    std::remove(m_tempPath.c_str());
  }
}

void AtomicFile::Commit() {
  m_out.flush();
  if (!m_out) throw InputError(m_path + ": write failed");
  m_out.close();
  if (std::rename(m_tempPath.c_str(), m_path.c_str()) != 0)
    throw InputError(m_path + ": cannot rename into place: " + std::strerror(errno));
  m_committed = true;
}

void WriteFileAtomically(const std::string& path, const std::string& content) {
  AtomicFile file(path);
  file.Stream() << content;
  file.Commit();
}

}  // namespace ntlab
