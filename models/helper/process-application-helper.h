// The base of the helpers for processes on a monitored host (ProcessApplication): every process
// has a PID and an image name, and resolves names through its host's DNS Client.
#pragma once

#include "models/helper/typed-application-helper.h"
#include "models/host-resolver.h"

#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cstdint>
#include <string>

namespace ns3
{

template <typename T>
class ProcessApplicationHelper : public TypedApplicationHelper<T>
{
  public:
    /// The process the next installed application is: its PID, its image name ("chrome.exe")
    /// and the DNS Client of its host.
    void SetProcess(uint32_t pid, const std::string& processName, Ptr<HostResolver> resolver)
    {
        this->SetAttribute("Pid", UintegerValue(pid));
        this->SetAttribute("ProcessName", StringValue(processName));
        this->SetAttribute("Resolver", PointerValue(resolver));
    }
};

} // namespace ns3
