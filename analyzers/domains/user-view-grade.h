// Paper 000's per-user view graded against the simulator's truth. The view gives a flow the
// owner of its labelled process as the socket log showed it (the `user` column, by host and PID);
// the truth's user is the owner, in process-owners.csv, of the process truth.csv names for the
// flow on the flow's host. A flow whose label is wrong can still get the right user (two
// processes of one account), and a right label can get no user (a PID the log never showed).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace ntlab {

/// The owner of each (host, process) in process-owners.csv; throws InputError naming the file.
class OwnerTruth {
 public:
  static OwnerTruth Read(const std::string& path);
  /// Empty when the truth does not list the process on that host (or lists it without a user).
  std::string UserOf(const std::string& host, const std::string& process) const;

 private:
  std::map<std::pair<std::string, std::string>, std::string> m_users;
};

class UserViewGrade {
 public:
  /// One finished flow: `user` is the view's (empty: none), `truth_user` the truth's (empty: the
  /// flow is not graded).
  void Add(const std::string& user, const std::string& truth_user, std::uint64_t bytes);
  /// user_flows_graded, user_flows_right, user_accuracy (right / graded, a flow without a user
  /// counting as wrong), user_byte_accuracy (the same over bytes), user_bytes_unattributed (graded
  /// bytes with no user) and user_bytes: per user, the view's bytes beside the truth's. The rates
  /// are null when nothing was graded.
  nlohmann::json ToJson() const;

 private:
  struct Bytes {
    std::uint64_t view = 0;
    std::uint64_t truth = 0;
  };
  std::uint64_t m_graded = 0, m_right = 0, m_gradedBytes = 0, m_rightBytes = 0, m_unattributed = 0;
  std::map<std::string, Bytes> m_bytes;  // by user
};

}  // namespace ntlab
