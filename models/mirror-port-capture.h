// The switch's mirror (SPAN) port for one monitored host, with the capture server behind it:
// every frame the host's switch port sends or receives is written to a PCAP file of that host,
// rotated every RotateInterval, named "<host-ip>_<YYYYmmddTHHMMSSZ>.pcap" after the start of its
// interval (paper 001). Timestamps are epoch times (EpochStart + simulated time), so captures line
// up with the socket log. A file appears under its final name only when complete.
#pragma once

#include "ns3/ipv4-address.h"
#include "ns3/net-device.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/packet.h"

#include <cstdint>
#include <string>
#include <vector>

struct pcap;
struct pcap_dumper;

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
    const std::vector<std::string>& Files() const { return m_files; }
    uint64_t Packets() const { return m_packets; }

  protected:
    void DoDispose() override;

  private:
    void Write(Ptr<const Packet> packet);
    void OpenFile(int64_t intervalStartUs);

    std::string m_directory;
    Ipv4Address m_hostAddress;
    Time m_rotate;
    int64_t m_epochStartUs;
    uint32_t m_snapLength;
    struct pcap* m_pcap = nullptr;
    struct pcap_dumper* m_dumper = nullptr;
    int64_t m_intervalStartUs = -1;
    std::string m_currentPath;
    std::vector<std::string> m_files;
    std::vector<uint8_t> m_buffer;
    uint64_t m_packets = 0;
};

} // namespace ns3
