// The input text rule on every CSV reader: NUL bytes, control characters, bytes that are not
// UTF-8 and overlong fields are refused with one clean error line naming file, line and column.
#include "analyzers/formats/checked-csv-file.h"

#include "analyzers/formats/kraken-files.h"
#include "analyzers/formats/records.h"
#include "analyzers/formats/zeus-files.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <functional>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

std::string WriteCsv(const std::string& name, const std::string& bytes) {
  std::string path = TempPath(name);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

// The error `read` raises on `path`; fails the test when there is none.
std::string ErrorOf(const std::function<void()>& read) {
  try {
    read();
  } catch (const InputError& e) {
    return e.what();
  }
  FAIL("no InputError");
  return {};
}

const std::string kSocketHeader = "ts,host,proto,local_ip,local_port,remote_ip,remote_port,state,pid,process\n";
const std::string kSocketRow = "1741597200.000000,pc01,tcp,10.0.0.11,50000,10.0.0.2,443,ESTABLISHED,4242,";

std::string ReadSocketLog(const std::string& name, const std::string& process) {
  std::string path = WriteCsv(name, kSocketHeader + kSocketRow + "chrome.exe\n" + kSocketRow + process + "\n");
  return ErrorOf([&] { ReadAll<SocketLogReader>(path); });
}

}  // namespace

TEST_CASE("a NUL byte in a CSV field is refused, not a silently shortened name", "[analysis][formats]") {
  std::string error = ReadSocketLog("nul.csv", std::string("chr\0me.exe", 10));
  CHECK(error == TempPath("nul.csv") + ":3: column 'process': has a NUL byte (\\x00)");
}

TEST_CASE("control characters, bad UTF-8 and overlong fields are refused with a clean error line",
          "[analysis][formats]") {
  const std::string file = TempPath("hostile.csv");
  CHECK(ReadSocketLog("hostile.csv", "a\rb.exe") ==
        file + ":3: column 'process': has the control character \\x0d (a carriage return inside a line)");
  CHECK(ReadSocketLog("hostile.csv", "evil\x1b]0;owned\x07.exe") ==
        file + ":3: column 'process': has the control character \\x1b");
  CHECK(ReadSocketLog("hostile.csv", "caf\xe9.exe") == file + ":3: column 'process': is not UTF-8 (byte \\xe9)");
  CHECK(ReadSocketLog("hostile.csv", "caf\xc3") == file + ":3: column 'process': is not UTF-8 (byte \\xc3)");
  CHECK(ReadSocketLog("hostile.csv", std::string(5000, 'p')) ==
        file + ":3: column 'process': is longer than 4096 bytes");
  std::string path = WriteCsv("hostile.csv", kSocketHeader + "1741597200.0,pc\x01,tcp\n");
  CHECK(ErrorOf([&] { ReadAll<SocketLogReader>(path); }) ==
        file + ":2: column 'host': has the control character \\x01");
  path = WriteCsv("hostile.csv", "ts,host\x7f,proto\n");
  CHECK(ErrorOf([&] { ReadAll<SocketLogReader>(path); }) == file + ":1: header has the control character \\x7f");
  path = WriteCsv("hostile.csv", kSocketHeader + kSocketRow + "x.exe,extra\x02\n");
  CHECK(ErrorOf([&] { ReadAll<SocketLogReader>(path); }) == file + ":2: column 11: has the control character \\x02");
  path = WriteCsv("hostile.csv", kSocketHeader + kSocketRow + "\xe2\x82");  // the file ends inside a character
  CHECK(ErrorOf([&] { ReadAll<SocketLogReader>(path); }) ==
        file + ":2: column 'process': is not UTF-8 (byte \\xe2 at the end)");
}

TEST_CASE("UTF-8 names, CRLF line ends and quoted fields still read", "[analysis][formats]") {
  std::string crlf = kSocketHeader.substr(0, kSocketHeader.size() - 1) + "\r\n";
  const std::string german = "B\u00fccher.exe";  // UTF-8 (gcc's execution character set)
  std::string path =
      WriteCsv("good.csv", crlf + kSocketRow + german + "\r\n" + kSocketRow + "\"a, \"\"quoted\"\" name.exe\"\r\n");
  auto rows = ReadAll<SocketLogReader>(path);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].process == german);
  CHECK(rows[1].process == "a, \"quoted\" name.exe");
}

// The parser reads the byte past the data when the last line is open (see checked-csv-file.h);
// the byte source closes it, so what the parser gets always ends with a line end.
std::string BytesTheParserGets(const std::string& path) {
  CheckedCsvFile file(path);
  std::string bytes, block(7, '\0');  // small blocks: the end falls inside, or exactly on, a block
  for (int n; (n = file.read(block.data(), static_cast<int>(block.size()))) > 0;) bytes.append(block, 0, n);
  return bytes;
}

TEST_CASE("a last line with no line end reaches the parser closed", "[analysis][formats]") {
  CHECK(BytesTheParserGets(WriteCsv("open.csv", "host,ip\npc1,10.0.0.1")) == "host,ip\npc1,10.0.0.1\n");
  CHECK(BytesTheParserGets(WriteCsv("block.csv", "host,ip\npc")) == "host,ip\npc\n");  // 13 bytes: 7 + 6
  CHECK(BytesTheParserGets(WriteCsv("exact.csv", "host,ip\npc1,1")) == "host,ip\npc1,1\n");  // 14: 7 + 7
  CHECK(BytesTheParserGets(WriteCsv("closed.csv", "host,ip\npc1,10.0.0.1\n")) == "host,ip\npc1,10.0.0.1\n");
  CHECK(BytesTheParserGets(WriteCsv("empty.csv", "")).empty());
  auto rows = ReadAll<HostReader>(WriteCsv("hosts.csv", "host,ip\npc1,10.0.0.1\npc2,10.0.0.2"));
  REQUIRE(rows.size() == 2);
  CHECK(rows[1].host == "pc2");
}

TEST_CASE("every CSV reader refuses a NUL byte", "[analysis][formats]") {
  const std::string nul("x\0y", 3);
  struct Case {
    const char* name;
    const char* column;  // the one holding the NUL
    std::string bytes;
    std::function<void(const std::string&)> read;
  };
  const std::vector<Case> cases = {
      {"socketlog-intervals.csv", "host",
       "first_ts,last_ts,host,proto,local_ip,local_port,remote_ip,remote_port,state,pid,process\n1.0,2.0," + nul +
           ",tcp,10.0.0.1,1,,,LISTEN,4,a.exe\n",
       [](const std::string& p) { ReadAll<SocketIntervalReader>(p); }},
      {"polls.csv", "host", "host,first_ts,interval_us,polls\n" + nul + ",1.0,50000,3\n",
       [](const std::string& p) { ReadAll<PollRunReader>(p); }},
      {"events.csv", "process",
       "ts,host,event,proto,local_ip,local_port,remote_ip,remote_port,pid,process\n"
       "1.0,pc01,connect,tcp,10.0.0.1,1,,,4," + nul + "\n",
       [](const std::string& p) { ReadAll<EventReader>(p); }},
      {"truth.csv", "process",
       "host,proto,local_ip,local_port,remote_ip,remote_port,pid,process,open_ts,close_ts\n"
       "pc01,tcp,10.0.0.1,1,,,4," + nul + ",1.0,\n",
       [](const std::string& p) { ReadAll<TruthReader>(p); }},
      {"hosts.csv", "host", "host,ip\n" + nul + ",10.0.0.1\n", [](const std::string& p) { ReadAll<HostReader>(p); }},
      {"zeus_episodes.csv", "behaviour", "ts,bot_ip,episode,behaviour\n1.0,10.0.0.1,1," + nul + "\n",
       [](const std::string& p) { ReadZeusTruthCsv(p); }},
      {"kraken_truth.csv", "process", "host,host_ip,process\npc01,10.0.0.1," + nul + "\n",
       [](const std::string& p) { ReadKrakenTruthCsv(p); }},
  };
  for (const Case& c : cases) {
    INFO(c.name);
    std::string path = WriteCsv(c.name, c.bytes);
    CHECK(ErrorOf([&] { c.read(path); }) == path + ":2: column '" + c.column + "': has a NUL byte (\\x00)");
  }
}

TEST_CASE("a Zeus model's labels keep the input text rule", "[analysis][formats]") {
  std::string path = WriteCsv("model.json", R"({"format": "ntlab-zeus-kmeans-1", "features": ["a"],
    "scale": {"center": [0], "sd": [1]},
    "clusters": [{"center": [0], "count": 1, "label": "ok"}, {"center": [1], "count": 1, "label": "bad\r\u001b[2J"}]})");
  CHECK(ErrorOf([&] { ReadZeusModelFile(path); }) == path + ": clusters[1].label has the control character \\x0d");
}
