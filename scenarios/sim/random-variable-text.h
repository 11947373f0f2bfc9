// The scenario's distributions as ns-3 random-variable attribute strings
// ("ns3::LogNormalRandomVariable[Mu=...|Sigma=...]"), printed with 10 significant digits, the
// form every helper attribute takes them in.
#pragma once

#include "scenarios/config/scenario-config.h"

#include <string>

namespace ntlab {

/// Log-normal with the spec's median (Mu = ln median) and sigma.
std::string LogNormalVariable(const LogNormalSpec& spec);
std::string ExponentialVariable(double mean);
std::string UniformVariable(double min, double max);
std::string ConstantVariable(double value);

}  // namespace ntlab
