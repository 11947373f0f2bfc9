#include "analyzers/formats/messenger-files.h"

#include "tests/analyzers/analyzer-fixtures.h"

#include <catch2/catch.hpp>

#include <fstream>

using namespace ntlab;
using namespace ntlab::fixtures;

namespace {

std::string WriteText(const std::string& name, const std::string& text) {
  const std::string path = TempPath(name);
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("messenger files: messenger-roles.csv and ip-table.csv round-trip", "[analysis][formats][messengers]") {
  const std::string roles = TempPath("messenger-roles.csv");
  WriteMessengerRolesCsv(
      roles, {{Ep("64.4.9.254", 1863), MessengerRole::Dispatch}, {Ep("10.60.1.177", 6891), MessengerRole::P2pPeer}});
  auto read = ReadMessengerRolesCsv(roles);
  REQUIRE(read.size() == 2);
  CHECK(read[1].endpoint == Ep("10.60.1.177", 6891));
  CHECK(read[1].role == MessengerRole::P2pPeer);

  const std::string table = TempPath("ip-table.csv");
  IpTableRow row{Ip("64.4.9.0"), 24, "dispatch", "64.4.9.254:1863 dispatch (announces_ns)", Sec(1), Sec(2)};
  WriteIpTableCsv(table, {row});
  auto rows = ReadIpTableCsv(table);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].network == Ip("64.4.9.0"));
  CHECK(rows[0].prefix_length == 24);
  CHECK(rows[0].evidence == row.evidence);
  CHECK(rows[0].last_seen == Sec(2));
}

TEST_CASE("messenger files: bad rows name the file, line and reason", "[analysis][formats][messengers]") {
  auto rolesError = [](const std::string& body) {
    try {
      ReadMessengerRolesCsv(WriteText("bad-roles.csv", "ip,port,role\n" + body));
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(rolesError("64.4.9.254,1863,proxy\n"), Catch::Contains("is not dispatch, notification"));
  CHECK_THAT(rolesError("64.4.9.254,1863,unknown\n"), Catch::Contains("is not dispatch"));
  CHECK_THAT(rolesError("64.4.9.254,1863,dispatch\n64.4.9.254,1863,notification\n"),
             Catch::Contains("a second row for the same endpoint"));
  CHECK_THAT(rolesError("64.4.9,1863,dispatch\n"), Catch::Contains("an IPv4 address"));
  auto tableError = [](const std::string& cidr) {
    try {
      ReadIpTableCsv(WriteText("bad-table.csv", "cidr,roles,evidence,first_seen,last_seen\n" + cidr + ",d,e,1,2\n"));
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_THAT(tableError("64.4.9.1/24"), Catch::Contains("host bits zero"));
  CHECK_THAT(tableError("64.4.9.0/33"), Catch::Contains("CIDR"));
  CHECK_THAT(tableError("64.4.9.0"), Catch::Contains("CIDR"));
  CHECK(tableError("64.4.9.0/24") == "no error");
}
