// ntlab_regression_captures: makes the hand-built inputs of the regression corpus. The corpus
// holds its output (CI never runs it); a runner test reruns it and compares byte for byte, so
// this program stays the exact record of how those files were made (generators/README.md).
//
//   ntlab_regression_captures traps CORPUS_DIR
//       every trap-*/ case's capture.pcap, socketlog.csv, events.csv, truth.csv
//   ntlab_regression_captures split-client-hello OUT.pcap
//   ntlab_regression_captures cooked ETHERNET.pcap HOST_IP OUT_SLL.pcap OUT_SLL2.pcap
//   ntlab_regression_captures bad-packets CORPUS_DIR
//       the bad-packet-*/ cases' captures, from committed captures of other cases
//   ntlab_regression_captures domains CASE_DIR
//       the domains-cdn case's capture.pcap and expected-domains.csv
//   ntlab_regression_captures fragments OUT.pcap
//       the rewrite-fragments case's capture: TCP, UDP, ICMP, ARP and IPv4 fragments
//   ntlab_regression_captures messengers CASE_DIR
//       the messengers-login case's capture.pcap and messenger-roles.csv
//   ntlab_regression_captures quic OUT.pcap
//       the capture-quic-sni case's capture: QUIC v1 and v2 Initials, a damaged one, DNS
//   ntlab_regression_captures truncated SOURCE.pcap OUT.pcap BYTES
//       a copy of SOURCE with its last record cut short by BYTES (capture-truncated-tail)
//   ntlab_regression_captures pppoe ETHERNET.pcap OUT.pcap
//       the capture-pppoe case's capture: every IPv4 frame in a PPPoE session, half VLAN-tagged
//   ntlab_regression_captures ipv6 CASE_DIR
//       the capture-ipv6 case's capture.pcap, socketlog.csv, events.csv, truth.csv, expected-domains.csv
//   ntlab_regression_captures ipv6-fragments IPV6.pcap OUT.pcap
//       the capture-ipv6-fragments case's capture: the larger IPv6 packets as fragments
//   ntlab_regression_captures blocking CASE_DIR
//       the blocking-bypasses case's capture.pcap, socketlog.csv (with window_class, control_text), events.csv, truth.csv
//   ntlab_regression_captures comments CORPUS_DIR CASE_DIR
//       the capture-pcapng-comments case's pcapng/ (sim-2host-60s with its owners) and loopback.pcapng
#include "tests/regression/generators/bad-packets.h"
#include "tests/regression/generators/comment-captures.h"
#include "tests/regression/generators/cooked-capture.h"
#include "tests/regression/generators/domain-captures.h"
#include "tests/regression/generators/engine-traps.h"
#include "tests/regression/generators/fragment-capture.h"
#include "tests/regression/generators/ipv6-captures.h"
#include "tests/regression/generators/messenger-captures.h"
#include "tests/regression/generators/blocking-captures.h"
#include "tests/regression/generators/pppoe-capture.h"
#include "tests/regression/generators/quic-captures.h"

#include <cstdio>
#include <exception>
#include <string>
#include <vector>

using namespace ntlab;
using namespace ntlab::regression;

namespace {

int Usage() {
  std::fprintf(stderr,
               "usage: ntlab_regression_captures traps CORPUS_DIR\n"
               "       ntlab_regression_captures split-client-hello OUT.pcap\n"
               "       ntlab_regression_captures cooked ETHERNET.pcap HOST_IP OUT_SLL.pcap OUT_SLL2.pcap\n"
               "       ntlab_regression_captures bad-packets CORPUS_DIR\n"
               "       ntlab_regression_captures domains CASE_DIR\n"
               "       ntlab_regression_captures fragments OUT.pcap\n"
               "       ntlab_regression_captures messengers CASE_DIR\n"
               "       ntlab_regression_captures quic OUT.pcap\n"
               "       ntlab_regression_captures truncated SOURCE.pcap OUT.pcap BYTES\n"
               "       ntlab_regression_captures pppoe ETHERNET.pcap OUT.pcap\n"
               "       ntlab_regression_captures ipv6 CASE_DIR\n"
               "       ntlab_regression_captures ipv6-fragments IPV6.pcap OUT.pcap\n"
               "       ntlab_regression_captures blocking CASE_DIR\n"
               "       ntlab_regression_captures comments CORPUS_DIR CASE_DIR\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() == 2 && args[0] == "traps") {
      for (const auto& [name, script] : EngineTraps()) script.Write(std::filesystem::path(args[1]) / name);
      return 0;
    }
    if (args.size() == 3 && args[0] == "comments") {
      WriteCommentCaptures(args[1], args[2]);
      return 0;
    }
    if (args.size() == 2 && args[0] == "bad-packets") {
      WriteBadPacketCaptures(args[1]);
      return 0;
    }
    if (args.size() == 2 && args[0] == "domains") {
      WriteDomainsCase(args[1]);
      return 0;
    }
    if (args.size() == 2 && args[0] == "fragments") {
      WriteFragmentCapture(args[1]);
      return 0;
    }
    if (args.size() == 2 && args[0] == "messengers") {
      WriteMessengersCase(args[1]);
      return 0;
    }
    if (args.size() == 2 && args[0] == "quic") {
      WriteQuicCapture(args[1]);
      return 0;
    }
    if (args.size() == 4 && args[0] == "truncated") {
      WriteTruncatedCopy(args[1], args[2], static_cast<unsigned>(std::stoul(args[3])));
      return 0;
    }
    if (args.size() == 3 && args[0] == "pppoe") {
      WritePppoeCapture(args[1], args[2]);
      return 0;
    }
    if (args.size() == 2 && args[0] == "ipv6") {
      WriteIpv6Case(args[1]);
      return 0;
    }
    if (args.size() == 3 && args[0] == "ipv6-fragments") {
      WriteIpv6FragmentedCopy(args[1], args[2]);
      return 0;
    }
    if (args.size() == 2 && args[0] == "blocking") {
      WriteBlockingCase(args[1]);
      return 0;
    }
    if (args.size() == 2 && args[0] == "split-client-hello") {
      SplitClientHelloCapture().WriteCapture(args[1]);
      return 0;
    }
    if (args.size() == 5 && args[0] == "cooked") {
      std::optional<Ipv4> host = ParseIpv4(args[2]);
      if (!host) return Usage();
      WriteCookedCapture(args[1], *host, CookedHeader::Sll, args[3]);
      WriteCookedCapture(args[1], *host, CookedHeader::Sll2, args[4]);
      return 0;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ntlab_regression_captures: %s\n", e.what());
    return 1;
  }
  return Usage();
}
