#include "analyzers/domains/user-view-grade.h"

#include "analyzers/formats/socket-owner-columns.h"

namespace ntlab {

OwnerTruth OwnerTruth::Read(const std::string& path) {
  OwnerTruth truth;
  for (const ProcessOwnerRow& row : ReadProcessOwnersCsv(path))
    if (!row.owner.user.empty()) truth.m_users[{row.host, row.process}] = row.owner.user;
  return truth;
}

std::string OwnerTruth::UserOf(const std::string& host, const std::string& process) const {
  auto found = m_users.find({host, process});
  return found == m_users.end() ? std::string() : found->second;
}

void UserViewGrade::Add(const std::string& user, const std::string& truth_user, std::uint64_t bytes) {
  if (truth_user.empty()) return;
  ++m_graded;
  m_gradedBytes += bytes;
  m_bytes[truth_user].truth += bytes;
  if (user.empty()) {
    m_unattributed += bytes;
    return;
  }
  m_bytes[user].view += bytes;
  if (user != truth_user) return;
  ++m_right;
  m_rightBytes += bytes;
}

nlohmann::json UserViewGrade::ToJson() const {
  auto rate = [](std::uint64_t part, std::uint64_t whole) {
    return whole ? nlohmann::json(static_cast<double>(part) / static_cast<double>(whole)) : nlohmann::json(nullptr);
  };
  nlohmann::json users = nlohmann::json::object();
  for (const auto& [user, bytes] : m_bytes) users[user] = {{"bytes", bytes.view}, {"truth_bytes", bytes.truth}};
  return {{"user_flows_graded", m_graded},
          {"user_flows_right", m_right},
          {"user_accuracy", rate(m_right, m_graded)},
          {"user_byte_accuracy", rate(m_rightBytes, m_gradedBytes)},
          {"user_bytes_unattributed", m_unattributed},
          {"user_bytes", users}};
}

}  // namespace ntlab
