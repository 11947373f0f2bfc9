// ntlab: simulate an enterprise LAN, label its traffic by process, and report against the truth.
//
//   ntlab run <scenario.yaml> --out DIR     simulate, label, report (full build only)
//   ntlab label --pcap P --socket-log S     the analyzer alone (real captures too)
//   ntlab sessions <pcap|dir>               sessions as CSV
//   ntlab zeus / kraken --pcap P --out DIR  papers 002 and 003 on captures
//   ntlab validate <scenario.yaml>          check a scenario file
#include "analyzers/formats/basic-types.h"
#include "experiments/cli/commands.h"

#include <cstdio>
#include <exception>
#include <vector>

int main(int argc, char** argv) {
  using namespace ntlab;
  CLI::App app{"ntlab: simulate enterprise LANs, label traffic by process, measure against the truth"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(NTLAB_VERSION));
  const std::vector<Subcommand> commands{AddRunCommand(app),  AddLabelCommand(app),  AddSessionsCommand(app),
                                         AddZeusCommand(app), AddKrakenCommand(app), AddValidateCommand(app)};
  CLI11_PARSE(app, argc, argv);
  try {
    for (const auto& c : commands)
      if (*c.command) return c.action();
  } catch (const InputError& e) {
    std::fprintf(stderr, "ntlab: error: %s\n", EscapeForMessage(e.what()).c_str());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ntlab: error: %s\n", EscapeForMessage(e.what()).c_str());
    return 1;
  }
  return 0;
}
