// The GFS2 filesystem's line in /etc/fstab, and putting it into the node's
// own fstab without touching any other line.
#pragma once

#include <optional>
#include <string>

#include "storage/layout.hpp"

namespace anvil::storage {

// noatime, nodiratime: every atime update on GFS2 is a cluster-wide lock
// and a journal write.
inline constexpr const char* gfs2_fstab_options = "defaults,noatime,nodiratime";

// The command that prints the filesystem's UUID once mkfs.gfs2 made it
// (its output, trimmed, is fstab_line's `uuid`).
std::string gfs2_uuid_command(const Gfs2& fs);

// "UUID=<uuid> /shared gfs2 defaults,noatime,nodiratime 0 0" (no newline),
// or with /dev/VG/LV in place of UUID= while the UUID is not known (empty).
// Device and mount point with fstab's escapes (\040 for a space). Throws
// usage_error for a UUID that is not hex digits and dashes. The last two
// fields are 0: GFS2 is not dumped, and fsck must never run on it at boot
// (fsck.gfs2 on a filesystem mounted on the other node destroys it).
std::string fstab_line(const Gfs2& fs, const std::string& uuid = "");

// The first line of `fstab` that mounts something at `mount_point` (its
// second field, escapes decoded, trailing slashes ignored), without its
// newline; comments and blank lines are not entries.
std::optional<std::string> fstab_entry(const std::string& fstab, const std::string& mount_point);

// `fstab` with `line` (an fstab_line) as the entry for its mount point: the
// first entry for that mount point becomes `line`, any later one for the
// same mount point goes (two would mount twice, one over the other), and
// without one `line` is appended (after a newline if the text lacks its
// last). Every other line stays byte for byte; giving it its own result
// changes nothing.
std::string set_fstab_entry(const std::string& fstab, const std::string& line);

}  // namespace anvil::storage
