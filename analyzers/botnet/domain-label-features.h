// How random a DNS label looks: the cheap lexical features DGA detectors start from (length,
// character entropy, longest consonant run, vowel share). Used by the Kraken detector on the
// first label of names under dynamic-DNS zones, where a human-chosen name ("myhomenas") and a
// DGA name ("bltjhzqp") differ most.
#pragma once

#include <string>

namespace ntlab {

struct DomainLabelFeatures {
  std::size_t length = 0;
  double entropy = 0;            // Shannon entropy of the characters, bits
  std::size_t consonant_run = 0; // longest run of letters other than a, e, i, o, u
  double vowel_share = 0;        // a, e, i, o, u among the letters
  bool letters_only = false;     // a-z only (case-insensitive)
};

DomainLabelFeatures ComputeLabelFeatures(const std::string& label);

/// The first label of a name ("bltjhzqp" of "bltjhzqp.dyndns.org"), lower-cased.
std::string FirstLabel(const std::string& name);

/// True when `name` is `zone` or ends with "." + zone (case-insensitive).
bool IsUnderZone(const std::string& name, const std::string& zone);

}  // namespace ntlab
