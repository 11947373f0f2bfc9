// The recovered structure against the truth (messenger-roles.csv): endpoint coverage (truth
// endpoints the capture's analysis found), role accuracy (of those found, the share with the
// true role), the endpoints found that the truth does not name, the confusion of roles, and how
// much of the truth's server endpoints the proposed IP table covers.
#pragma once

#include "analyzers/formats/messenger-files.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace ntlab {

nlohmann::json GradeRoles(const std::vector<ServerRoleRow>& structure, const std::vector<MessengerRoleTruthRow>& truth,
                          const std::vector<IpTableRow>& table);

}  // namespace ntlab
