// What LVM reports about a node's volume groups, logical volumes and
// physical volumes, read from `vgs`, `lvs` and `pvs` asked for fixed fields
// with an explicit separator (never the human table: its columns move with
// the names' widths). Text in, values out.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace anvil::storage {

// The command lines anvil runs; each parser reads exactly the fields named
// after -o, in that order (it takes the list from these strings, so the two
// cannot drift apart). LC_ALL=C: lvm2 formats sizes with the locale's
// decimal mark. --units k is KiB (an upper-case K would be 1000 bytes).
inline constexpr const char* vgs_command =
    "LC_ALL=C vgs --noheadings --separator '|' --units k --nosuffix -o vg_name,vg_attr,vg_size,vg_free,pv_count,lv_count";
inline constexpr const char* lvs_command =
    "LC_ALL=C lvs --noheadings --separator '|' --units k --nosuffix -o lv_name,vg_name,lv_attr,lv_size,devices";
inline constexpr const char* pvs_command =
    "LC_ALL=C pvs --noheadings --separator '|' --units k --nosuffix -o pv_name,vg_name,pv_size,pv_free";

struct VolumeGroup {
  std::string name;
  std::string attr;        // "wz--nc": as printed (lvm2's vgs(8))
  bool writeable = false;  // attr[0] 'w'
  bool exported = false;   // attr[2] 'x'
  bool partial = false;    // attr[3] 'p': a PV of it is missing
  bool clustered = false;  // attr[5] 'c': clvmd's (locking_type 3)
  bool shared = false;     // attr[5] 's': lvmlockd's, lvm2 2.03's successor of 'c'
  std::int64_t size_kib = 0;
  std::int64_t free_kib = 0;
  int pv_count = 0;
  int lv_count = 0;

  double free_percent() const { return size_kib > 0 ? 100.0 * double(free_kib) / double(size_kib) : 0; }
};

struct LogicalVolume {
  std::string name;
  std::string vg;
  std::string attr;        // "-wi-ao----": 10 characters from lvm2 2.02.99 on, fewer before (lvs(8))
  char state = '-';        // attr[4]: 'a' active, '-' not, 's' suspended, 'X' unknown (no device-mapper), ...
  bool active = false;     // state 'a'
  bool open = false;       // attr[5] 'o': something holds it open (a mounted filesystem, a running guest)
  std::int64_t size_kib = 0;
  std::vector<std::string> devices;  // the PVs it lies on ("/dev/drbd0"), the extent numbers dropped; in order, once each

  std::string path() const { return "/dev/" + vg + "/" + name; }
};

struct PhysicalVolume {
  std::string name;  // "/dev/drbd0"
  std::string vg;    // empty: an orphan, in no VG
  std::int64_t size_kib = 0;
  std::int64_t free_kib = 0;
};

// Each throws anvil::Error (failed) with one line naming the line number and
// the field ("line 2 of the vgs output: vg_size '12,x' is not a size in KiB")
// when the text is not the output of the command above. Blank input gives
// nothing (no VGs, or lvm2's "No volume groups found", which goes to stderr).
std::vector<VolumeGroup> parse_vgs(const std::string& text);
// lvs prints one line per segment when asked for `devices`: an LV on two
// PVs comes as two lines, merged here into one LV listing both devices.
std::vector<LogicalVolume> parse_lvs(const std::string& text);
std::vector<PhysicalVolume> parse_pvs(const std::string& text);

}  // namespace anvil::storage
