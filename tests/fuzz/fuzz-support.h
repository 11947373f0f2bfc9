// What every harness shares: the rule that decides what a finding is, scratch files for readers
// that take a path, and a stream of decoded packets made from fuzz bytes.
//
// A finding is a crash, a sanitizer report, a hang, or an exception other than the documented
// "bad input" answer (InputError: one clear error line is the correct reaction to bad input).
// Harness checks (NTLAB_FUZZ_CHECK) add the parser's own promises: a round trip that must hold,
// a count that must add up. Each ends the run with abort(), which libFuzzer records as a crash
// with its input.
#pragma once

#include "analyzers/capture/decoded-packet.h"
#include "analyzers/capture/packet-decoder.h"
#include "analyzers/formats/basic-types.h"

#include <pcap/dlt.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <typeinfo>
#include <vector>

#define NTLAB_FUZZ_CHECK(condition)                                                             \
  do {                                                                                          \
    if (!(condition)) {                                                                         \
      std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                             \
    }                                                                                           \
  } while (false)

namespace ntlab::fuzz {

/// Runs `parse`. True when it accepted the input, false when it refused it with InputError (the
/// documented answer; NTLAB_FUZZ_VERBOSE=1 prints it). Any other exception is a finding: its type and message are printed and
/// the run aborts.
template <typename Parse>
bool AcceptsOrRefuses(Parse&& parse) {
  try {
    parse();
    return true;
  } catch (const InputError& e) {
    NTLAB_FUZZ_CHECK(e.what()[0] != '\0');
    // NTLAB_FUZZ_VERBOSE=1 prints each refusal: to check that seeds are accepted, or to read the
    // errors a corpus provokes.
    static const bool verbose = std::getenv("NTLAB_FUZZ_VERBOSE") != nullptr;
    if (verbose) std::fprintf(stderr, "fuzz: refused: %s\n", e.what());
    return false;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz: undocumented exception %s: %s\n", typeid(e).name(), e.what());
    std::abort();
  }
}

/// A folder of this process's own, on tmpfs when the machine has one, for readers that take a
/// path: the harness writes its input there and hands over the name. Removed at exit.
class Scratch {
 public:
  static const std::string& Dir() {
    // Never destroyed: the exit handler that removes the folder runs after static destructors.
    static const std::string* dir = new std::string(Make());
    return *dir;
  }
  /// Writes `size` bytes to Dir()/name and returns the path.
  static std::string Write(const std::string& name, const void* data, std::size_t size) {
    std::string path = Dir() + "/" + name;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    out.close();
    if (!out) {
      std::fprintf(stderr, "fuzz: cannot write %s\n", path.c_str());
      std::abort();
    }
    return path;
  }
  static std::string Write(const std::string& name, const std::string& text) {
    return Write(name, text.data(), text.size());
  }

 private:
  static std::string Make() {
    std::error_code ec;
    std::filesystem::path base = std::filesystem::is_directory("/dev/shm", ec) && access("/dev/shm", W_OK) == 0
                                     ? std::filesystem::path("/dev/shm")
                                     : std::filesystem::temp_directory_path();
    std::string dir = (base / ("ntlab-fuzz-" + std::to_string(getpid()))).string();
    std::filesystem::create_directories(dir);
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(Dir(), ignored);
    });
    return dir;
  }
};

/// The text of tests/fuzz/fixtures/<name>: the fixed files a harness puts beside its input (a
/// catalog for the scenario, a scenario for the experiment).
inline std::string Fixture(const std::string& name) {
  const std::string path = std::string(NTLAB_FUZZ_DIR) + "/fixtures/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "fuzz: cannot read fixture %s\n", path.c_str());
    std::abort();
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// The timestamps a packet source can deliver: the range of the formats' times (kMaxTimeSeconds
/// either side of the epoch, with their microseconds), so that packet times and log times compare.
constexpr TimeUs kMaxPacketTs = (kMaxTimeSeconds + 1) * kUsPerSecond;

/// Reads fuzz bytes front to back as fixed-size little-endian fields (seed files are written in
/// this order; libFuzzer's FuzzedDataProvider takes integers from the back instead). Past the end
/// every field reads as zero.
class ByteReader {
 public:
  ByteReader(const std::uint8_t* data, std::size_t size) : m_data(data), m_size(size) {}
  std::size_t Left() const { return m_size - m_pos; }
  template <typename T>
  T Read() {
    std::uint8_t bytes[sizeof(T)] = {};
    std::size_t n = std::min(sizeof(T), Left());
    std::memcpy(bytes, m_data + m_pos, n);
    m_pos += n;
    std::uint64_t value = 0;
    for (std::size_t i = sizeof(T); i-- > 0;) value = value << 8 | bytes[i];
    return static_cast<T>(value);
  }
  /// Up to `n` bytes (fewer at the end), copied into a buffer of exactly that size.
  std::vector<std::uint8_t> Bytes(std::size_t n) {
    n = std::min(n, Left());
    std::vector<std::uint8_t> out(m_data + m_pos, m_data + m_pos + n);
    m_pos += n;
    return out;
  }
  std::vector<std::uint8_t> Rest() { return Bytes(Left()); }

 private:
  const std::uint8_t* m_data;
  std::size_t m_size;
  std::size_t m_pos = 0;
};

/// Decoded packets from fuzz bytes, through the real PacketDecoder, as a capture delivers them:
///   header: u32 host hint (0 = none; 10.0.0.11 is 0x0a00000b)
///   record: i32 time step in microseconds, u16 frame length, the Ethernet frame; frame length
///           0xffff instead sets the packet time to an i64 (clamped to kMaxPacketTs).
/// Integers are little endian. Frames the decoder refuses are skipped, as PcapPacketSource skips
/// them. Each frame sits in a buffer of its exact size, so a read past it shows in AddressSanitizer.
class PacketStream {
 public:
  static constexpr TimeUs kStartTs = TimeUs(1'741'597'200) * kUsPerSecond;  // 2025-03-10 09:00 UTC

  PacketStream(const std::uint8_t* data, std::size_t size) : m_in(data, size), m_decoder(DLT_EN10MB) {
    m_hint = m_in.Read<std::uint32_t>();
  }

  /// The next decodable packet; false when the bytes run out. Valid until the next call.
  bool Next(DecodedPacket& packet) {
    while (m_in.Left() > 0) {
      auto step = m_in.Read<std::int32_t>();
      auto length = m_in.Read<std::uint16_t>();
      if (length == 0xffff) {
        m_ts = std::clamp<TimeUs>(m_in.Read<std::int64_t>(), -kMaxPacketTs, kMaxPacketTs);
        continue;
      }
      m_ts = std::clamp<TimeUs>(m_ts + step, -kMaxPacketTs, kMaxPacketTs);
      m_frame = m_in.Bytes(length);
      packet = DecodedPacket{};
      packet.ts = m_ts;
      packet.wire_length = static_cast<std::uint32_t>(m_frame.size());
      packet.host_hint = m_hint;
      if (m_decoder.Decode(m_frame.data(), m_frame.size(), packet) == DecodeResult::Ok) return true;
    }
    return false;
  }

 private:
  ByteReader m_in;
  PacketDecoder m_decoder;
  Ipv4 m_hint = 0;
  TimeUs m_ts = kStartTs;
  std::vector<std::uint8_t> m_frame;
};

}  // namespace ntlab::fuzz
