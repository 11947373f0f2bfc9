// Paper 004 in the simulation (scenarios/messengers-office.yaml, shortened): the messengers log in,
// chat and transfer files when nothing blocks them, and each blocking method, enforced in the
// simulation, stops what it should: the IP table at the gateway, a process that may not start,
// the packets of a process dropped on its host. One bypass per method shows the method failing.
#include "analyzers/formats/messenger-client-files.h"
#include "analyzers/formats/process-identity.h"

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>
#include "tests/support/build-paths.h"

namespace fs = std::filesystem;
using namespace ntlab;

namespace {

int Ntlab(const std::string& args) {
  std::string command = std::string(NTLAB_BINARY_DIR) + "/ntlab " + args + " > /dev/null 2>&1";
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Runs the office for `duration` with `sets` (key=value overrides); returns its clients by account.
std::map<std::string, MessengerClientRow> RunOffice(const std::string& name, const std::string& duration,
                                                    const std::vector<std::string>& sets) {
  std::string dir = std::string(NTLAB_BINARY_DIR) + "/test-runs/messengers-" + name;
  fs::remove_all(dir);
  fs::create_directories(fs::path(dir).parent_path());
  std::string args = "run " + std::string(NTLAB_SOURCE_DIR) + "/scenarios/messengers-office.yaml --duration " + duration +
                     " --out " + dir;
  for (const auto& set : sets) args += " --set " + set;
  REQUIRE(Ntlab(args) == 0);
  std::map<std::string, MessengerClientRow> clients;
  for (auto& row : ReadMessengerClientsCsv(dir + "/messenger_clients.csv")) clients[row.account] = row;
  REQUIRE(clients.size() == 6);
  return clients;
}

// The benign connections the filters of run `name` dropped.
std::uint64_t BenignDropped(const std::string& name) {
  std::uint64_t connections = 0;
  std::string path = std::string(NTLAB_BINARY_DIR) + "/test-runs/messengers-" + name + "/messenger_enforcement.csv";
  for (const auto& row : ReadMessengerEnforcementCsv(path))
    if (!row.messenger) connections += row.connections;
  return connections;
}

std::string Policy(const std::string& name) {
  return "messengers.policy=" + std::string(NTLAB_SOURCE_DIR) + "/scenarios/policies/" + name + ".yaml";
}

}  // namespace

TEST_CASE("messengers: unblocked, all three log in, chat and send both files", "[sim][messengers]") {
  auto clients = RunOffice("open", "70s", {});
  const auto& alice = clients.at("alice@hotmail.com");
  CHECK(alice.started);
  CHECK(alice.logged_in);
  CHECK(alice.login_via == "1863");
  CHECK(alice.chats_ok >= 1);
  CHECK(alice.chats_failed == 0);
  CHECK(alice.small_files_ok >= 1);
  CHECK(alice.large_files_ok == 1);
  CHECK(clients.at("bob@hotmail.com").logged_in);
  CHECK(alice.gave_up_s < 0);
  // NateOn: chat and the small file relayed by the main server, the large file P2P on bob's 6004.
  const auto& nateon = clients.at("alice@nate.com");
  CHECK(nateon.logged_in);
  CHECK(nateon.login_via == "5004");
  CHECK(nateon.chats_ok >= 1);
  CHECK(nateon.chats_failed == 0);
  CHECK(nateon.small_files_ok >= 1);
  CHECK(nateon.large_files_ok == 1);
  CHECK(nateon.large_files_failed == 0);
  // ntlab messengers finds the 6004 session by its grammar and names bob's host a NateOn P2P peer.
  std::ifstream structure(std::string(NTLAB_BINARY_DIR) + "/test-runs/messengers-open/messengers/structure.csv");
  std::string line;
  bool peerFound = false;
  while (std::getline(structure, line))
    peerFound = peerFound || (line.find(",6004,nateon,p2p_peer,announced_p2p,") != std::string::npos);
  CHECK(peerFound);
  // BuddyBuddy: chat and both files relayed by its server.
  const auto& carol = clients.at("carol@buddybuddy.com");
  CHECK(carol.logged_in);
  CHECK(carol.login_via == "6410");
  CHECK(carol.chats_ok >= 1);
  CHECK(carol.chats_failed == 0);
  CHECK(carol.small_files_ok >= 1);
  CHECK(carol.large_files_ok == 1);
  CHECK(clients.at("dave@buddybuddy.com").logged_in);
}

TEST_CASE("messengers: the IP table at the gateway stops every login, and the clients give up", "[sim][messengers]") {
  auto clients = RunOffice("ip-table", "200s", {Policy("ip-table")});
  for (const auto& [account, row] : clients) {
    INFO(account);
    CHECK(row.started);
    CHECK_FALSE(row.logged_in);
    CHECK(row.attempts_failed >= 3);
    CHECK(row.gave_up_s >= 150);
  }
}

TEST_CASE("messengers: a relay outside the table bypasses the IP table but not process blocking", "[sim][messengers]") {
  auto relayed = RunOffice("ip-table-relay", "70s", {Policy("ip-table"), "messengers.bypass.via_relay=true"});
  CHECK(relayed.at("alice@hotmail.com").logged_in);
  CHECK(relayed.at("alice@hotmail.com").login_via == "relay:1863");
  CHECK(relayed.at("alice@hotmail.com").chats_ok >= 1);
  CHECK(relayed.at("alice@hotmail.com").large_files_ok == 1);  // P2P inside the LAN never meets the gateway
  CHECK(relayed.at("alice@nate.com").login_via == "relay:5004");
  CHECK(relayed.at("alice@nate.com").chats_ok >= 1);
  CHECK(relayed.at("alice@nate.com").large_files_ok == 1);  // NateOn's 6004 P2P: the gateway never sees it
  CHECK(relayed.at("carol@buddybuddy.com").login_via == "relay:6410");
  CHECK(relayed.at("carol@buddybuddy.com").large_files_ok == 1);  // through its server, by way of the relay
  // ntlab messengers reads every relayed session past its SOCKS4 handshake.
  const nlohmann::json run = nlohmann::json::parse(
      std::ifstream(std::string(NTLAB_BINARY_DIR) + "/test-runs/messengers-ip-table-relay/metrics.json"));
  CHECK(run["messengers"]["relayed_sessions_recognised"].get<std::uint64_t>() >= 5);
  CHECK(run["messengers"]["sessions_leaked_by_protocol"]["buddybuddy"].get<std::uint64_t>() >= 2);
  auto process = RunOffice("process-relay", "30s", {Policy("process"), "messengers.bypass.via_relay=true"});
  for (const auto& [account, row] : process) {
    INFO(account);
    CHECK_FALSE(row.started);
    CHECK(row.pid == 0);
  }
}

TEST_CASE("messengers: a renamed executable evades image-name blocking but not class-name blocking", "[sim][messengers]") {
  auto byImage = RunOffice("process-renamed", "30s", {Policy("process"), "messengers.bypass.renamed_image=true"});
  CHECK(byImage.at("alice@hotmail.com").started);
  CHECK(byImage.at("alice@hotmail.com").image == "notepad2.exe");
  CHECK(byImage.at("alice@hotmail.com").logged_in);
  auto byClass = RunOffice("class-renamed", "30s", {Policy("process-class"), "messengers.bypass.renamed_image=true"});
  CHECK_FALSE(byClass.at("alice@hotmail.com").started);
  CHECK_FALSE(byClass.at("bob@nate.com").started);
  CHECK(byImage.at("carol@buddybuddy.com").logged_in);
  CHECK_FALSE(byClass.at("carol@buddybuddy.com").started);
}

TEST_CASE("messengers: per-process packet blocking on the host stops the login wherever the server is", "[sim][messengers]") {
  auto clients = RunOffice("packets-relay", "40s", {Policy("packets"), "messengers.bypass.via_relay=true"});
  for (const auto& [account, row] : clients) {
    INFO(account);
    CHECK(row.started);
    CHECK_FALSE(row.logged_in);
    CHECK(row.attempts_failed >= 2);
    CHECK(row.large_files_ok == 0);  // no P2P transfer (MSN's 6891, NateOn's 6004) without a login
  }
}

TEST_CASE("messengers: a benign portal inside a messenger network is blocked by the IP table, not by process blocking",
          "[sim][messengers]") {
  const std::string inside = "messengers.benign_inside.address=64.4.9.80";
  RunOffice("portal-outside", "60s", {Policy("ip-table")});
  CHECK(BenignDropped("portal-outside") == 0);
  RunOffice("portal-inside", "60s", {Policy("ip-table"), inside});
  CHECK(BenignDropped("portal-inside") >= 1);
  RunOffice("portal-inside-process", "60s", {Policy("process"), inside});
  CHECK(BenignDropped("portal-inside-process") == 0);
}

namespace {

// `ntlab block` offline on a run's captures and socket log; returns metrics.json.
nlohmann::json BlockOffline(const std::string& run, const std::string& policy) {
  const std::string out = run + "/block-" + policy;
  fs::create_directories(out);
  REQUIRE(Ntlab("block --policy " + std::string(NTLAB_SOURCE_DIR) + "/scenarios/policies/" + policy + ".yaml --pcap " +
                run + "/pcap --socket-log " + run + "/socketlog.csv --out " + out) == 0);
  return nlohmann::json::parse(std::ifstream(out + "/metrics.json"));
}

}  // namespace

TEST_CASE("messengers: the simulated logger writes the window identity, so class-name blocking works offline on a renamed client", "[sim][messengers][owners]") {
  // Nothing enforced: the renamed clients log in, and their sessions are in the captures.
  auto clients = RunOffice("offline-renamed", "30s", {"messengers.bypass.renamed_image=true"});
  REQUIRE(clients.at("alice@hotmail.com").logged_in);
  const std::string run = std::string(NTLAB_BINARY_DIR) + "/test-runs/messengers-offline-renamed";
  const ProcessIdentities owners = ProcessIdentities::Read(run + "/socketlog.csv");
  REQUIRE(owners.HasIdentityColumns());
  // Both clients of a host renamed alike: each keeps its own window, told apart by PID.
  for (const char* account : {"alice@hotmail.com", "bob@nate.com"}) {
    const MessengerClientRow& client = clients.at(account);
    auto renamed = owners.ByPid(client.host, client.pid);
    REQUIRE(renamed);
    CHECK(renamed->image_name == "notepad2.exe");
    CHECK(renamed->window_class == client.window_class);
  }

  const nlohmann::json byImage = BlockOffline(run, "process")["by_label"]["process"];
  const nlohmann::json byClass = BlockOffline(run, "process-class")["by_label"]["process"];
  REQUIRE(byClass["messenger_sessions"].get<std::uint64_t>() > 0);
  CHECK(byImage["messenger_sessions_blocked"] == 0);  // the renamed image matches no name
  CHECK(byClass["messenger_sessions_blocked"].get<std::uint64_t>() > 0);
  CHECK(byClass["benign_sessions_wrongly_blocked"] == 0);
}

namespace {

// The blocked_by column of the rows of a block run's sessions.csv whose remote or local port is `port`.
std::vector<std::string> BlockedByOnPort(const std::string& out, const std::string& port) {
  std::ifstream in(out + "/sessions.csv");
  std::vector<std::string> verdicts;
  std::string line;
  std::getline(in, line);  // header: session,proto,host_ip,host_port,remote_ip,remote_port,...,protocol,blocked_by,...
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream cells(line);
    for (std::string cell; fields.size() < 15 && std::getline(cells, cell, ',');) fields.push_back(cell);
    if (fields.size() == 15 && (fields[3] == port || fields[5] == port)) verdicts.push_back(fields[14]);
  }
  return verdicts;
}

}  // namespace

TEST_CASE("messengers: NateOn's 6004 P2P session escapes the IP table, not process or per-process packet blocking",
          "[sim][messengers][nateon]") {
  auto clients = RunOffice("nateon-p2p", "70s", {});
  REQUIRE(clients.at("alice@nate.com").large_files_ok == 1);
  const std::string run = std::string(NTLAB_BINARY_DIR) + "/test-runs/messengers-nateon-p2p";
  BlockOffline(run, "ip-table");
  BlockOffline(run, "process");
  BlockOffline(run, "packets");
  // Seen from both hosts' captures: the sender's outbound and the receiver's inbound row.
  CHECK(BlockedByOnPort(run + "/block-ip-table", "6004") == std::vector<std::string>{"-", "-"});
  CHECK(BlockedByOnPort(run + "/block-process", "6004") == std::vector<std::string>{"process", "process"});
  CHECK(BlockedByOnPort(run + "/block-packets", "6004") ==
        std::vector<std::string>{"process_packets", "process_packets"});
}
