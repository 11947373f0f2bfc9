// Writes a classic pcap file (libpcap's pcap_dump, microsecond times) that appears under its
// final name only when complete: the records go to "<path>.tmp-<pid>", noted as a temporary file
// so that an error or an interrupt removes it (analyzers/formats/atomic-file.h), and Commit()
// renames it into place. ntlab writes pcap, not pcapng: libpcap has no pcapng writer, and pcap is
// what tcprewrite writes too (docs/replay.md).
#pragma once

#include "analyzers/formats/basic-types.h"

#include <cstdint>
#include <string>

struct pcap;
struct pcap_dumper;

namespace ntlab {

class PcapFileWriter {
 public:
  /// Throws InputError when the temporary file cannot be created.
  PcapFileWriter(std::string path, int linkType, int snapLength);
  PcapFileWriter(const PcapFileWriter&) = delete;
  PcapFileWriter& operator=(const PcapFileWriter&) = delete;
  /// Removes the temporary file unless Commit() succeeded.
  ~PcapFileWriter();

  /// One record: `captured` bytes of a frame of `wireLength` bytes seen at `ts` (0 or later).
  void Write(TimeUs ts, std::uint32_t wireLength, const std::uint8_t* data, std::uint32_t captured);
  /// Flushes, closes and renames into place; throws InputError on any I/O failure.
  void Commit();

 private:
  void Close();

  std::string m_path;
  std::string m_tempPath;
  struct pcap* m_pcap = nullptr;
  struct pcap_dumper* m_dumper = nullptr;
  bool m_committed = false;
};

}  // namespace ntlab
