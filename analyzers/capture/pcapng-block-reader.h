// Reads a pcapng file block by block (the IETF draft "PCAP Next Generation Dump File Format"),
// for what libpcap does not expose: the options of each packet, above all opt_comment, where
// process-aware capture tools write the owning process (analyzers/formats/process-comment.h).
//
// Blocks read: Section Header (either byte order; each section resets the interfaces),
// Interface Description (link type, snap length, if_tsresol, if_tsoffset), Enhanced Packet (with
// opt_comment and epb_flags), Simple Packet (no time: it takes the previous packet's), and the
// obsolete Packet Block. Every other block type is skipped by its length.
//
// Error policy: a file that does not start with a Section Header is an InputError. Inside, a
// block whose contents are wrong (a packet of an unknown interface, captured bytes beyond the
// block, an option running past its block, a time beyond kMaxTimeSeconds, an unusable
// if_tsresol) is a bad block: counted, the first few described, and skipped. A block whose
// length itself is impossible (below 12 bytes, not a multiple of 4, over kMaxBlockBytes, or not
// repeated at its end) leaves no way to find the next block, so it ends the file as a bad block;
// a file that ends inside a block ends as a truncated tail. Neither is fatal.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ntlab {

using TimeUs = std::int64_t;

/// One packet of a packet block, valid until the next call of Next().
struct PcapngPacket {
  std::uint32_t interface_id = 0;
  int link_type = 0;                  // the interface's (pcap LINKTYPE_*/DLT_* value)
  TimeUs ts = 0;                      // microseconds since the epoch (if_tsresol and if_tsoffset applied)
  std::uint32_t wire_length = 0;
  std::uint32_t captured = 0;
  const std::uint8_t* data = nullptr;
  std::vector<std::string> comments;  // every opt_comment, in block order
  /// epb_flags' direction bits: 0 unknown, 1 inbound, 2 outbound.
  std::uint8_t direction = 0;
};

struct PcapngReadStats {
  std::uint64_t blocks = 0;
  std::uint64_t packets = 0;
  std::uint64_t skipped_blocks = 0;   // block types without packets or interfaces (statistics, name resolution …)
  std::uint64_t bad_blocks = 0;
  /// The file ended inside a block: "truncated dump file; tried to read N bytes, only got M"
  /// (libpcap's words, so that one message serves both readers); empty otherwise.
  std::string truncated_tail;
};

class PcapngBlockReader {
 public:
  static constexpr std::uint32_t kMaxBlockBytes = 16u << 20;  // libpcap's limit too
  /// Receives each bad block's description ("block at byte 92: ...").
  using OnBadBlock = std::function<void(const std::string&)>;

  /// Throws InputError when the file cannot be opened or does not start with a Section Header.
  explicit PcapngBlockReader(std::string path, OnBadBlock onBadBlock = {});
  /// True if the file starts with a pcapng Section Header Block (the rest is not checked).
  static bool IsPcapng(const std::string& path);

  /// The next packet; false at the end of the file (or where a broken block ends it).
  bool Next(PcapngPacket& packet);
  const PcapngReadStats& Stats() const { return m_stats; }

 private:
  struct Interface {
    int link_type = 0;
    std::uint32_t snap_length = 0;
    std::uint64_t units_per_second = 1'000'000;  // 0: if_tsresol beyond what is read
    std::int64_t offset_seconds = 0;
  };

  bool ReadBlock();                   // into m_block; false at end of file or a broken block
  void ReadSectionHeader();
  void ReadInterface();
  bool ReadEnhancedPacket(PcapngPacket& packet, bool obsolete);
  bool ReadSimplePacket(PcapngPacket& packet);
  bool ReadPacketOptions(std::size_t at, PcapngPacket& packet);
  bool ToMicroseconds(const Interface& interface, std::uint64_t units, TimeUs& ts);
  std::uint32_t U32(std::size_t at) const;
  std::uint16_t U16(std::size_t at) const;
  void BadBlock(const std::string& what);

  std::string m_path;
  OnBadBlock m_onBadBlock;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> m_file;
  bool m_swap = false;                // the section's byte order is not the host's
  std::vector<Interface> m_interfaces;
  std::vector<std::uint8_t> m_block;  // the current block, whole
  std::uint32_t m_blockType = 0;
  std::uint64_t m_offset = 0;         // file offset of the current block
  TimeUs m_lastTs = 0;
  PcapngReadStats m_stats;
};

}  // namespace ntlab
