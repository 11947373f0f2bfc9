#include "analyzers/capture/pcapng-block-reader.h"

#include "analyzers/capture/pcap-packet-source.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>
#include <pcap/dlt.h>

#include <fstream>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

// Hand-made pcapng blocks in either byte order, to reach what ntlab's own writer never writes.
class Blocks {
 public:
  explicit Blocks(bool bigEndian) : m_big(bigEndian) {}
  Blocks& Section() { return Block(0x0A0D0D0A, Join({U32(0x1A2B3C4D), U16(1), U16(0), U32(~0u), U32(~0u)})); }
  Blocks& Interface(std::uint16_t linkType, std::vector<std::uint8_t> options = {}) {
    return Block(1, Join({U16(linkType), U16(0), U32(0), options}));
  }
  Blocks& Enhanced(std::uint32_t interface, std::uint64_t units, const std::vector<std::uint8_t>& data,
                   std::vector<std::uint8_t> options = {}) {
    return Block(6, Join({U32(interface), U32(std::uint32_t(units >> 32)), U32(std::uint32_t(units)),
                          U32(std::uint32_t(data.size())), U32(std::uint32_t(data.size())), Padded(data), options}));
  }
  Blocks& Simple(const std::vector<std::uint8_t>& data) {
    return Block(3, Join({U32(std::uint32_t(data.size())), Padded(data)}));
  }
  Blocks& Block(std::uint32_t type, const std::vector<std::uint8_t>& body) {
    auto length = U32(std::uint32_t(body.size() + 12));
    m_bytes = Join({m_bytes, U32(type), length, body, length});
    return *this;
  }
  std::vector<std::uint8_t> Option(std::uint16_t code, const std::string& value) {
    return Join({U16(code), U16(std::uint16_t(value.size())), Padded({value.begin(), value.end()})});
  }
  std::vector<std::uint8_t> U16(std::uint16_t v) const {
    return m_big ? std::vector<std::uint8_t>{std::uint8_t(v >> 8), std::uint8_t(v)}
                 : std::vector<std::uint8_t>{std::uint8_t(v), std::uint8_t(v >> 8)};
  }
  std::vector<std::uint8_t> U32(std::uint32_t v) const {
    auto high = U16(std::uint16_t(v >> 16)), low = U16(std::uint16_t(v));
    return m_big ? Join({high, low}) : Join({low, high});
  }
  std::string Save(const std::string& name, std::size_t cut = 0) const {
    const std::string path = TempPath(name);
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(m_bytes.data()), std::streamsize(m_bytes.size() - cut));
    return path;
  }
  std::vector<std::uint8_t> m_bytes;

 private:
  static std::vector<std::uint8_t> Join(std::initializer_list<std::vector<std::uint8_t>> parts) {
    std::vector<std::uint8_t> out;
    for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
  }
  static std::vector<std::uint8_t> Padded(std::vector<std::uint8_t> v) {
    v.resize((v.size() + 3) / 4 * 4, 0);
    return v;
  }
  bool m_big;
};

std::vector<std::uint8_t> Frame(std::uint16_t sport) {
  return (Tins::EthernetII() / Tins::IP("10.0.0.2", "10.0.0.11") / Tins::TCP(80, sport)).serialize();
}

}  // namespace

TEST_CASE("a big-endian pcapng with nanosecond and binary time resolutions reads in microseconds",
          "[analysis][pcapng]") {
  Blocks b(true);
  b.Section()
      .Interface(DLT_EN10MB, b.Option(9, std::string(1, '\x09')))         // 10^-9
      .Interface(DLT_EN10MB, b.Option(9, std::string(1, char(0x80 | 20))))  // 2^-20
      .Block(0x80000001, std::vector<std::uint8_t>(8, 0xab))                 // a custom block: skipped
      .Enhanced(0, 1741597200'123456789ull, Frame(50000), b.Option(1, "PID: 7\nCmd: /bin/nc\nArgs: nc"))
      .Enhanced(1, (std::uint64_t(100) << 20) | (1u << 19), Frame(50001))
      .Simple(Frame(50002));
  PcapngBlockReader reader(b.Save("pcapng-reader-big-endian.pcapng"));
  PcapngPacket p;
  REQUIRE(reader.Next(p));
  CHECK(p.ts == 1741597200'123456);
  REQUIRE(p.comments == std::vector<std::string>{"PID: 7\nCmd: /bin/nc\nArgs: nc"});
  REQUIRE(reader.Next(p));
  CHECK(p.ts == Sec(100.5));
  CHECK(p.comments.empty());
  REQUIRE(reader.Next(p));
  CHECK(p.ts == Sec(100.5));  // a simple packet takes the previous time
  CHECK(p.captured == Frame(50002).size());
  CHECK_FALSE(reader.Next(p));
  CHECK(reader.Stats().skipped_blocks == 1);
  CHECK(reader.Stats().bad_blocks == 0);
}

TEST_CASE("bad pcapng blocks are counted and skipped, a broken length ends the file", "[analysis][pcapng]") {
  Blocks b(false);
  b.Section().Interface(DLT_EN10MB).Enhanced(3, 0, Frame(1))  // interface 3 was never described
      .Enhanced(0, std::uint64_t(4'000'000'001) * 1'000'000, Frame(2))   // beyond kMaxTimeSeconds
      .Enhanced(0, 1'000'000, Frame(3), b.Option(1, "PID: 1"));
  auto badOption = b.Option(1, "x");
  badOption[2] = 200;                                           // an option running past its block
  b.Enhanced(0, 2'000'000, Frame(4), badOption).Enhanced(0, 3'000'000, Frame(5));
  b.m_bytes.insert(b.m_bytes.end(), {6, 0, 0, 0, 13, 0, 0, 0});  // a length not a multiple of 4
  std::vector<std::string> problems;
  PcapngBlockReader reader(b.Save("pcapng-reader-bad-blocks.pcapng"),
                           [&](const std::string& problem) { problems.push_back(problem); });
  PcapngPacket p;
  std::vector<TimeUs> times;
  while (reader.Next(p)) times.push_back(p.ts);
  CHECK(times == std::vector<TimeUs>{Sec(1), Sec(3)});
  CHECK(reader.Stats().bad_blocks == 4);
  REQUIRE(problems.size() == 4);
  CHECK(problems[0].find("interface 3") != std::string::npos);
  CHECK(problems[2].find("runs past its block") != std::string::npos);
  CHECK(problems[3].find("impossible block length 13") != std::string::npos);
}

TEST_CASE("a pcapng cut inside its last block keeps the blocks before it", "[analysis][pcapng]") {
  Blocks b(false);
  b.Section().Interface(DLT_EN10MB).Enhanced(0, 1'000'000, Frame(1)).Enhanced(0, 2'000'000, Frame(2));
  const std::string path = b.Save("pcapng-reader-cut.pcapng", 10);
  PcapngBlockReader reader(path);
  PcapngPacket p;
  CHECK(reader.Next(p));
  CHECK_FALSE(reader.Next(p));
  CHECK(reader.Stats().truncated_tail.find("only got") != std::string::npos);

  // Through the packet source: the usual truncated-tail warning, and an error when strict.
  std::vector<std::string> warnings;
  CaptureOptions options;
  options.read_comments = true;
  options.warn = [&](const std::string& line) { warnings.push_back(line); };
  PcapPacketSource source(CapturePlan::FromInputs({path}), options);
  struct Ignore : PacketSink {
    void OnPacket(const DecodedPacket&) override {}
    void OnGroupFinished() override {}
  } sink;
  source.Run(sink);
  CHECK(source.Stats().truncated_files == 1);
  CHECK(source.Stats().decoded == 1);
  options.strict_captures = true;
  PcapPacketSource strict(CapturePlan::FromInputs({path}), options);
  CHECK_THROWS_AS(strict.Run(sink), InputError);
}

TEST_CASE("a file that is not pcapng is refused by the block reader", "[analysis][pcapng]") {
  const std::string path = TempPath("pcapng-reader-not.pcapng");
  std::ofstream(path) << "not a capture at all";
  CHECK_FALSE(PcapngBlockReader::IsPcapng(path));
  CHECK_THROWS_AS(PcapngBlockReader(path), InputError);
}
