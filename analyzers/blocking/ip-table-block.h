// Paper 004's method 1: the gateway drops every packet to or from an address inside a blocked
// prefix (optionally only on some remote ports). It needs nothing but the session's remote end.
#pragma once

#include "analyzers/blocking/blocked-session.h"
#include "analyzers/formats/block-policy.h"

namespace ntlab {

MethodDecision DecideIpTable(const IpTablePolicy& table, const BlockSession& session);

}  // namespace ntlab
