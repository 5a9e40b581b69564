// Reading a node's storage in one round trip: vgs, lvs and pvs (with the
// fields and separators the parsers expect), /proc/mounts, whether clvmd
// runs, and /etc/lvm/lvm.conf's clustered settings. The script prints each
// part between "@@ NAME" and "@@ end NAME RC" lines; the same text saved to
// a file is what `anvil storage status --from FILE` reads.
#pragma once

#include <string>

#include "exec/executor.hpp"
#include "storage/node_storage.hpp"

namespace anvil::storage {

// The script run on the node (POSIX sh, nothing but LVM's tools and cat).
std::string read_script();

// Parses the script's output; throws a failure naming the part and line
// when a part is missing or not what its tool prints, and says so when LVM
// is not installed on the node.
NodeStorage parse_node_storage(const std::string& node, const std::string& text);

NodeStorage read_node_storage(exec::Executor& node);

}  // namespace anvil::storage
