#include "analyzers/formats/process-comment.h"

namespace ntlab {
namespace {

// The value of the line starting with `key` (exactly, at a line start), if there is one.
std::optional<std::string_view> LineValue(std::string_view text, std::string_view key) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // a comment edited on Windows
    if (line.substr(0, key.size()) == key) return line.substr(key.size());
    start = end + 1;
  }
  return std::nullopt;
}

std::optional<std::uint32_t> ParsePid(std::string_view text) {
  if (text.empty() || text.size() > 10) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + std::uint64_t(c - '0');
  }
  if (value == 0 || value > 0xffffffffu) return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

}  // namespace

std::string ProcessComment::ProcessName() const {
  const std::size_t slash = command.find_last_of('/');
  return slash == std::string::npos ? command : command.substr(slash + 1);
}

std::optional<ProcessComment> ParseProcessComment(std::string_view comment) {
  // The owner comment starts with "PID: "; ptcpdump's other comments start with their own keys
  // ("ParentPID: ", "ThreadId: "), so a prefix test on the first line tells them apart.
  if (comment.substr(0, 5) != "PID: ") return std::nullopt;
  auto pidText = LineValue(comment, "PID: ");
  auto command = LineValue(comment, "Cmd: ");
  if (!pidText || !command) return std::nullopt;
  auto pid = ParsePid(*pidText);
  if (!pid) return std::nullopt;
  ProcessComment owner;
  owner.pid = *pid;
  owner.command = std::string(*command);
  if (owner.ProcessName().empty()) return std::nullopt;
  if (auto arguments = LineValue(comment, "Args: ")) owner.arguments = std::string(*arguments);
  return owner;
}

std::optional<ProcessComment> FindProcessComment(const std::vector<std::string>& comments) {
  for (const auto& comment : comments)
    if (auto owner = ParseProcessComment(comment)) return owner;
  return std::nullopt;
}

std::string FormatProcessComment(const ProcessComment& owner) {
  return "PID: " + std::to_string(owner.pid) + "\nCmd: " + owner.command + "\nArgs: " + owner.arguments;
}

}  // namespace ntlab
