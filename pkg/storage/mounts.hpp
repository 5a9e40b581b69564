// What is mounted on a node, read from /proc/mounts: whether the GFS2
// filesystem is at its mount point, and what else may be in the way.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace anvil::storage {

// The command that prints it (the caller runs it; `mount`'s own output is
// not read: util-linux and EL6's mount print it differently).
inline constexpr const char* mounts_command = "cat /proc/mounts";

struct Mount {
  std::string device;       // "/dev/mapper/an--a05n01_vg0-shared", "tmpfs"; octal escapes decoded
  std::string mount_point;  // "/shared"; decoded ("\040" is a space)
  std::string fstype;       // "gfs2"
  std::string options;      // "rw,noatime,nodiratime,hostdata=jid=0"
};

// Throws anvil::Error (failed) with one line naming the line number when a
// line is not "DEVICE MOUNTPOINT TYPE OPTIONS 0 0". Blank input: nothing
// mounted.
std::vector<Mount> parse_proc_mounts(const std::string& text);

// What is visible at `mount_point` (trailing slashes ignored): the last
// mount there, as the kernel lists the newest last; nothing when no
// filesystem is mounted exactly there.
std::optional<Mount> mounted_at(const std::vector<Mount>& mounts, const std::string& mount_point);

// Every mount of `device` (compared as written: /dev/VG/LV, its
// /dev/mapper name and /dev/dm-N are different words to this).
std::vector<Mount> mounts_of(const std::vector<Mount>& mounts, const std::string& device);

// The kernel's (and fstab's) escapes for a field: space, tab, newline and
// backslash as \040 \011 \012 \134. decode_mount_field undoes them (and any
// other \NNN); text without escapes is returned as it is.
std::string encode_mount_field(const std::string& field);
std::string decode_mount_field(const std::string& field);

// "/shared/" -> "/shared"; "/" stays.
std::string without_trailing_slash(const std::string& path);

}  // namespace anvil::storage
