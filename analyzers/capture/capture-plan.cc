#include "analyzers/capture/capture-plan.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <system_error>

namespace ntlab {
namespace {

namespace fs = std::filesystem;

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool IsCaptureName(const std::string& name) {
  return EndsWith(name, ".pcap") || EndsWith(name, ".pcapng");
}

}  // namespace

std::optional<RotatedCaptureName> CapturePlan::ParseRotatedName(const std::string& fileName) {
  std::string stem;
  if (EndsWith(fileName, ".pcap")) stem = fileName.substr(0, fileName.size() - 5);
  else if (EndsWith(fileName, ".pcapng")) stem = fileName.substr(0, fileName.size() - 7);
  else return std::nullopt;
  auto underscore = stem.find('_');
  if (underscore == std::string::npos) return std::nullopt;
  auto ip = ParseIpv4(std::string_view(stem).substr(0, underscore));
  std::string stamp = stem.substr(underscore + 1);
  // YYYYmmddTHHMMSSZ
  if (!ip || stamp.size() != 16 || stamp[8] != 'T' || stamp[15] != 'Z') return std::nullopt;
  for (std::size_t i = 0; i < 15; ++i)
    if (i != 8 && !std::isdigit(static_cast<unsigned char>(stamp[i]))) return std::nullopt;
  return RotatedCaptureName{*ip, stamp};
}

CapturePlan CapturePlan::FromInputs(const std::vector<std::string>& inputs) {
  if (inputs.empty()) throw InputError("no capture input given");
  // Rotated files of one host may come from several inputs; they form one group.
  std::map<Ipv4, std::vector<std::pair<std::string, std::string>>> rotated;  // host -> (stamp, path)
  std::vector<CaptureGroup> unhinted;
  for (const auto& input : inputs) {
    std::error_code ec;
    auto status = fs::status(input, ec);
    if (ec || !fs::exists(status)) throw InputError(input + ": capture input does not exist");
    std::vector<std::string> plain;
    auto consider = [&](const fs::path& path) {
      std::string name = path.filename().string();
      if (auto parsed = ParseRotatedName(name))
        rotated[parsed->host].emplace_back(parsed->stamp + "/" + name, path.string());
      else
        plain.push_back(path.string());
    };
    if (fs::is_directory(status)) {
      std::vector<fs::path> entries;
      for (const auto& entry : fs::directory_iterator(input, ec))
        if (entry.is_regular_file() && IsCaptureName(entry.path().filename().string()))
          entries.push_back(entry.path());
      if (ec) throw InputError(input + ": cannot list directory: " + ec.message());
      if (entries.empty()) throw InputError(input + ": directory holds no .pcap/.pcapng file");
      std::sort(entries.begin(), entries.end());
      for (const auto& e : entries) consider(e);
    } else {
      consider(fs::path(input));  // an explicit file is read whatever its extension
    }
    if (!plain.empty()) {
      std::sort(plain.begin(), plain.end());
      unhinted.push_back(CaptureGroup{input, 0, std::move(plain)});
    }
  }
  CapturePlan plan;
  for (auto& [host, files] : rotated) {
    std::sort(files.begin(), files.end());
    CaptureGroup group{FormatIpv4(host), host, {}};
    for (auto& f : files) group.files.push_back(std::move(f.second));
    plan.m_groups.push_back(std::move(group));
  }
  for (auto& g : unhinted) plan.m_groups.push_back(std::move(g));
  return plan;
}

}  // namespace ntlab
