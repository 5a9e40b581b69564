// Reading a node's DRBD state and what runs on it, through any executor.
#pragma once

#include <string>
#include <vector>

#include "drbd/status.hpp"
#include "exec/executor.hpp"

namespace anvil::drbd {

// /proc/drbd for DRBD 8.3/8.4; `drbdsetup events2 --now` when /proc/drbd
// says DRBD 9. An empty state (format "none") when DRBD is not loaded.
// On the node, $ANVIL_DRBD_PROC names another file to read instead of
// /proc/drbd (a node whose DRBD state is exposed elsewhere; the tests).
std::string read_state_text(exec::Executor& node);
DrbdState read_state(exec::Executor& node);

// The libvirt guests running on the node (`virsh list --name`): none when
// libvirt is not installed there. Throws when virsh is there but cannot
// tell (libvirtd down): a caller that must not strand a VM cannot go on.
std::vector<std::string> running_vms(exec::Executor& node);

}  // namespace anvil::drbd
