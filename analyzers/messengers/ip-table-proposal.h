// Proposed IP-table entries (paper 004's blocking method 1) from the recovered structure: every
// server endpoint's address widened to its prefix (/24 by default, as the paper's 2009 table writes
// "64.4.9.*"), one row per prefix with the roles and endpoints inside and when they were seen.
// P2P peers are LAN hosts: blocking them would cut the LAN, so they never enter the table.
#pragma once

#include "analyzers/formats/messenger-files.h"

#include <vector>

namespace ntlab {

std::vector<IpTableRow> ProposeIpTable(const std::vector<ServerRoleRow>& structure, int prefix_length = 24);
/// The table's prefix that holds `ip`, or null.
const IpTableRow* FindPrefix(const std::vector<IpTableRow>& table, const IpAddress& ip);  // IPv6: none

}  // namespace ntlab
