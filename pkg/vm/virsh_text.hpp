// What virsh prints, parsed: `virsh list --all`, `virsh dominfo NAME` and
// `virsh domjobinfo NAME` (libvirt 0.9 to 9 print these the same way).
// Pure: text in, values out; throws a failure on text that is not virsh's.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "vm/hypervisor.hpp"

namespace anvil::vm {

// (name, state) per domain, in virsh's order.
std::vector<std::pair<std::string, std::string>> parse_virsh_list(const std::string& text);
DomainInfo parse_dominfo(const std::string& text);
JobProgress parse_domjobinfo(const std::string& text);
// "64.000 MiB" -> bytes.
std::int64_t parse_virsh_size(const std::string& text);

}  // namespace anvil::vm
