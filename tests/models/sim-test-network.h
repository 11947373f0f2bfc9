#ifndef NTLAB_TESTS_MODELS_SIM_TEST_NETWORK_H
#define NTLAB_TESTS_MODELS_SIM_TEST_NETWORK_H

// A tiny ns-3 network for model tests: n nodes on one CSMA segment, 10.1.1.0/24, addresses in
// node order (10.1.1.1, 10.1.1.2, ...). Tests run Simulator::Run/Destroy themselves.

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

namespace ntlab::test {

struct SimTestNetwork {
  ns3::NodeContainer nodes;
  ns3::Ipv4InterfaceContainer interfaces;

  explicit SimTestNetwork(uint32_t n) {
    nodes.Create(n);
    ns3::CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", ns3::StringValue("100Mbps"));
    csma.SetChannelAttribute("Delay", ns3::TimeValue(ns3::MilliSeconds(1)));
    ns3::NetDeviceContainer devices = csma.Install(nodes);
    ns3::InternetStackHelper internet;
    internet.Install(nodes);
    ns3::Ipv4AddressHelper ipv4;
    ipv4.SetBase("10.1.1.0", "255.255.255.0");
    interfaces = ipv4.Assign(devices);
  }

  ns3::Ipv4Address Address(uint32_t i) const { return interfaces.GetAddress(i); }
};

}  // namespace ntlab::test

#endif
