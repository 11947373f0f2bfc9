// `ntlab messengers`: messenger sessions recognised by their command grammar (MSNP, NateOn, MSN
// direct connections), the server structure recovered from their hand-offs, and proposed IP-table
// entries (issue 12 item 5, docs/messengers.md).
#include "analyzers/formats/atomic-file.h"
#include "analyzers/messengers/messengers-pipeline.h"
#include "experiments/cli/commands.h"

#include <cstdio>
#include <memory>

namespace ntlab {
namespace {

std::string Number(const nlohmann::json& metrics, const char* key) {
  return metrics.value(key, nlohmann::json()).dump();
}

// A rate as the other commands print it ("91.67 %"), or "n/a" when there was nothing to divide.
std::string Percent(const nlohmann::json& rate) {
  if (!rate.is_number()) return "n/a";
  char text[32];
  std::snprintf(text, sizeof text, "%.2f %%", 100 * rate.get<double>());
  return text;
}

}  // namespace

Subcommand AddMessengersCommand(CLI::App& app) {
  auto* messengers = app.add_subcommand(
      "messengers", "Recognise messenger sessions in captures and recover their server structure (paper 004)");
  auto options = std::make_shared<MessengerRunOptions>();
  messengers->add_option("--pcap", options->inputs, "Capture file(s) or folder(s)")->required();
  AddStrictCapturesFlag(*messengers, options->capture.strict_captures);
  messengers
      ->add_option("--out", options->out_dir, "Folder for sessions.csv, structure.csv, ip-table.csv, metrics.json")
      ->required();
  messengers->add_option("--truth", options->truth, "messenger-roles.csv: grades roles and endpoint coverage");
  messengers
      ->add_option("--prefix", options->prefix_length, "Prefix length of the proposed IP-table entries (default 24)")
      ->check(CLI::Range(1, 32));
  return {messengers, [options] {
            OutputTransaction outputs;
            outputs.CreateFolders(options->out_dir);
            nlohmann::json m = RunMessengers(*options);
            outputs.Keep();
            std::printf("%s messenger sessions of %s TCP sessions; %s endpoints, %s IP-table entries",
                        Number(m, "messenger_sessions").c_str(), Number(m, "tcp_sessions").c_str(),
                        m["structure"]["endpoints"].dump().c_str(), Number(m, "ip_table_entries").c_str());
            if (m.contains("truth"))
              std::printf("; role accuracy %s, endpoint coverage %s", Percent(m["truth"]["role_accuracy"]).c_str(),
                          Percent(m["truth"]["endpoint_coverage"]).c_str());
            std::printf("\n");
            return 0;
          }};
}

}  // namespace ntlab
