// The clustered storage a cluster should have, as the storage code needs it:
// which DRBD device carries which clustered volume group, and the GFS2
// filesystem on one of them. The plan model fills this in; the storage code
// does not read the plan itself, so it can be tested and used without one.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace anvil::storage {

// One clustered VG on one DRBD device. Nothing here says which node runs
// its creation: DRBD replicates the PV label and clvmd the VG's metadata,
// so `storage init` creates it once, from the first node, and both see it.
struct DrbdVg {
  std::string device;  // "/dev/drbd0"
  std::string vg;      // "an-a05n01_vg0"
};

struct Gfs2 {
  std::string vg;                     // one of the layout's VGs
  std::string lv = "shared";
  std::string size = "40G";           // lvcreate's -L (40G, 512M, 1.5T) or -l with a percentage (100%FREE)
  std::string fs_name = "shared";     // the lock table's second half: <cluster>:<fs_name>
  std::string mount_point = "/shared";
  int journals = 2;                   // one per node that mounts it

  std::string device() const { return "/dev/" + vg + "/" + lv; }
  std::string lock_table(const std::string& cluster) const { return cluster + ":" + fs_name; }
};

struct StorageLayout {
  std::string cluster;  // cman's cluster name: the lock table's first half
  std::vector<DrbdVg> vgs;
  std::optional<Gfs2> gfs2;
};

// Throws anvil::usage_error with one line saying which value is wrong and
// what it may be: names (VG and LV: letters, digits and "+_.-", not
// starting with '-', not "." or "..", LV names not lvm2's reserved ones),
// the lock table (cluster and fs name: 1-16 letters, digits, '-', '_'),
// the size, the journals (1-16), the mount point (absolute, not "/"), the
// devices (/dev/..., each once), the VG names (each once), the GFS2's VG
// (one of the layout's).
void validate_layout(const StorageLayout& layout);

// The single checks, for callers that take one value at a time ("what" names
// the value in the message: "the VG name").
void validate_vg_name(const std::string& name, const std::string& what = "the VG name");
void validate_lv_name(const std::string& name, const std::string& what = "the LV name");
void validate_lv_size(const std::string& size);

// lvcreate's size option for `size`: {"-L", "40G"} or {"-l", "100%FREE"}.
std::pair<std::string, std::string> lv_size_option(const std::string& size);

// The device-mapper name under /dev/mapper: lvm2 doubles the '-' of each
// name and joins them with one: ("an-a05n01_vg0", "shared") ->
// "/dev/mapper/an--a05n01_vg0-shared" (what /proc/mounts often shows).
std::string mapper_path(const std::string& vg, const std::string& lv);

}  // namespace anvil::storage
