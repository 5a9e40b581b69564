// `anvil storage init`: the one-time creation of the clustered storage, as
// data. The steps in the order they must run, and the reasons to refuse
// running them at all. What runs them (checking each before the next, the
// dry run, the ledger) is the caller's.
#pragma once

#include <string>
#include <vector>

#include "storage/layout.hpp"
#include "storage/node_storage.hpp"

namespace anvil::storage {

enum class Where {
  first,  // once, on the first node: DRBD replicates the PV labels, clvmd the VG and LV metadata
  both,   // on each node
};
const char* where_name(Where w);  // "first", "both"

enum class StepKind {
  run,    // run `command` on the node(s)
  fstab,  // run `command` (it prints the filesystem's UUID) on the first node, then set
          // fstab_line(gfs2, <its output>) into /etc/fstab on `where` (a file edit: shown, recorded, undoable)
};

struct Step {
  Where where = Where::first;
  StepKind kind = StepKind::run;
  std::string command;  // one shell command line, every value quoted with exec::shell_quote
  std::string why;      // one line: what it does and why here
};

// The steps for `layout` (validated first: throws usage_error as
// validate_layout does), in order:
//   pvcreate DEVICE              first, per DRBD device
//   vgcreate -c y VG DEVICE      first, per VG (clustered: clvmd must run on both nodes)
// and with a GFS2 filesystem:
//   lvcreate -L SIZE -n LV VG    first (in a clustered VG it is activated on both nodes)
//   mkfs.gfs2 -O -p lock_dlm -j JOURNALS -t CLUSTER:FS /dev/VG/LV   first (-O: no question on a terminal)
//   blkid ... (kind fstab)       the fstab line, by UUID, on both
//   mkdir -p MOUNTPOINT          both
//   mount MOUNTPOINT             both (through the fstab line just written, as at boot)
std::vector<Step> init_steps(const StorageLayout& layout);

// Why `storage init` must not run, from each node's state (the nodes as
// read, in their order): one line each, saying what is there and what to
// do, empty when nothing is in the way. It refuses
//   - while clvmd is not running on a node (vgcreate -c y needs it on both,
//     and without it vgs and pvs do not show clustered VGs: the checks
//     below would be blind),
//   - a DRBD device that already is a PV in a VG (pvcreate would wipe it),
//     the layout's VG there included (init already ran),
//   - a VG of the layout's name that already exists elsewhere,
//   - the GFS2 LV that already exists (mkfs.gfs2 would wipe it),
//   - a filesystem mounted at the mount point, or the DRBD device or the
//     GFS2 LV mounted anywhere.
// Throws usage_error for a layout that validate_layout refuses.
std::vector<std::string> init_refusals(const StorageLayout& layout, const std::vector<NodeStorage>& nodes);

}  // namespace anvil::storage
