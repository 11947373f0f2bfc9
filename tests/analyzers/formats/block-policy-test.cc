#include "analyzers/formats/block-policy.h"

#include "analyzers/formats/messenger-files.h"
#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

#include <filesystem>

#include <fstream>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

std::string WritePolicy(const std::string& name, const std::string& text) {
  const std::string path = TempPath(name);
  std::ofstream(path) << text;
  return path;
}

// The InputError's message, or "" when the policy was read.
std::string ErrorOf(const std::string& text) {
  try {
    ReadBlockPolicy(WritePolicy("bad-policy.yaml", text));
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("block policy: all three methods, inline prefixes and an ip-table.csv", "[analysis][formats][blocking]") {
  WriteIpTableCsv(TempPath("policy-ip-table.csv"), {{Ip("207.46.107.0"), 24, "notification", "", Sec(1), Sec(2)}});
  const BlockPolicy policy = ReadBlockPolicy(WritePolicy("policy.yaml",
                                                         "ip_table:\n"
                                                         "  prefixes: [64.4.9.0/24, 211.234.240.10]\n"
                                                         "  file: " +  // beside the policy
                                                             std::filesystem::path(TempPath("policy-ip-table.csv")).filename().string() +
                                                             "\n"
                                                         "  ports: [1863, 5004]\n"
                                                         "process:\n"
                                                         "  image_names: [MSNMSGR.EXE]\n"
                                                         "  window_classes: [MSNMSGRBlClass]\n"
                                                         "process_packets:\n"
                                                         "  control_texts: [NateOn]\n"));
  REQUIRE(policy.ip_table);
  REQUIRE(policy.ip_table->prefixes.size() == 3);
  CHECK(FormatCidr(policy.ip_table->prefixes[1]) == "211.234.240.10/32");
  CHECK(FormatCidr(policy.ip_table->prefixes[2]) == "207.46.107.0/24");  // from the file, after the inline ones
  CHECK(policy.ip_table->ports == std::set<std::uint16_t>{1863, 5004});
  CHECK(policy.ip_table->prefixes[0].Contains(Ip("64.4.9.254")));
  CHECK_FALSE(policy.ip_table->prefixes[0].Contains(Ip("64.4.10.1")));
  REQUIRE(policy.process);
  CHECK(policy.process->image_names == std::set<std::string>{"msnmsgr.exe"});  // compared case-insensitively
  REQUIRE(policy.process_packets);
  CHECK(policy.process_packets->control_texts == std::set<std::string>{"NateOn"});
}

TEST_CASE("block policy: a bad policy is one error naming the file, the key and the reason", "[analysis][formats][blocking]") {
  CHECK_THAT(ErrorOf("ip_table:\n  prefixes: [64.4.9.1/24]\n"),
             Catch::Contains("bad-policy.yaml: key 'ip_table.prefixes'") && Catch::Contains("host bits"));
  CHECK_THAT(ErrorOf("ip_table:\n  prefixes: [64.4.9/24]\n"), Catch::Contains("not a network in CIDR form"));
  CHECK_THAT(ErrorOf("ip_table:\n  ports: [0]\n  prefixes: [10.0.0.0/8]\n"), Catch::Contains("key 'ip_table.ports'"));
  CHECK_THAT(ErrorOf("ip_table: {}\n"), Catch::Contains("key 'ip_table': names no prefix"));
  CHECK_THAT(ErrorOf("process:\n  image: [a.exe]\n"), Catch::Contains("key 'process.image': unknown key"));
  CHECK_THAT(ErrorOf("process: {}\n"), Catch::Contains("key 'process': matches no process"));
  CHECK_THAT(ErrorOf("process_packets:\n  image_names: a.exe\n"),
             Catch::Contains("key 'process_packets.image_names': must be a list"));
  CHECK_THAT(ErrorOf("blocking: yes\n"), Catch::Contains("key 'blocking': unknown key"));
  CHECK_THAT(ErrorOf("{}\n"), Catch::Contains("no blocking method"));
  CHECK_THAT(ErrorOf("ip_table: [\n"), Catch::Contains("not valid YAML"));
  CHECK_THAT(ErrorOf("ip_table:\n  file: no-such-ip-table.csv\n"),
             Catch::Contains("bad-policy.yaml: key 'ip_table.file'") && Catch::Contains("no-such-ip-table.csv"));
  CHECK_THROWS_AS(ReadBlockPolicy(TempPath("no-such-policy.yaml")), InputError);
}
