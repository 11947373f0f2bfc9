// The hand-built capture of the domain labelling case (tests/regression/domains-cdn): one host's
// DNS lookups and TLS connections where the right domain of every flow is known, and that truth
// as expected-domains.csv.
#pragma once

#include <filesystem>

namespace ntlab::regression {

/// Writes capture.pcap and expected-domains.csv into `dir`.
void WriteDomainsCase(const std::filesystem::path& dir);

}  // namespace ntlab::regression
