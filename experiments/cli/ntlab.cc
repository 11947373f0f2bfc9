// ntlab: simulate an enterprise LAN, label its traffic by process, and report against the truth.
//
//   ntlab run <scenario.yaml> --out DIR     simulate, label, report (full build only)
//   ntlab label --pcap P --socket-log S     the analyzer alone (real captures too)
//   ntlab sessions <pcap|dir>               sessions as CSV
//   ntlab zeus / kraken --pcap P --out DIR  papers 002 and 003 on captures
//   ntlab validate <scenario.yaml>          check a scenario file
//   ntlab rewrite IN OUT --pnat A:B ...     rewrite a capture's addresses, ports, MACs, times
//   ntlab isolate --pcap P --out DIR         replay into isolated namespaces (root, paper 002)
//   ntlab messengers --pcap P --out DIR      messenger sessions, server structure, IP table
//   ntlab socketlog --out socketlog.csv      log this Linux host's sockets and processes (paper 001)
//   ntlab block --policy P --pcap P --out D  paper 004's blocking methods evaluated on captures
//   ntlab report DIR                         web report of a run's or experiment's stats.sqlite
//   ntlab monitor --iface IF --out DIR       domains live on an interface (root, paper 000)
//
// Exit codes, the same for every command: 0 success, 2 bad input or usage (one error line),
// 1 internal error; 130 / 143 interrupted by SIGINT / SIGTERM (experiments/cli/interrupt-watch.h).
#include "analyzers/formats/basic-types.h"
#include "experiments/cli/commands.h"
#include "experiments/cli/interrupt-watch.h"

#include <cstdio>
#include <exception>
#include <vector>

namespace {

/// One line, no raw control bytes: what a terminal shows of an error must be what it says.
std::string OneLine(const std::string& text) {
  std::string folded;  // CLI11's messages may run over several lines
  for (char c : text) folded += c == '\n' ? std::string("; ") : std::string(1, c);
  while (!folded.empty() && (folded.back() == ' ' || folded.back() == ';')) folded.pop_back();
  return ntlab::EscapeForMessage(folded);
}

int Fail(int code, const std::string& message) {
  std::fprintf(stderr, "ntlab: error: %s\n", OneLine(message).c_str());
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ntlab;
  WatchInterrupts();
  CLI::App app{"ntlab: simulate enterprise LANs, label traffic by process, measure against the truth"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(NTLAB_VERSION));
  const std::vector<Subcommand> commands{AddRunCommand(app),  AddLabelCommand(app),  AddSessionsCommand(app),
                                         AddZeusCommand(app), AddKrakenCommand(app), AddDomainsCommand(app),
                                         AddValidateCommand(app),
                                         AddRewriteCommand(app),
                                         AddIsolateCommand(app),
                                         AddMessengersCommand(app),
                                         AddSocketlogCommand(app),
                                         AddBlockCommand(app),
                                         AddReportCommand(app),
                                         AddMonitorCommand(app),
                                         AddMergeCommand(app),
                                         AddCaptureCommand(app),
                                         AddTruthCommand(app)};
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return Fail(2, std::string(e.what()) + " (see ntlab --help)");
  }
  try {
    for (const auto& c : commands)
      if (*c.command) return c.action();
  } catch (const InputError& e) {
    return Fail(2, e.what());
  } catch (const std::exception& e) {
    return Fail(1, e.what());
  }
  return 0;
}
