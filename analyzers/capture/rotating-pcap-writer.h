// A capture cut into files by wall-clock interval, as `tcpdump -G` does (paper 001's per-host
// per-minute captures): one file per interval, named "<address>_<YYYYmmddTHHMMSSZ>.pcap" after
// the interval's start (FormatCaptureFileName), each appearing under its final name only when
// complete (PcapFileWriter). The simulator's capture points (mirror ports, the NAT uplink) write
// through it, so both name, rotate and commit their files the same way.
#pragma once

#include "analyzers/capture/pcap-file-writer.h"
#include "analyzers/formats/basic-types.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ntlab {

class RotatingPcapWriter {
 public:
  /// Files go to `directory`, named after `fileAddress`; intervals of `rotate` (> 0) are aligned
  /// to multiples of it since the epoch, so a 60 s rotation starts files on wall-clock minutes.
  RotatingPcapWriter(std::string directory, const IpAddress& fileAddress, int linkType, std::uint32_t snapLength, TimeUs rotate);

  /// One frame of `size` bytes seen at `ts` (epoch, >= 0), cut to the snap length. A live capture
  /// gives `wireLength` when the kernel already cut the frame (0: `size` is the whole frame).
  void Write(TimeUs ts, const std::uint8_t* data, std::uint32_t size, std::uint32_t wireLength = 0);
  /// Commits the open file, if any; writing again later opens the next one.
  void Close();

  const std::vector<std::string>& Files() const { return m_files; }
  std::uint64_t Packets() const { return m_packets; }

 private:
  std::string m_directory;
  IpAddress m_fileAddress;
  int m_linkType;
  std::uint32_t m_snapLength;
  TimeUs m_rotate;
  std::unique_ptr<PcapFileWriter> m_file;
  TimeUs m_intervalStart = -1;
  std::string m_currentPath;
  std::vector<std::string> m_files;
  std::uint64_t m_packets = 0;
};

}  // namespace ntlab
