#include "analyzers/capture/pcap-file-writer.h"

#include "analyzers/formats/atomic-file.h"

#include <pcap/pcap.h>

#include <cstdio>
#include <unistd.h>

namespace ntlab {

PcapFileWriter::PcapFileWriter(std::string path, int linkType, int snapLength)
    : m_path(std::move(path)), m_tempPath(m_path + ".tmp-" + std::to_string(::getpid())) {
  m_pcap = pcap_open_dead(linkType, snapLength);
  if (!m_pcap) throw InputError(m_path + ": cannot prepare a pcap writer for link type " + std::to_string(linkType));
  NoteTemporaryFile(m_tempPath);
  m_dumper = pcap_dump_open(m_pcap, m_tempPath.c_str());
  if (!m_dumper) {
    const std::string reason = pcap_geterr(m_pcap);
    Close();
    DiscardTemporaryFile(m_tempPath);
    throw InputError(m_path + ": cannot create file: " + reason);
  }
}

PcapFileWriter::~PcapFileWriter() {
  if (m_committed) return;
  Close();
  DiscardTemporaryFile(m_tempPath);
}

void PcapFileWriter::Write(TimeUs ts, std::uint32_t wireLength, const std::uint8_t* data, std::uint32_t captured) {
  pcap_pkthdr header{};
  header.ts.tv_sec = static_cast<time_t>(ts / kUsPerSecond);  // ts >= 0: the caller checks
  header.ts.tv_usec = static_cast<suseconds_t>(ts - TimeUs(header.ts.tv_sec) * kUsPerSecond);
  header.caplen = captured;
  header.len = wireLength;
  pcap_dump(reinterpret_cast<u_char*>(m_dumper), &header, data);
}

void PcapFileWriter::Commit() {
  // pcap_dump reports no error: a full disk shows in the stream's error flag, checked here.
  FILE* file = pcap_dump_file(m_dumper);
  const bool failed = pcap_dump_flush(m_dumper) != 0 || std::ferror(file) != 0;
  Close();
  if (failed) throw InputError(m_path + ": cannot write the capture (disk full or I/O error)");
  CommitFile(m_tempPath, m_path);
  m_committed = true;
}

void PcapFileWriter::Close() {
  if (m_dumper) pcap_dump_close(m_dumper);
  if (m_pcap) pcap_close(m_pcap);
  m_dumper = nullptr;
  m_pcap = nullptr;
}

}  // namespace ntlab
