#include "analyzers/botnet/domain-label-features.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

namespace ntlab {

namespace {
std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }
}  // namespace

DomainLabelFeatures ComputeLabelFeatures(const std::string& label) {
  DomainLabelFeatures f;
  std::string s = Lower(label);
  f.length = s.size();
  if (s.empty()) return f;
  std::array<std::size_t, 256> counts{};
  std::size_t run = 0;
  std::size_t vowels = 0;
  f.letters_only = true;
  for (char c : s) {
    ++counts[static_cast<unsigned char>(c)];
    bool letter = c >= 'a' && c <= 'z';
    f.letters_only = f.letters_only && letter;
    if (letter && !IsVowel(c)) {
      f.consonant_run = std::max(f.consonant_run, ++run);
    } else {
      run = 0;
    }
    vowels += IsVowel(c) ? 1 : 0;
  }
  for (std::size_t n : counts) {
    if (n == 0) continue;
    double p = double(n) / double(s.size());
    f.entropy -= p * std::log2(p);
  }
  f.vowel_share = double(vowels) / double(s.size());
  return f;
}

std::string FirstLabel(const std::string& name) { return Lower(name.substr(0, name.find('.'))); }

bool IsUnderZone(const std::string& name, const std::string& zone) {
  std::string n = Lower(name);
  std::string z = Lower(zone);
  while (!n.empty() && n.back() == '.') n.pop_back();
  if (n == z) return true;
  return n.size() > z.size() && n.compare(n.size() - z.size(), z.size(), z) == 0 &&
         n[n.size() - z.size() - 1] == '.';
}

}  // namespace ntlab
