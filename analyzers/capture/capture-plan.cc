#include "analyzers/capture/capture-plan.h"

#include "analyzers/formats/capture-file-name.h"

#include <algorithm>
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

CapturePlan CapturePlan::FromInputs(const std::vector<std::string>& inputs) {
  if (inputs.empty()) throw InputError("no capture input given");
  // Rotated files of one host may come from several inputs; they form one group.
  // host -> ((start, file name), path): ordered by time, then by name
  std::map<IpAddress, std::vector<std::pair<std::pair<TimeUs, std::string>, std::string>>> rotated;
  std::vector<CaptureGroup> unhinted;
  for (const auto& input : inputs) {
    std::error_code ec;
    auto status = fs::status(input, ec);
    if (ec || !fs::exists(status)) throw InputError(input + ": capture input does not exist");
    std::vector<std::string> plain;
    auto consider = [&](const fs::path& path) {
      std::string name = path.filename().string();
      if (auto parsed = ParseCaptureFileName(name))
        rotated[parsed->host].emplace_back(std::make_pair(parsed->start, name), path.string());
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
      unhinted.push_back(CaptureGroup{input, IpAddress(), std::move(plain)});
    }
  }
  CapturePlan plan;
  for (auto& [host, files] : rotated) {
    std::sort(files.begin(), files.end());
    CaptureGroup group{host.ToString(), host, {}};
    for (auto& f : files) group.files.push_back(std::move(f.second));
    plan.m_groups.push_back(std::move(group));
  }
  for (auto& g : unhinted) plan.m_groups.push_back(std::move(g));
  return plan;
}

}  // namespace ntlab
