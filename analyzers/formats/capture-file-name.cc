#include "analyzers/formats/capture-file-name.h"

#include <algorithm>
#include <cstdio>

namespace ntlab {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

// Days since 1970-01-01 of a proleptic Gregorian date and back (Howard Hinnant's algorithms), so
// the stamp needs neither the C library's time zone state nor timegm().
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct CivilDate {
  std::int64_t year;
  unsigned month;
  unsigned day;
};

CivilDate CivilFromDays(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool Digits(std::string_view text, unsigned& value) {
  value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + unsigned(c - '0');
  }
  return true;
}

bool StripSuffix(std::string_view& text, std::string_view suffix) {
  if (text.size() < suffix.size() || text.substr(text.size() - suffix.size()) != suffix) return false;
  text.remove_suffix(suffix.size());
  return true;
}

}  // namespace

std::string FormatUtcStamp(TimeUs ts) {
  std::int64_t seconds = FloorDiv(ts, kUsPerSecond);
  std::int64_t days = FloorDiv(seconds, kSecondsPerDay);
  std::int64_t ofDay = seconds - days * kSecondsPerDay;
  CivilDate date = CivilFromDays(days);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld%02u%02uT%02lld%02lld%02lldZ", static_cast<long long>(date.year), date.month,
                date.day, static_cast<long long>(ofDay / 3600), static_cast<long long>(ofDay / 60 % 60),
                static_cast<long long>(ofDay % 60));
  return buf;
}

std::optional<TimeUs> ParseUtcStamp(std::string_view stamp) {
  if (stamp.size() != 16 || stamp[8] != 'T' || stamp[15] != 'Z') return std::nullopt;
  unsigned year, month, day, hour, minute, second;
  if (!Digits(stamp.substr(0, 4), year) || !Digits(stamp.substr(4, 2), month) || !Digits(stamp.substr(6, 2), day) ||
      !Digits(stamp.substr(9, 2), hour) || !Digits(stamp.substr(11, 2), minute) || !Digits(stamp.substr(13, 2), second))
    return std::nullopt;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  std::int64_t days = DaysFromCivil(year, month, day);
  // A day past the month's end (Feb 30) lands in the next month: refuse it.
  CivilDate back = CivilFromDays(days);
  if (back.month != month || back.day != day) return std::nullopt;
  std::int64_t seconds = days * kSecondsPerDay + hour * 3600 + minute * 60 + second;
  return seconds * kUsPerSecond;
}

std::string FormatHostForFileName(const IpAddress& host) {
  std::string text = host.ToString();
  std::replace(text.begin(), text.end(), ':', '-');
  return text;
}

std::optional<IpAddress> ParseHostFromFileName(std::string_view text) {
  if (text.find('-') == std::string_view::npos) {
    auto v4 = ParseIpv4(text);
    return v4 ? std::optional<IpAddress>(IpAddress(*v4)) : std::nullopt;
  }
  std::string colons(text);
  std::replace(colons.begin(), colons.end(), '-', ':');
  auto v6 = IpAddress::Parse(colons);
  // Only the one spelling FormatHostForFileName writes: an IPv4-mapped address names the IPv4 host
  // (written as a dotted quad), and any other spelling of an IPv6 address would be a second name.
  if (!v6 || v6->IsV4() || v6->ToString() != colons) return std::nullopt;
  return v6;
}

std::string FormatCaptureFileName(const IpAddress& host, TimeUs start) {
  return FormatHostForFileName(host) + "_" + FormatUtcStamp(start) + ".pcap";
}

std::optional<CaptureFileName> ParseCaptureFileName(std::string_view name) {
  if (!StripSuffix(name, ".pcap") && !StripSuffix(name, ".pcapng")) return std::nullopt;
  auto underscore = name.find('_');
  if (underscore == std::string_view::npos) return std::nullopt;
  auto host = ParseHostFromFileName(name.substr(0, underscore));
  auto start = ParseUtcStamp(name.substr(underscore + 1));
  if (!host || !start) return std::nullopt;
  return CaptureFileName{*host, *start};
}

}  // namespace ntlab
