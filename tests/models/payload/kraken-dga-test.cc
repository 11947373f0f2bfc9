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
