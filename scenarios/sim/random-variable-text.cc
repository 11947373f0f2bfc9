#include "scenarios/sim/random-variable-text.h"

#include <cmath>
#include <sstream>

namespace ntlab {
namespace {

std::string Format(double value)
{
    std::ostringstream s;
    s.precision(10);
    s << value;
    return s.str();
}

}  // namespace

std::string LogNormalVariable(const LogNormalSpec& spec)
{
    return "ns3::LogNormalRandomVariable[Mu=" + Format(std::log(spec.median)) + "|Sigma=" + Format(spec.sigma) + "]";
}

std::string ExponentialVariable(double mean)
{
    return "ns3::ExponentialRandomVariable[Mean=" + Format(mean) + "]";
}

std::string UniformVariable(double min, double max)
{
    return "ns3::UniformRandomVariable[Min=" + Format(min) + "|Max=" + Format(max) + "]";
}

std::string ConstantVariable(double value)
{
    return "ns3::ConstantRandomVariable[Constant=" + Format(value) + "]";
}

}  // namespace ntlab
