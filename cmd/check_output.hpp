// Printing findings: text for people (worst first, each with its fix),
// JSON, and the one-line Nagios format with perfdata.
#pragma once

#include <string>
#include <vector>

#include "check/finding.hpp"

namespace anvil::cli {

class Context;

// `name` heads the Nagios line ("NET"). Returns the exit code: the worst
// severity (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
// `perf`: measurements beyond the counts, appended to the perfdata.
int print_findings(Context& ctx, const std::string& name, const std::string& format, std::vector<check::Finding> findings,
                   const std::vector<check::Perf>& perf = {});

}  // namespace anvil::cli
