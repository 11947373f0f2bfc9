// The Zeus files: C&C truth, the scatter data of Fig. 8 and the saved behaviour model.
#include "analyzers/formats/zeus-files.h"

#include "tests/support/text-files.h"

#include <catch2/catch.hpp>

using namespace ntlab;
using namespace ntlab::test_support;

namespace {
using ntlab::test_support::TempPath;
}  // namespace

TEST_CASE("Zeus truth writes and reads back", "[analysis][formats]") {
  auto path = TempPath("zeus_episodes.csv");
  WriteZeusTruthCsv(path, {{1741597260500000, *ParseIpv4("10.0.0.5"), 1, "cookie_theft", *ParseIpv4("198.51.100.7")},
                           {1741597320000000, *ParseIpv4("10.0.0.6"), 4294967295u, "os_shutdown", 0}});
  CHECK(ReadText(path) ==
        "ts,bot_ip,episode,behaviour,cnc_ip\n"
        "1741597260.500000,10.0.0.5,1,cookie_theft,198.51.100.7\n"
        "1741597320.000000,10.0.0.6,4294967295,os_shutdown,\n");
  auto rows = ReadZeusTruthCsv(path);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].ts == 1741597260500000);
  CHECK(rows[0].bot_ip == *ParseIpv4("10.0.0.5"));
  CHECK(rows[0].cnc_ip == *ParseIpv4("198.51.100.7"));
  CHECK(rows[1].episode == 4294967295u);
  CHECK(rows[1].behaviour == "os_shutdown");
  CHECK(rows[1].cnc_ip == 0);
}

TEST_CASE("Zeus truth written before cnc_ip existed still reads, with the C&C unknown", "[analysis][formats]") {
  auto path = TempPath("old-zeus_episodes.csv");
  WriteText(path, "ts,bot_ip,episode,behaviour\n1.5,10.0.0.5,3,homepage_set\n");
  auto rows = ReadZeusTruthCsv(path);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].episode == 3);
  CHECK(rows[0].behaviour == "homepage_set");
  CHECK(rows[0].cnc_ip == 0);
  WriteText(path, "ts,bot_ip,episode,behaviour,cnc_ip\n1.5,10.0.0.5,3,homepage_set,not-an-ip\n");
  CHECK(InputErrorOf([&] { ReadZeusTruthCsv(path); }).find(":2: column 'cnc_ip'") != std::string::npos);
  CHECK(InputErrorOf([&] { ReadZeusTruthCsv(TempPath("absent-zeus_episodes.csv")); }).find("cannot open") !=
        std::string::npos);
}

TEST_CASE("Zeus truth errors name file, line and column", "[analysis][formats]") {
  auto path = TempPath("bad-zeus_episodes.csv");
  WriteText(path, "ts,bot_ip,episode,behaviour\n1.0,10.0.0.5,1,cookie_theft\n2.0,10.0.0.5,4294967296,os_shutdown\n");
  CHECK(InputErrorOf([&] { ReadZeusTruthCsv(path); }).find("bad-zeus_episodes.csv:3: column 'episode'") !=
        std::string::npos);
  WriteText(path, "ts,bot_ip,episode,behaviour\n1.0,10.0.0.5,1,\n");
  CHECK(InputErrorOf([&] { ReadZeusTruthCsv(path); }).find(":2: column 'behaviour': must not be empty") !=
        std::string::npos);
  WriteText(path, "ts,bot_ip,episode\n1.0,10.0.0.5,1\n");
  CHECK_THROWS_AS(ReadZeusTruthCsv(path), InputError);
}

TEST_CASE("Zeus scatter data writes six significant digits and reads back", "[analysis][formats]") {
  auto path = TempPath("scatter.csv");
  WriteZeusScatterCsv(path, {{1234.56789, 17, 0, "cluster 0 (cookie_theft)", "cookie_theft"}, {0.5, 3, 2, "", ""}});
  CHECK(ReadText(path) ==
        "x,y,cluster,cluster_name,label\n"
        "1234.57,17,0,cluster 0 (cookie_theft),cookie_theft\n"
        "0.5,3,2,,\n");
  auto rows = ReadZeusScatterCsv(path);
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].x == Approx(1234.57));
  CHECK(rows[0].cluster_name == "cluster 0 (cookie_theft)");
  CHECK(rows[1].cluster == 2);
  CHECK(rows[1].label.empty());
  WriteText(path, "x,y,cluster,cluster_name,label\nwide,3,0,,\n");
  CHECK(InputErrorOf([&] { ReadZeusScatterCsv(path); }).find(":2: column 'x': 'wide' is not a number") != std::string::npos);
}

TEST_CASE("Zeus model file writes and reads back, and refuses a broken one", "[analysis][formats]") {
  ZeusModelFile model;
  model.features = {"response_length", "php_requests"};
  model.scale_center = {900.5, 12};
  model.scale_sd = {300, 4};
  model.clusters = {{{-1.25, 0.5}, {525.5, 14}, 7, "cookie_theft"}, {{1, -1}, {1200.5, 8}, 3, ""}};
  auto path = TempPath("model.json");
  WriteZeusModelFile(path, model);
  ZeusModelFile back = ReadZeusModelFile(path);
  CHECK(back.features == model.features);
  CHECK(back.scale_center == model.scale_center);
  CHECK(back.scale_sd == model.scale_sd);
  REQUIRE(back.clusters.size() == 2);
  CHECK(back.clusters[0].center == model.clusters[0].center);
  CHECK(back.clusters[0].count == 7);
  CHECK(back.clusters[0].label == "cookie_theft");
  CHECK(back.clusters[1].label.empty());
  CHECK(ReadText(path).find("\"format\": \"ntlab-zeus-kmeans-1\"") != std::string::npos);

  WriteText(path, R"({"format":"ntlab-zeus-kmeans-1","features":["response_length"],)"
                  R"("scale":{"center":[1,2],"sd":[1]},"clusters":[]})");
  CHECK(InputErrorOf([&] { ReadZeusModelFile(path); }).find("scale parameters do not match") != std::string::npos);
  WriteText(path, R"({"format":"ntlab-zeus-kmeans-1","features":["response_length"],)"
                  R"("scale":{"center":[1],"sd":[1]},"clusters":[{"center":[1,2],"count":1}]})");
  CHECK(InputErrorOf([&] { ReadZeusModelFile(path); }).find("a centre's size differs") != std::string::npos);
  // Found by the zeus-model fuzzer: a count too large for any integer (read as a double) was cast
  // to an integer, which is undefined behaviour; a negative one wrapped around.
  for (const char* count : {"1184467440737095516160", "-5", "2.5", "\"7\""}) {
    INFO(count);
    WriteText(path, std::string(R"({"format":"ntlab-zeus-kmeans-1","features":["response_length"],)") +
                        R"("scale":{"center":[1],"sd":[1]},"clusters":[{"center":[1],"count":)" + count + "}]}");
    CHECK(InputErrorOf([&] { ReadZeusModelFile(path); }).find("clusters[0].count is not a whole number") !=
          std::string::npos);
  }
  WriteText(path, R"({"format":"other"})");
  CHECK(InputErrorOf([&] { ReadZeusModelFile(path); }).find("not an ntlab Zeus model") != std::string::npos);
  WriteText(path, "{not json");
  CHECK(InputErrorOf([&] { ReadZeusModelFile(path); }).find("malformed model") != std::string::npos);
  CHECK(InputErrorOf([&] { ReadZeusModelFile(TempPath("no-such-model.json")); }).find("cannot open") != std::string::npos);
}
