// The node's /etc/lvm/lvm.conf for clustered LVM: clvmd's locking and a
// device filter that lets LVM see the DRBD devices only. The file is the
// node's own (distribution defaults, local changes, comments): anvil edits
// those three settings in it and leaves every other byte alone, so the diff
// it shows is exactly its change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace anvil::storage {

// What accept_drbd_devices() accepts: /dev/drbd0, /dev/drbd1, ... and not
// their other names (/dev/drbd/by-res/..., /dev/drbd/by-disk/sda5).
inline constexpr const char* drbd_device_regex = "^/dev/drbd[0-9]+$";

// The `filter` for a node, first match wins (lvm.conf(5)):
//   [ "r|^/dev/sda5$|", ..., "a|^/dev/drbd[0-9]+$|", ..., "r|.*|" ]
// 1. each DRBD backing disk rejected, exactly (its path as a regex, anchored):
//    it carries the same PV label as its DRBD device, and LVM using it
//    directly would write under DRBD's feet. First, so that no accept
//    pattern added later for the node's own disks can take it in;
// 2. each accepted regex (the DRBD devices; add the node's own PVs here if
//    its root is on LVM, or the last rule hides them too);
// 3. everything else rejected.
// Each rule's delimiter is '|' unless the regex holds one ("a#(sda|sdb)#").
// Throws usage_error for an empty list of accepts, a regex or path with a
// '"', a newline, or every candidate delimiter in it.
std::vector<std::string> lvm_filter(const std::vector<std::string>& reject_devices,
                                    const std::vector<std::string>& accept_regexes = {drbd_device_regex});

// The settings clustered LVM needs, as lvm.conf holds them.
struct LvmClusterSettings {
  std::optional<std::int64_t> locking_type;               // global { locking_type }: 3 is clvmd
  std::optional<std::int64_t> fallback_to_local_locking;  // global { }: 0, or LVM goes on alone when clvmd is down
  std::optional<std::vector<std::string>> filter;         // devices { filter }; one string reads as a list of one

  bool clustered() const { return locking_type == 3 && fallback_to_local_locking == 0; }
};

// The settings as LVM reads them: the first occurrence of each (in its
// section or as "global/locking_type" at the top); commented-out lines do not
// count. Throws anvil::Error (failed), "line N of lvm.conf: ...", when the
// text is not lvm.conf's syntax or a setting has the wrong kind of value.
LvmClusterSettings read_lvm_cluster_settings(const std::string& lvm_conf);

// `lvm_conf` with global { locking_type = 3, fallback_to_local_locking = 0 }
// and devices { filter = <filter> }, everything else byte for byte:
//  - a setting that is there (every occurrence of it) gets the new value in
//    place of the old, the text before and after it on its lines kept (its
//    indentation, spacing, a comment after it); a value that spanned lines
//    (a filter list) becomes one line; a value already equal stays as it is;
//  - a setting that is not there is inserted on its own line right after the
//    line that opens its (first) section, indented like the section's body;
//  - a section that is not there is appended at the end.
// Applying it to its own result gives the same text. Throws like
// read_lvm_cluster_settings on text that is not lvm.conf's syntax, and
// usage_error for an empty filter.
std::string set_clustered_locking(const std::string& lvm_conf, const std::vector<std::string>& filter);

}  // namespace anvil::storage
