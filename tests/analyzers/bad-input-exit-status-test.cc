// The analyzers' side of ntlab's exit statuses (docs/formats.md, "Exit status"): a bad input file
// is an InputError, which every command turns into exit status 2 and one error line with no raw
// control byte; a bad packet is no error at all (exit 0, a warning). Run through the real binary.
#include "tests/analyzers/analyzer-fixtures.h"

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include "tests/support/build-paths.h"

using namespace ntlab;
using namespace ntlab::fixtures;
namespace fs = std::filesystem;

namespace {

struct Outcome {
  int status = -1;
  std::string stderr_text;
};

// Runs build/ntlab with `args` in `dir` (no shell, so names may hold any byte).
Outcome RunNtlab(const std::string& dir, std::vector<std::string> args) {
  const std::string errPath = dir + "/stderr.txt";
  args.insert(args.begin(), std::string(NTLAB_BINARY_DIR) + "/ntlab");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t child = ::fork();
  if (child == 0) {
    int err = ::open(errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int null = ::open("/dev/null", O_WRONLY);
    if (err < 0 || null < 0 || ::chdir(dir.c_str()) != 0) ::_exit(126);
    ::dup2(err, STDERR_FILENO);
    ::dup2(null, STDOUT_FILENO);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  Outcome out;
  int status = 0;
  if (child > 0 && ::waitpid(child, &status, 0) == child && WIFEXITED(status)) out.status = WEXITSTATUS(status);
  std::ifstream in(errPath);
  std::ostringstream text;
  text << in.rdbuf();
  out.stderr_text = text.str();
  return out;
}

std::string FreshDir(const std::string& name) {
  std::string dir = TempPath(name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// One line, "ntlab: error: ...", and nothing a terminal would act on.
void CheckOneCleanErrorLine(const std::string& text) {
  CHECK_THAT(text, Catch::StartsWith("ntlab: error: "));
  REQUIRE_FALSE(text.empty());
  CHECK(text.find('\n') == text.size() - 1);
  for (unsigned char c : text.substr(0, text.size() - 1)) CHECK((c >= 0x20 && c != 0x7f));
}

}  // namespace

TEST_CASE("a bad input file exits 2 from every analysis command, with one clean error line", "[analysis][cli]") {
  std::string dir = FreshDir("exit-status");
  std::ofstream(dir + "/text.pcap") << "this is not a capture\n";
  std::ofstream(dir + "/evil\r\x1b[2Jname.pcap") << "neither is this\n";
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"sessions", "text.pcap"},
           {"kraken", "--pcap", "text.pcap", "--out", "kraken"},
           {"zeus", "--pcap", "text.pcap", "--out", "zeus"},
           {"domains", "--pcap", "text.pcap", "--out", "domains"},
           {"label", "--pcap", "text.pcap", "--socket-log", "missing.csv", "--out", "labels.csv"},
           {"sessions", "evil\r\x1b[2Jname.pcap"}}) {
    std::string command;
    for (const auto& arg : args) command += " " + EscapeForMessage(arg);
    INFO("ntlab" << command);
    Outcome o = RunNtlab(dir, args);
    CHECK(o.status == 2);
    CheckOneCleanErrorLine(o.stderr_text);
  }
  Outcome o = RunNtlab(dir, {"sessions", "evil\r\x1b[2Jname.pcap"});
  CHECK_THAT(o.stderr_text, Catch::Contains("evil\\x0d\\x1b[2Jname.pcap: not a readable pcap/pcapng capture"));
}

TEST_CASE("a socket log with a raw carriage return or a NUL exits 2 and writes no labels", "[analysis][cli]") {
  std::string dir = FreshDir("exit-status-label");
  {
    PcapBuilder pcap(dir + "/capture.pcap");
    pcap.Tcp(Sec(1741597200), Ep("10.0.0.11", 50000), Ep("10.0.0.2", 443), TcpFlag::kSyn);
  }
  const std::string header = "ts,host,proto,local_ip,local_port,remote_ip,remote_port,state,pid,process\n";
  const std::string row = "1741597200.000000,pc01,tcp,10.0.0.11,50000,10.0.0.2,443,ESTABLISHED,4242,";
  for (const std::string& process : {std::string("chr\rome.exe"), std::string("chr\0me.exe", 10)}) {
    std::ofstream(dir + "/socketlog.csv", std::ios::binary) << header << row << process << "\n";
    Outcome o =
        RunNtlab(dir, {"label", "--pcap", "capture.pcap", "--socket-log", "socketlog.csv", "--out", "labels.csv"});
    CHECK(o.status == 2);
    CheckOneCleanErrorLine(o.stderr_text);
    CHECK_THAT(o.stderr_text, Catch::Contains("socketlog.csv:2: column 'process': "));
    CHECK_FALSE(fs::exists(dir + "/labels.csv"));
  }
}

TEST_CASE("a bad truth file stops ntlab domains before any output is written", "[analysis][cli][domains]") {
  std::string dir = FreshDir("exit-status-domains");
  {
    PcapBuilder pcap(dir + "/capture.pcap");
    pcap.Tcp(Sec(1741597200), Ep("10.0.0.11", 50000), Ep("10.0.0.2", 443), TcpFlag::kSyn);
  }
  std::ofstream(dir + "/expected-domains.csv") << "proto,host_ip,host_port,remote_ip,remote_port,domain\n"
                                                   "tcp,10.0.0.11,50000,10.0.0.999,443,a.example\n";
  Outcome o = RunNtlab(dir, {"domains", "--pcap", "capture.pcap", "--truth", "expected-domains.csv", "--out", "out"});
  CHECK(o.status == 2);
  CheckOneCleanErrorLine(o.stderr_text);
  CHECK_THAT(o.stderr_text, Catch::Contains("expected-domains.csv:2: column 'remote_ip': '10.0.0.999' is not an IP address"));
  CHECK_FALSE(fs::exists(dir + "/out"));
}

TEST_CASE("bad packets are no error: exit 0, a warning naming file and packet, counts in the metrics",
          "[analysis][cli]") {
  std::string dir = FreshDir("exit-status-packets");
  {
    PcapBuilder pcap(dir + "/dns.pcap");
    // A DNS response whose answer's owner name is a pointer past the end of the message.
    std::vector<std::uint8_t> dns = {0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 1, 'a', 0, 0, 1, 0, 1, 0xc0, 0xff};
    pcap.Tcp(Sec(1741597200), Ep("10.0.0.11", 50000), Ep("10.0.0.2", 443), TcpFlag::kSyn);
    pcap.UdpPayload(Sec(1741597201), Ep("10.0.0.2", 53), Ep("10.0.0.11", 50001), dns);
  }
  Outcome o = RunNtlab(dir, {"kraken", "--pcap", "dns.pcap", "--out", "kraken"});
  CHECK(o.status == 0);
  CHECK_THAT(o.stderr_text, Catch::Contains("ntlab: warning: dns.pcap: packet 2: DNS answer: compression pointer to "
                                            "offset 255, past the end (21 bytes)\n"));
  CHECK_THAT(o.stderr_text, Catch::Contains("ntlab: warning: 1 bad packet skipped (DNS answer 1)"));
  std::ifstream metrics(dir + "/kraken/kraken_metrics.json");
  auto json = nlohmann::json::parse(metrics);
  CHECK(json["bad_packets"]["total"] == 1);
  CHECK(json["bad_packets"]["by_reason"]["dns_answer"] == 1);
}
