#include "models/payload/kraken-dga.h"

#include <catch2/catch.hpp>

#include <set>

using namespace ntlab::payload;

TEST_CASE("Kraken DGA v1 reproduces the published example names", "[analysis][kraken]") {
  // baderj/domain_generation_algorithms kraken/v1/example_domains.txt (seed set a), first 16 and
  // a few later entries.
  const std::vector<std::string> expected{
      "ibbwnhgh.mooo.com",    "rbqdxflojkj.mooo.com", "smhburg.dyndns.org", "bltjhzqp.dyndns.org",
      "clwafrfuuxq.yi.org",   "cffxugijxn.yi.org",    "ivxcxbj.dynserv.com", "etllejr.dynserv.com",
      "otpxmk.mooo.com",      "ejfjyd.mooo.com",      "ggwypum.dyndns.org", "mnkzof.dyndns.org",
      "xirlum.yi.org",        "adhbtib.yi.org",       "ihjenegy.dynserv.com", "vqsqul.dynserv.com"};
  CHECK(KrakenDgaDomains(16) == expected);
  CHECK(KrakenDgaDomain(29) == "afmbtgyktty.yi.org");
  CHECK(KrakenDgaDomain(50) == "koooxx.dyndns.org");
  // The reference script's last name (1,000 x 2), and seed set b (dga_v1.py -s b).
  CHECK(KrakenDgaDomain(1999) == "kllgnr.dynserv.com");
  CHECK(KrakenDgaDomain(0, KrakenSeedSet::B) == "hmhxnupkc.mooo.com");
  CHECK(KrakenDgaDomain(1, KrakenSeedSet::B) == "quowesuqbbb.mooo.com");
  CHECK(KrakenDgaDomain(999, KrakenSeedSet::B) == "wfvanthokky.dynserv.com");
}

TEST_CASE("Kraken DGA v1 labels are 6-11 lowercase letters under the four zones", "[analysis][kraken]") {
  std::set<std::string> zones;
  auto names = KrakenDgaDomains(2000);
  for (const auto& name : names) {
    auto dot = name.find('.');
    std::string label = name.substr(0, dot);
    CHECK(label.size() >= 6);
    CHECK(label.size() <= 11);
    for (char c : label) CHECK((c >= 'a' && c <= 'z'));
    zones.insert(name.substr(dot + 1));
  }
  CHECK(zones == std::set<std::string>{"dyndns.org", "yi.org", "dynserv.com", "mooo.com"});
  // Seed set b is another sample's list.
  CHECK(KrakenDgaDomain(0, KrakenSeedSet::B) != KrakenDgaDomain(0, KrakenSeedSet::A));
}

namespace {
// A time in the week whose list baderj/domain_generation_algorithms kraken/v2/example_domains.txt
// shows (405 discards: 403 weeks after 1,207,000,000 s, i.e. 21-27 December 2015).
constexpr int64_t kExampleWeek = 1207000000 + 403 * 604800 + 3600;
}  // namespace

TEST_CASE("Kraken DGA v2 reproduces the published example names", "[analysis][kraken]") {
  // kraken/v2/example_domains.txt (seed set a, generic zones), the first 20 entries.
  const std::vector<std::string> expected{
      "xpdbwuimwag.com", "nwpegpjtx.com",   "smmyuhxlt.net",   "xjvyvnzivvt.net", "lvctmusxcyz.tv",
      "lvctmusxcyz.tv",  "cjuszcfwo.cc",    "egbmbdey.cc",     "wjxaprgne.com",   "vxbuggxhrgi.com",
      "lvctmusxcyz.net", "qxfbduci.net",    "ehvadgttl.tv",    "oyebgolrk.tv",    "ckucoqunnzl.cc",
      "smmyuhxlt.cc",    "vsdvzwt.com",     "wixcaiktigew.com", "jlqyrrg.net",    "zoipmnwr.net"};
  for (uint32_t i = 0; i < expected.size(); ++i) CHECK(KrakenDgaV2Domain(i, kExampleWeek) == expected[i]);
  // Every time within the week gives the same list; the next week another one, except for domain
  // numbers 8 mod 9 (entries 16 and 17), which take no discards and never change.
  CHECK(KrakenDgaV2Domain(0, kExampleWeek + 5 * 86400) == "xpdbwuimwag.com");
  CHECK(KrakenDgaV2Domain(0, kExampleWeek + 7 * 86400) != "xpdbwuimwag.com");
  CHECK(KrakenDgaV2Domain(16, 0) == "vsdvzwt.com");
  CHECK(KrakenDgaV2Domain(17, kExampleWeek + 70 * 86400) == "wixcaiktigew.com");
}

TEST_CASE("Kraken DGA v2 labels are 7-12 letters under the chosen zone set", "[analysis][kraken]") {
  std::set<std::string> generic, dyn;
  for (uint32_t i = 0; i < 400; ++i) {
    std::string name = KrakenDgaV2Domain(i, kExampleWeek);
    auto dot = name.find('.');
    CHECK(dot >= 7);
    CHECK(dot <= 12);
    generic.insert(name.substr(dot + 1));
    std::string d = KrakenDgaV2Domain(i, kExampleWeek, KrakenSeedSet::A, KrakenV2Zones::DynamicDns);
    CHECK(d.substr(0, d.find('.')) == name.substr(0, dot));  // the zone set changes only the zone
    dyn.insert(d.substr(d.find('.') + 1));
  }
  CHECK(generic == std::set<std::string>{"com", "net", "tv", "cc"});
  CHECK(dyn == std::set<std::string>{"dyndns.org", "yi.org", "dynserv.com", "mooo.com"});
  CHECK(KrakenDgaV2Domain(0, kExampleWeek, KrakenSeedSet::B) != KrakenDgaV2Domain(0, kExampleWeek));
}
