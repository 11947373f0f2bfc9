#include "scenarios/config/process-owners.h"

#include <algorithm>

namespace ntlab {
namespace {

// FNV-1a then SplitMix64's finaliser: portable, so the draw does not depend on the standard library.
std::uint64_t HashOwner(std::uint64_t seed, const std::string& host, const std::string& image) {
  std::uint64_t h = 0xcbf29ce484222325ull ^ seed;
  for (unsigned char ch : host + '\n' + image) h = (h ^ ch) * 0x100000001b3ull;
  h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ull;
  h = (h ^ (h >> 27)) * 0x94D049BB133111EBull;
  return h ^ (h >> 31);
}

bool IsWindowsService(const std::string& image) { return image == "System" || image == "svchost.exe"; }

}  // namespace

ProcessOwners ProcessOwners::FromScenario(const ScenarioConfig& config) {
  ProcessOwners owners;
  owners.m_seed = config.seed;
  for (const auto& host : config.hosts) {
    if (!host.users.empty()) owners.m_enabled = true;
    owners.m_users[host.name] = host.users;
    auto& images = owners.m_images[host.name];
    images = {"System", "svchost.exe"};
    for (const auto& p : host.processes) images.push_back(p.name);
  }
  if (config.messengers.enabled) {
    owners.m_enabled = true;
    const auto& bypass = config.messengers.bypass;
    for (const auto& client : config.messengers.clients) {
      // The renamed executable keeps its window: the identity the user cannot change.
      const std::string image = bypass.renamed_image ? bypass.renamed_to : client.image;
      owners.m_windows[{client.host, image}] = {"", client.window_class, client.control_text};
      owners.m_images[client.host].push_back(image);
    }
  }
  for (auto& [host, images] : owners.m_images) {
    std::sort(images.begin(), images.end());
    images.erase(std::unique(images.begin(), images.end()), images.end());
  }
  return owners;
}

SocketOwnerColumns ProcessOwners::Of(const std::string& host, const std::string& image) const {
  SocketOwnerColumns owner;
  auto window = m_windows.find({host, image});
  if (window != m_windows.end()) owner = window->second;
  auto users = m_users.find(host);
  if (users == m_users.end() || users->second.empty()) return owner;
  owner.user = IsWindowsService(image) ? kSystemUser
                                       : users->second[HashOwner(m_seed, host, image) % users->second.size()];
  return owner;
}

std::vector<std::pair<std::pair<std::string, std::string>, SocketOwnerColumns>> ProcessOwners::Listed() const {
  std::vector<std::pair<std::pair<std::string, std::string>, SocketOwnerColumns>> rows;
  for (const auto& [host, images] : m_images)
    for (const auto& image : images) rows.push_back({{host, image}, Of(host, image)});
  return rows;
}

}  // namespace ntlab
