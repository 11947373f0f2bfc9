// The poll schedule of an interval-form socket log (socketlog-polls.csv, PollRunReader) and the
// schedule SocketIndex::Load builds from it. Input: the polls file, then optionally a form feed
// (0x0c) and the interval-form socket log to map onto it; without one, a fixed log of two
// sockets on pc01 is used. The loaded index is probed as the labelling stages use it.
#include "analyzers/labeling/socket-index.h"
#include "tests/fuzz/fuzz-support.h"
#include "tests/fuzz/socket-index-probe.h"

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ntlab;
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::size_t split = input.find('\f');
  const std::string polls = input.substr(0, split);
  const std::string log =
      split != std::string::npos
          ? input.substr(split + 1)
          : "first_ts,last_ts,host,proto,local_ip,local_port,remote_ip,remote_port,state,pid,process\n"
            "1741597230.000905,1741597230.050905,pc01,tcp,10.0.0.11,58657,198.51.100.10,443,ESTABLISHED,6576,chrome.exe\n"
            "1741597230.050905,1741597230.050905,pc01,udp,0.0.0.0,5353,,,-,1020,svchost.exe\n";
  fuzz::Scratch::Write("socketlog-polls.csv", polls);
  const std::string path = fuzz::Scratch::Write("socketlog.csv", log);
  fuzz::AcceptsOrRefuses([&] { fuzz::ProbeIndex(SocketIndex::Load(path)); });
  return 0;
}
