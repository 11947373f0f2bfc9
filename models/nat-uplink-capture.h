// The capture point outside a NAT gateway (paper 000's network view behind a router's mirror or
// TAP): every IPv4 packet crossing the gateway's uplink, written with the inside endpoints
// translated as a port-translating NAT would show them: an inside (address, port) leaves as
// (PublicAddress, a public port) allocated in order of first use, endpoint-independent (RFC 4787),
// and the answers to it come back to that public endpoint. Files "<public-ip>_<YYYYmmddTHHMMSSZ>.pcap"
// (raw IPv4), rotated like the mirror ports. ns-3 3.37 has no NAT, so the simulated packets keep
// their inside addresses on the uplink; the translation is applied where the capture is written,
// which is all the network view can see of a NAT: the fields the device/network merge hashes
// (IP identification, TCP sequence and acknowledgement numbers, payload) are copied unchanged.
#pragma once

#include "analyzers/capture/rotating-pcap-writer.h"

#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace ns3 {

class NatUplinkCapture : public Object
{
  public:
    static TypeId GetTypeId();
    NatUplinkCapture();
    ~NatUplinkCapture() override;

    /// Captures the gateway's uplink (a PointToPointNetDevice: PPP framing is stripped).
    void Capture(Ptr<NetDevice> uplink);
    /// Finishes the open file; called at the end of the run.
    void Close();
    const std::vector<std::string>& Files() const;
    uint64_t Packets() const { return m_writer ? m_writer->Packets() : 0; }
    /// Inside endpoints translated so far.
    uint64_t Translations() const { return m_publicPorts.size(); }

  protected:
    void DoDispose() override;

  private:
    using InsideKey = std::tuple<uint8_t, uint32_t, uint16_t>;  // protocol, inside address, port
    void Write(Ptr<const Packet> packet);
    void Translate(std::vector<uint8_t>& ip);
    uint16_t PublicPort(uint8_t protocol, uint32_t address, uint16_t port);
    bool Inside(uint32_t address) const;

    std::string m_directory;
    Ipv4Address m_public;
    Ipv4Address m_insideNetwork;
    Ipv4Mask m_insideMask;
    uint16_t m_firstPort;
    Time m_rotate;
    int64_t m_epochStartUs;
    std::map<InsideKey, uint16_t> m_publicPorts;
    uint32_t m_nextPort = 0;
    std::unique_ptr<ntlab::RotatingPcapWriter> m_writer;  // made by Capture, once the attributes are set
    std::vector<uint8_t> m_buffer;
};

} // namespace ns3
