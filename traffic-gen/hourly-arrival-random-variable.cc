#include "traffic-gen/hourly-arrival-random-variable.h"

#include "ns3/abort.h"
#include "ns3/double.h"
#include "ns3/rng-stream.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <cmath>
#include <sstream>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(HourlyArrivalRandomVariable);

namespace
{
// An "hour" whose rate is 0 everywhere would never end: a day without arrivals gives this gap.
constexpr double kNever = 1e12;

} // namespace

TypeId
HourlyArrivalRandomVariable::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::HourlyArrivalRandomVariable")
            .SetParent<RandomVariableStream>()
            .SetGroupName("Ntlab")
            .AddConstructor<HourlyArrivalRandomVariable>()
            .AddAttribute("Rates", "Arrivals per hour for local hours 0..23, comma-separated.",
                          StringValue("1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1"),
                          MakeStringAccessor(&HourlyArrivalRandomVariable::SetRateText,
                                             &HourlyArrivalRandomVariable::GetRateText),
                          MakeStringChecker())
            .AddAttribute("StartHour", "Local hour of the day at simulated time 0 (e.g. 9.5).",
                          DoubleValue(0), MakeDoubleAccessor(&HourlyArrivalRandomVariable::m_startHour),
                          MakeDoubleChecker<double>(0, 24));
    return tid;
}

HourlyArrivalRandomVariable::HourlyArrivalRandomVariable()
    : m_startHour(0)
{
    m_rates.fill(1);
}

void
HourlyArrivalRandomVariable::SetRates(const std::array<double, 24>& perHour)
{
    for (double r : perHour)
    {
        NS_ABORT_MSG_IF(!(r >= 0) || !std::isfinite(r), "hourly rates must be >= 0");
    }
    m_rates = perHour;
}

void
HourlyArrivalRandomVariable::SetRateText(const std::string& text)
{
    std::array<double, 24> rates{};
    std::stringstream in(text);
    std::string item;
    std::size_t n = 0;
    while (std::getline(in, item, ','))
    {
        NS_ABORT_MSG_IF(n >= 24, "Rates: more than 24 values");
        rates[n++] = std::stod(item);
    }
    NS_ABORT_MSG_IF(n != 24, "Rates: needs 24 values, got " << n);
    SetRates(rates);
}

std::string
HourlyArrivalRandomVariable::GetRateText() const
{
    std::ostringstream out;
    out.precision(12);
    for (std::size_t h = 0; h < 24; ++h)
    {
        out << (h ? "," : "") << m_rates[h];
    }
    return out.str();
}

double
HourlyArrivalRandomVariable::GapFrom(double now)
{
    double need = -std::log(1.0 - Peek()->RandU01());  // Exp(1): the integrated rate to the next arrival
    double daily = 0;
    for (double r : m_rates)
    {
        daily += r;
    }
    if (!(daily > 0))
    {
        return kNever;
    }
    double t = now;
    for (;;)
    {
        double local = std::fmod(m_startHour * 3600 + t, 86400.0);
        auto hour = static_cast<std::size_t>(local / 3600) % 24;
        double rate = m_rates[hour] / 3600;  // per second
        double left = 3600 * (hour + 1) - local;  // seconds to the end of this hour
        if (left <= 0)
        {
            left = 1e-9;
        }
        if (rate * left >= need)
        {
            return t + need / rate - now;
        }
        need -= rate * left;
        t += left;
    }
}

double
HourlyArrivalRandomVariable::GetValue()
{
    return GapFrom(Simulator::Now().GetSeconds());
}

uint32_t
HourlyArrivalRandomVariable::GetInteger()
{
    return static_cast<uint32_t>(GetValue());
}

} // namespace ns3
