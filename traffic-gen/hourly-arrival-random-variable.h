// Gaps of a non-homogeneous Poisson process whose rate is piecewise constant per hour of the local
// day (the workload catalog's hourly profiles). GetValue() returns the seconds from *now*
// (Simulator::Now) to the next arrival, found by integrating the hourly rates from now on until
// they add up to an Exp(1) draw. Queried at each arrival, as arrival-driven applications do
// (SshClientApplication's Interval, CatalogProcessApplication's arrivals), the arrivals are
// exactly that process, including across hour boundaries.
#pragma once

#include "ns3/random-variable-stream.h"

#include <array>
#include <string>

namespace ns3 {

class HourlyArrivalRandomVariable : public RandomVariableStream
{
  public:
    static TypeId GetTypeId();
    HourlyArrivalRandomVariable();

    /// Arrivals per hour for local hours 0..23.
    void SetRates(const std::array<double, 24>& perHour);
    const std::array<double, 24>& GetRates() const { return m_rates; }

    /// Seconds to the next arrival from `now` seconds of simulated time.
    double GapFrom(double now);
    double GetValue() override;
    uint32_t GetInteger() override;

  private:
    void SetRateText(const std::string& text);
    std::string GetRateText() const;

    std::array<double, 24> m_rates{};
    double m_startHour;  // local hour of the day at simulated t = 0 (fractional)
};

} // namespace ns3
