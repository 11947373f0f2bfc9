// Whether libtins can read the names of a DNS message without looping forever. libtins 4.0 (Debian
// 12's) follows name compression pointers without a limit in Tins::DNS::compose_name, which
// queries() and answers() call: a pointer to itself, or two pointing at each other, never ends
// (found by tests/fuzz/dns-fuzzer; a 20-byte packet stops `ntlab kraken` for good), and a name
// that runs to the end of the message without its terminating zero is read past the end.
//
// DnsNamesEnd walks the message as those two calls do (libtins 4.0's Tins::DNS: the sections its
// constructor finds, every question, every answer record the way convert_records steps over it,
// and the names inside NS, CNAME, DNAME, PTR, MX and SOA data) and says whether each name walk
// ends inside the message within a bounded number of pointer jumps. A message it refuses is
// malformed: the caller skips it before libtins sees it. tests/fuzz/dns-fuzzer runs libtins on
// every message it passes, so a gap between the two shows up as a hang there.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ntlab {

/// True when every name queries() and answers() would read ends inside the message.
bool DnsNamesEnd(const std::uint8_t* message, std::size_t size);

}  // namespace ntlab
