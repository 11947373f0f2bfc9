// The switch's mirror (SPAN) port for one monitored host, with the capture server behind it:
// every frame the host's switch port sends or receives is written to a PCAP file of that host,
// rotated every RotateInterval, named "<host-ip>_<YYYYmmddTHHMMSSZ>.pcap" after the start of its
// interval (paper 001). Timestamps are epoch times (EpochStart + simulated time), so captures line
// up with the socket log. A file appears under its final name only when complete.
#pragma once

#include "analyzers/capture/rotating-pcap-writer.h"

#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ns3 {

class MirrorPortCapture : public Object
{
  public:
    static TypeId GetTypeId();
    MirrorPortCapture();
    ~MirrorPortCapture() override;

    /// Mirrors the given switch port (a CsmaNetDevice on the bridge).
    void Mirror(Ptr<NetDevice> switchPort);
    /// Finishes the open file; called at the end of the run.
    void Close();
    const std::vector<std::string>& Files() const;
    uint64_t Packets() const { return m_writer ? m_writer->Packets() : 0; }

  protected:
    void DoDispose() override;

  private:
    void Write(Ptr<const Packet> packet);

    std::string m_directory;
    Ipv4Address m_hostAddress;
    Time m_rotate;
    int64_t m_epochStartUs;
    uint32_t m_snapLength;
    std::unique_ptr<ntlab::RotatingPcapWriter> m_writer;  // made by Mirror, once the attributes are set
    std::vector<uint8_t> m_buffer;
};

} // namespace ns3
