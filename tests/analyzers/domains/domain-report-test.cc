// `ntlab report`'s page, loaded in headless Chromium: the assertions are on the DOM the page's
// script built (tables, chart lines), checked against the database with sqlite3's own API; the
// HTML as written holds no row at all, so a script that draws nothing fails them.
#include "analyzers/domains/domain-report.h"

#include "analyzers/domains/domains-pipeline.h"
#include "tests/support/command-outcome.h"
#include "tests/support/socket-log-users.h"
#include "tests/support/text-files.h"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <filesystem>
#include <regex>
#include "tests/support/build-paths.h"

using namespace ntlab;
using namespace ntlab::test_support;
namespace fs = std::filesystem;

namespace {

const std::string kCapture = std::string(NTLAB_SOURCE_DIR) + "/tests/regression/sim-2host-60s/pcap";

fs::path FreshDir(const std::string& name) {
  fs::path dir = fs::path(TempPath(name));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string SqlText(const fs::path& db, const std::string& sql) {
  sqlite3* handle = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_prepare_v2(handle, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(s) == SQLITE_ROW);
  std::string text = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
  sqlite3_finalize(s);
  sqlite3_close(handle);
  return text;
}

// 1234567 -> "1,234,567", as the page's toLocaleString('en-US') writes it.
std::string Grouped(const std::string& digits) {
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// The rendered element `<tag ... data-view="view" ...>...</tag>` (the first one).
std::string Element(const std::string& dom, const std::string& tag, const std::string& view) {
  const std::size_t at = dom.find("<" + tag + " data-view=\"" + view + "\"");
  if (at == std::string::npos) return "";
  const std::size_t end = dom.find("</" + tag + ">", at);
  return dom.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

std::size_t Count(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

std::string RenderedDom(const std::string& page) {
  // CI runs as root, where Chromium refuses its sandbox; the page needs no network.
  Outcome o = RunShell("chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage "
                       "--virtual-time-budget=2000 --dump-dom 'file://" + page + "' 2>/dev/null");
  REQUIRE(o.exit_code == 0);
  return o.output;
}

}  // namespace

TEST_CASE("report: headless Chromium shows the store's per-domain and per-flow views", "[analysis][domains][report]") {
  if (RunShell("command -v chromium >/dev/null").exit_code != 0) {
    WARN("chromium not installed (.ci/setup installs it): skipped");
    return;
  }
  fs::path dir = FreshDir("run");
  DomainRunOptions options;
  options.inputs = {kCapture};
  options.socket_log = std::string(NTLAB_SOURCE_DIR) + "/tests/regression/sim-2host-60s/socketlog.csv";
  options.out_dir = dir.string();
  RunDomainLabelling(options);
  const fs::path db = dir / "stats.sqlite";
  ReportResult r = WriteDomainReport(dir.string());
  REQUIRE(r.runs == 1);
  const std::string html = ReadText(r.page_path);
  // The written page holds no row and no line: only its script makes them.
  CHECK(Count(html, "<tr") == 0);
  CHECK(Count(html, "<polyline") == 0);

  const std::string dom = RenderedDom(r.page_path);
  REQUIRE(dom.find("data-rendered=\"1\"") != std::string::npos);
  const std::string domains = Element(dom, "table", "domain");
  const std::string distinct = SqlText(db, "SELECT MIN(COUNT(DISTINCT domain), 20) FROM domain_seconds");
  CHECK(std::to_string(Count(domains, "class=\"key-row\"")) == distinct);
  // The top row: the domain with the most bytes and its byte count as the page formats it.
  const std::string top = SqlText(db, "SELECT domain FROM domain_seconds GROUP BY domain ORDER BY SUM(bytes) DESC, domain LIMIT 1");
  const std::string topBytes = SqlText(db, "SELECT SUM(bytes) FROM domain_seconds GROUP BY domain ORDER BY 1 DESC LIMIT 1");
  std::smatch first;
  REQUIRE(std::regex_search(domains, first, std::regex("data-key=\"([^\"]*)\"><td class=\"key\">[^<]*</td><td class=\"num bytes\" data-value=\"[0-9]+\">([^<]*)</td>")));
  CHECK(first[1] == top);
  CHECK(first[2] == Grouped(topBytes));
  // The per-process view: its top process and bytes, as the store has them.
  const std::string processes = Element(dom, "table", "process");
  std::smatch process;
  REQUIRE(std::regex_search(processes, process, std::regex("data-key=\"([^\"]*)\"><td class=\"key\">[^<]*</td><td class=\"num bytes\" data-value=\"([0-9]+)\">")));
  CHECK(process[1] == SqlText(db, "SELECT process FROM process_seconds GROUP BY process ORDER BY SUM(bytes) DESC, process LIMIT 1"));
  CHECK(process[2] == SqlText(db, "SELECT SUM(bytes) FROM process_seconds GROUP BY process ORDER BY 1 DESC LIMIT 1"));
  // No user column in this socket log: the user view says so instead of drawing an empty table.
  const std::size_t user = dom.find("data-view=\"user\"");
  REQUIRE(user != std::string::npos);
  CHECK(dom.find("No per-user traffic", user) < dom.find("data-view=\"host\"", user));
  CHECK(Element(dom, "table", "metrics").find("data-key=\"cross_check.flagged\"") != std::string::npos);
  // One line per drawn key, at most five; hosts: the two of the capture.
  CHECK(std::to_string(Count(Element(dom, "svg", "domain"), "<polyline")) ==
        SqlText(db, "SELECT MIN(COUNT(DISTINCT domain), 5) FROM domain_seconds"));
  CHECK(Count(Element(dom, "table", "host"), "class=\"key-row\"") == 2);
  CHECK(std::to_string(Count(Element(dom, "table", "flows"), "class=\"flow-row\"")) ==
        SqlText(db, "SELECT MIN(COUNT(*), 50) FROM flows"));
  CHECK(Count(Element(dom, "table", "recent"), "class=\"key-row\"") > 0);
  CHECK(Element(dom, "table", "metrics").find("data-key=\"flow_label_rate\"") != std::string::npos);
  CHECK(dom.find("class=\"summary\"") != std::string::npos);
  CHECK(dom.find("<span class=\"bytes\" data-value=\"" + SqlText(db, "SELECT SUM(bytes) FROM flows") + "\">") !=
        std::string::npos);
}

TEST_CASE("report: an experiment run's per-user view shows the truth's bytes and the user accuracy", "[analysis][domains][report][owners]") {
  if (RunShell("command -v chromium >/dev/null").exit_code != 0) {
    WARN("chromium not installed (.ci/setup installs it): skipped");
    return;
  }
  // An experiment's layout (runs/<run>/domains, as ntlab run writes it), graded against owners
  // that put Code.exe under mallory: the view never names mallory, so the truth's row stands alone.
  fs::path dir = FreshDir("experiment-users");
  const fs::path run = dir / "runs" / "users" / "domains";
  fs::create_directories(run);
  DomainRunOptions options;
  options.inputs = {kCapture};
  options.socket_log = SocketLogWithUsers(run);
  options.label_truth = kSim2HostDir + "/truth.csv";
  options.owner_truth = (run / "process-owners.csv").string();
  WriteText(options.owner_truth, OwnersCsv("pc01,chrome.exe,alice,,\npc01,svchost.exe,alice,,\n"
                                           "pc02,Code.exe,mallory,,\npc02,sshd.exe,bob,,\n"));
  options.out_dir = run.string();
  const nlohmann::json m = RunDomainLabelling(options);
  ReportResult r = WriteDomainReport(dir.string());
  REQUIRE(r.runs == 1);
  const std::string dom = RenderedDom(r.page_path);
  const std::string users = Element(dom, "table", "user");
  REQUIRE_FALSE(users.empty());
  CHECK(users.find("<th class=\"num\">truth bytes</th>") != std::string::npos);
  for (const char* user : {"alice", "bob", "mallory"}) {
    const std::string truth = m["user_bytes"][user]["truth_bytes"].dump();
    std::smatch row;
    REQUIRE(std::regex_search(users, row, std::regex(std::string("data-key=\"") + user + "\".*?class=\"num truth-bytes\" data-value=\"([0-9]+)\">([^<]*)<")));
    CHECK(row[1] == truth);
    CHECK(row[2] == Grouped(truth));
  }
  CHECK(Count(users, "class=\"key-row truth-only\"") == 1);
  CHECK(users.find("class=\"key-row truth-only\" data-key=\"mallory\"") != std::string::npos);
  // The grade line: the run's user_accuracy as a percentage, marked predicted.
  std::smatch grade;
  REQUIRE(std::regex_search(dom, grade, std::regex("class=\"user-grade\"[^>]*>Right user for ([0-9.]+) % of ([0-9,]+) graded flows")));
  char percent[16];
  std::snprintf(percent, sizeof percent, "%.1f", 100 * m["user_accuracy"].get<double>());
  CHECK(grade[1] == percent);
  CHECK(grade[2] == Grouped(m["user_flows_graded"].dump()));
  CHECK(dom.find("predicted.", grade.position(0)) != std::string::npos);
}

TEST_CASE("report: an experiment folder gets one section per store, sorted", "[analysis][domains][report]") {
  fs::path dir = FreshDir("experiment");
  for (const char* run : {"b-run", "a-run"}) {
    DomainRunOptions options;
    options.inputs = {kCapture + "/10.0.0.11_20250310T090000Z.pcap"};
    options.out_dir = (dir / run).string();
    fs::create_directories(options.out_dir);
    RunDomainLabelling(options);
  }
  CHECK(FindStatsDatabases(dir.string()) ==
        std::vector<std::string>{(dir / "a-run/stats.sqlite").string(), (dir / "b-run/stats.sqlite").string()});
  ReportResult r = WriteDomainReport(dir.string());
  CHECK(r.runs == 2);
  const std::string html = ReadText(r.page_path);
  CHECK(html.find("\"name\":\"a-run\"") < html.find("\"name\":\"b-run\""));
  CHECK(WriteDomainReport(dir.string()).runs == 2);
  CHECK(ReadText(r.page_path) == html);  // deterministic
}

TEST_CASE("report: a folder without a store, or a store that is not SQLite, is an InputError", "[analysis][domains][report]") {
  fs::path dir = FreshDir("bad");
  CHECK_THAT(InputErrorOf([&] { WriteDomainReport(dir.string()); }), Catch::Contains("no stats.sqlite"));
  CHECK_THAT(InputErrorOf([&] { WriteDomainReport((dir / "missing").string()); }), Catch::Contains("not a folder"));
  WriteText((dir / "stats.sqlite").string(), "not a database, just text that is long enough to look like one\n");
  CHECK_THAT(InputErrorOf([&] { WriteDomainReport(dir.string()); }), Catch::Contains("stats.sqlite"));
  CHECK_FALSE(fs::exists(dir / "report.html"));
  Outcome o = Ntlab("report " + dir.string());
  CHECK(o.exit_code == 2);
  CHECK_THAT(o.output, Catch::Contains("ntlab: error:"));
}
