// The owning process written into a pcapng packet comment (opt_comment of an Enhanced Packet
// Block) by Linux process-aware capture tools, in ptcpdump's layout: one comment
// "PID: <pid>\nCmd: <executable path>\nArgs: <command line>", and, in a separate comment of the
// same packet, "ParentPID: <pid>\nParentCmd: ...\nParentArgs: ...". ntlab reads the owner from
// the first and writes the first (the simulator's true owner, `ntlab run --pcapng-comments`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ntlab {

struct ProcessComment {
  std::uint32_t pid = 0;
  std::string command;    // "Cmd": the executable, a path on Linux ("/usr/bin/curl")
  std::string arguments;  // "Args": the command line, may be empty
  /// The process name as a socket log names it: the last path component of `command`
  /// ("curl"), as `ss -p` and the simulator's image names do.
  std::string ProcessName() const;
};

/// The owner in one comment, or nullopt when the comment is not an owner comment (another tool's
/// text, ptcpdump's parent, thread or container comment, a PID that is not a number 1..2^32-1,
/// or no Cmd line).
std::optional<ProcessComment> ParseProcessComment(std::string_view comment);

/// The owner of the first owner comment among a packet's comments, if any.
std::optional<ProcessComment> FindProcessComment(const std::vector<std::string>& comments);

/// "PID: 812\nCmd: chrome.exe\nArgs: chrome.exe", ptcpdump's layout.
std::string FormatProcessComment(const ProcessComment& owner);

}  // namespace ntlab
