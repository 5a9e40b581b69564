// What every check reports: findings with a monitoring severity, a stable
// id, what it is about, and the command that fixes it.
#pragma once

#include <string>
#include <vector>

namespace anvil::check {

// Ordered as monitoring plugins rank them; the numbers are their exit codes.
enum class Severity { ok = 0, warning = 1, critical = 2, unknown = 3 };

struct Finding {
  Severity severity = Severity::ok;
  std::string id;       // stable: "net.bond-down"
  std::string subject;  // "an-node01 bond0"
  std::string message;  // one line
  std::string fix;      // a pasteable command or what to do; empty for OK
};

// A measurement for monitoring graphs (Nagios perfdata): "r0_synced=37.5%".
struct Perf {
  std::string label;  // letters, digits, '_', '-', '.'
  double value = 0;
  std::string unit;   // "", "%", "s", "KB", ...
  std::string range;  // ";warn;crit;min;max" after the value, "" for none
};

const char* severity_name(Severity s);  // "OK", "WARNING", "CRITICAL", "UNKNOWN"

// The worst severity (OK for no findings).
Severity worst(const std::vector<Finding>& findings);

// Worst first, then by subject and id: the order people read them in.
void sort_findings(std::vector<Finding>& findings);

}  // namespace anvil::check
