// The isolation network on the real kernel: one Linux network namespace per lab node, veth pairs
// to the gateway's namespace, the rule set loaded there with nft, a counter of arriving packets per
// interface in every namespace. All of ntlab's kernel-touching code is here (child processes of
// `ip`, `nft`, `sysctl`, `conntrack`, and one AF_PACKET socket inside a namespace).
//
// Teardown: deleting a namespace deletes its veths, nft tables and conntrack entries with it, so
// removing the namespaces is the whole cleanup. Names start with "ntlab-<pid>-": parallel runs never
// collide, an interrupted run removes its own (RemoveOwnNamespaces, from the interrupt reaction),
// and a crashed run's are removed by the next run (RemoveLeftoversOfDeadRuns). Nothing is ever
// created in the host's namespace, and the addresses used exist only inside the lab.
#pragma once

#include "replay/isolation/lab-topology.h"

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ntlab {

/// "ntlab-<pid>-": the prefix of every namespace the process `pid` creates.
std::string LabPrefix(pid_t pid);

/// The namespaces now present whose names start with `prefix` (from `ip netns list`'s folder).
std::vector<std::string> NamespacesWithPrefix(const std::string& prefix);

/// Removes the namespaces of ntlab runs whose process is gone; returns their names.
std::vector<std::string> RemoveLeftoversOfDeadRuns();

/// Removes every namespace of this process and refuses new ones from then on: for an interrupt
/// reaction, safe while a lab is being built on another thread.
void RemoveOwnNamespaces();

/// Throws InputError unless this process can build a lab: root ("needs root (network namespaces)"),
/// and `ip`, `nft` and `sysctl` installed (naming the Debian package of a missing one).
void CheckLabCanRun();

struct LabCounters {
  std::map<std::string, std::uint64_t> arrivals;  // "<node>:<interface>" -> packets that arrived
  std::optional<std::uint64_t> committed;         // conntrack entries with Step 1's mark (no conntrack tool: none)
  std::string gateway_rules_after;                // `nft list table`, with the rules' counters
  std::vector<std::pair<std::string, std::uint64_t>> forward_hits;  // the forward chain's rules in order: comment, packets

  std::uint64_t ArrivalsAt(LabNode node, const LabTopology& topology) const;
};

class NamespaceLab {
 public:
  /// Builds the lab for `topology`, loads `gateway_rules` (nft syntax) in the gateway and gives the
  /// isolated host the capture's own addresses `host_aliases` too (replies come back to them). On
  /// any failure it removes what it made and throws: InputError when the machine does not allow
  /// network namespaces, std::runtime_error for another failing step (naming it).
  NamespaceLab(LabTopology topology, const std::string& gateway_rules, const std::vector<Ipv4>& host_aliases);
  ~NamespaceLab();
  NamespaceLab(const NamespaceLab&) = delete;
  NamespaceLab& operator=(const NamespaceLab&) = delete;

  std::string Namespace(LabNode node) const;

  /// Sends Ethernet frames out of `node`'s interface, from inside its namespace, `gap_us` apart;
  /// stops early when `stop` turns true. Returns how many the kernel took.
  std::size_t Send(LabNode node, const std::vector<std::vector<std::uint8_t>>& frames, unsigned gap_us,
                   const std::atomic<bool>& stop) const;

  /// Moves the calling thread (only it: setns) into `node`'s namespace, for sockets opened there.
  /// Throws std::runtime_error if it cannot.
  void EnterFromThisThread(LabNode node) const;

  LabCounters ReadCounters() const;

  /// Removes the lab's namespaces (idempotent; the destructor calls it).
  void TearDown() noexcept;

 private:
  void Build(const std::string& gateway_rules, const std::vector<Ipv4>& host_aliases);
  void AddLink(const LabLink& link);
  void Configure(LabNode node, const std::vector<std::string>& sysctls);

  LabTopology m_topology;
  std::string m_prefix;
  std::vector<std::string> m_namespaces;
};

}  // namespace ntlab
