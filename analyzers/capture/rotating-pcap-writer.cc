#include "analyzers/capture/rotating-pcap-writer.h"

#include "analyzers/formats/capture-file-name.h"

#include <algorithm>

namespace ntlab {

RotatingPcapWriter::RotatingPcapWriter(std::string directory, const IpAddress& fileAddress, int linkType,
                                       std::uint32_t snapLength, TimeUs rotate)
    : m_directory(std::move(directory)),
      m_fileAddress(fileAddress),
      m_linkType(linkType),
      m_snapLength(snapLength),
      m_rotate(rotate) {
  if (m_rotate <= 0) throw InputError(m_directory + ": capture rotation interval must be positive");
}

void RotatingPcapWriter::Write(TimeUs ts, const std::uint8_t* data, std::uint32_t size, std::uint32_t wireLength) {
  const TimeUs intervalStart = ts - ts % m_rotate;
  if (!m_file || intervalStart != m_intervalStart) {
    Close();
    m_currentPath = m_directory + "/" + FormatCaptureFileName(m_fileAddress, intervalStart);
    m_file = std::make_unique<PcapFileWriter>(m_currentPath, m_linkType, static_cast<int>(m_snapLength));
    m_intervalStart = intervalStart;
  }
  m_file->Write(ts, std::max(size, wireLength), data, std::min(size, m_snapLength));
  ++m_packets;
}

void RotatingPcapWriter::Close() {
  if (!m_file) return;
  m_file->Commit();
  m_file.reset();
  m_files.push_back(m_currentPath);
}

}  // namespace ntlab
