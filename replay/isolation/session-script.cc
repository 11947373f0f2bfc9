#include "replay/isolation/session-script.h"

#include <tins/tins.h>

#include <map>
#include <tuple>

namespace ntlab {
namespace {

using FlowKey = std::tuple<Ipv4, std::uint16_t, std::uint16_t>;  // server, server port, host port

struct FlowBytes {
  std::size_t order = 0;
  std::map<std::uint32_t, std::string> request, response;  // by sequence number: retransmissions fold
};

Ipv4 Address(const Tins::IPv4Address& a) { return *ParseIpv4(a.to_string()); }

std::string Joined(const std::map<std::uint32_t, std::string>& segments) {
  std::string bytes;
  for (const auto& [seq, payload] : segments) bytes += payload;
  return bytes;
}

std::string PayloadOf(const Tins::TCP& tcp) {
  const auto* raw = tcp.find_pdu<Tins::RawPDU>();
  return raw ? std::string(raw->payload().begin(), raw->payload().end()) : std::string();
}

}  // namespace

std::vector<ScriptedSession> ReadSessionScript(const std::string& capture, Ipv4 host) {
  std::map<FlowKey, FlowBytes> flows;
  try {
    Tins::FileSniffer sniffer(capture);
    sniffer.sniff_loop([&](Tins::PDU& pdu) {
      const auto* ip = pdu.find_pdu<Tins::IP>();
      const auto* tcp = pdu.find_pdu<Tins::TCP>();
      if (!ip || !tcp) return true;
      const bool from_host = Address(ip->src_addr()) == host;
      if (!from_host && Address(ip->dst_addr()) != host) return true;
      FlowKey key = from_host ? FlowKey{Address(ip->dst_addr()), tcp->dport(), tcp->sport()}
                              : FlowKey{Address(ip->src_addr()), tcp->sport(), tcp->dport()};
      // Only a plain SYN opens a session: a SYN|FIN probe is no connection a socket could make.
      bool opening = from_host && (tcp->flags() & (Tins::TCP::SYN | Tins::TCP::ACK | Tins::TCP::FIN | Tins::TCP::RST)) == Tins::TCP::SYN;
      if (opening && !flows.count(key)) {
        const std::size_t order = flows.size();
        flows[key].order = order;
      }
      auto flow = flows.find(key);
      std::string payload = PayloadOf(*tcp);
      if (flow != flows.end() && !payload.empty())
        (from_host ? flow->second.request : flow->second.response)[tcp->seq()] = payload;
      return true;
    });
  } catch (const std::exception& e) {
    throw InputError(capture + ": cannot read the capture (" + std::string(e.what()) + ")");
  }
  std::vector<ScriptedSession> script(flows.size());
  for (const auto& [key, bytes] : flows)
    script[bytes.order] = {std::get<0>(key), std::get<1>(key), Joined(bytes.request), Joined(bytes.response)};
  return script;
}

}  // namespace ntlab
