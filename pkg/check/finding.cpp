#include "check/finding.hpp"

#include <algorithm>
#include <tuple>

namespace anvil::check {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::ok: return "OK";
    case Severity::warning: return "WARNING";
    case Severity::critical: return "CRITICAL";
    case Severity::unknown: return "UNKNOWN";
  }
  return "UNKNOWN";
}

namespace {
// UNKNOWN ranks between WARNING and CRITICAL when ordering what to read first.
int rank(Severity s) { return s == Severity::critical ? 3 : s == Severity::unknown ? 2 : static_cast<int>(s); }
}  // namespace

Severity worst(const std::vector<Finding>& findings) {
  Severity w = Severity::ok;
  for (auto& f : findings)
    if (rank(f.severity) > rank(w)) w = f.severity;
  return w;
}

void sort_findings(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::make_tuple(-rank(a.severity), a.subject, a.id) < std::make_tuple(-rank(b.severity), b.subject, b.id);
  });
}

}  // namespace anvil::check
