// Writes a pcapng file (one section, one interface, microsecond times) whose packets may carry a
// comment: the owning process in ptcpdump's layout (analyzers/formats/process-comment.h), so that
// simulated captures have the form of a real process-aware capture (`ntlab run
// --pcapng-comments`). Beside PcapFileWriter because libpcap has no pcapng writer. Blocks are
// written little-endian; the file appears under its final name only on Commit() (AtomicFile).
#pragma once

#include "analyzers/formats/atomic-file.h"
#include "analyzers/formats/basic-types.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ntlab {

class PcapngFileWriter {
 public:
  /// Writes the Section Header and Interface Description blocks; throws InputError when the
  /// temporary file cannot be created.
  PcapngFileWriter(std::string path, int linkType, std::uint32_t snapLength);

  /// One Enhanced Packet Block: `captured` bytes of a frame of `wireLength` bytes seen at `ts`
  /// (0 or later), with one opt_comment per comment (ptcpdump writes the owner and its parent
  /// as two).
  void Write(TimeUs ts, std::uint32_t wireLength, const std::uint8_t* data, std::uint32_t captured,
             const std::vector<std::string>& comments);
  /// The same with one comment, or none when `comment` is empty.
  void Write(TimeUs ts, std::uint32_t wireLength, const std::uint8_t* data, std::uint32_t captured,
             const std::string& comment = {}) {
    Write(ts, wireLength, data, captured, comment.empty() ? std::vector<std::string>{} : std::vector{comment});
  }
  /// Flushes, closes and renames into place; throws InputError on any I/O failure.
  void Commit() { m_file.Commit(); }

 private:
  void WriteBlock(std::uint32_t type, const std::vector<std::uint8_t>& body);

  AtomicFile m_file;
  std::vector<std::uint8_t> m_body;  // reused between packets
};

}  // namespace ntlab
