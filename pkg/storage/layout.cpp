#include "storage/layout.hpp"

#include <algorithm>
#include <cstring>

#include "core/error.hpp"
#include "core/text.hpp"

namespace anvil::storage {
namespace {

using text::quoted;

bool alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// lvm2's validate_name(): 127 characters (NAME_LEN 128 with the NUL).
void lvm_name(const std::string& name, const std::string& what) {
  if (name.empty()) throw usage_error(what + " is empty");
  if (name.size() > 127) throw usage_error(what + " " + quoted(name) + " is longer than LVM's 127 characters");
  if (!std::all_of(name.begin(), name.end(), [](char c) { return alnum(c) || std::strchr("+_.-", c); }))
    throw usage_error(what + " " + quoted(name) + " may hold only letters, digits and + _ . -");
  if (name[0] == '-') throw usage_error(what + " " + quoted(name) + " may not start with '-'");
  if (name == "." || name == "..") throw usage_error(what + " may not be " + quoted(name));
}

// A part of GFS2's lock table "<cluster>:<fs>": gfs2-utils of EL6 take 16
// characters each, letters, digits, '-' and '_' (the dlm lockspace name).
void lock_table_part(const std::string& v, const std::string& what) {
  if (v.empty() || v.size() > 16 || !std::all_of(v.begin(), v.end(), [](char c) { return alnum(c) || c == '-' || c == '_'; }))
    throw usage_error(what + " " + quoted(v) + " must be 1 to 16 letters, digits, '-' or '_' (GFS2's lock table)");
}

}  // namespace

void validate_vg_name(const std::string& name, const std::string& what) {
  lvm_name(name, what);
  // A VG is the directory /dev/VG, and /dev/mapper is device-mapper's own
  // (vgcreate refuses any name whose /dev/NAME exists; only the node knows
  // which do).
  if (name == "mapper") throw usage_error(what + " may not be 'mapper' (/dev/mapper is device-mapper's)");
}

void validate_lv_name(const std::string& name, const std::string& what) {
  lvm_name(name, what);
  // lvm2's apply_lvname_restrictions(): its internal LVs' names.
  for (const char* prefix : {"snapshot", "pvmove"})
    if (text::starts_with(name, prefix)) throw usage_error(what + " " + quoted(name) + " may not start with " + quoted(prefix) + " (lvm2 reserves it)");
  for (const char* part : {"_cdata", "_cmeta", "_corig", "_mimage", "_mlog", "_pmspare", "_rimage", "_rmeta", "_tdata", "_tmeta",
                           "_vdata", "_vorigin"})
    if (name.find(part) != std::string::npos)
      throw usage_error(what + " " + quoted(name) + " may not contain " + quoted(part) + " (lvm2 reserves it)");
}

std::pair<std::string, std::string> lv_size_option(const std::string& size) {
  auto pct = size.find('%');
  if (pct != std::string::npos) {
    auto n = size.substr(0, pct), of = size.substr(pct + 1);
    bool ok = !n.empty() && n.size() <= 3 && std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
              std::stoi(n) >= 1 && std::stoi(n) <= 100 && (of == "FREE" || of == "VG" || of == "PVS");
    if (!ok) throw usage_error("the size " + quoted(size) + " is not a percentage lvcreate takes (1%FREE to 100%FREE, or of VG)");
    return {"-l", size};
  }
  // Digits, one optional fraction, one unit: lvcreate -L's own syntax.
  auto unit = size.empty() ? std::string::npos : size.find_first_not_of("0123456789.");
  bool ok = unit != std::string::npos && unit > 0 && unit + 1 == size.size() && std::strchr("kKmMgGtTpP", size[unit]) &&
            std::count(size.begin(), size.end(), '.') <= 1 && size[0] != '.' && size[unit - 1] != '.' &&
            size.find_first_not_of("0.", 0) < unit;
  if (!ok) throw usage_error("the size " + quoted(size) + " is not a size lvcreate takes (like 40G, 512M, 1.5T or 100%FREE)");
  return {"-L", size};
}

void validate_lv_size(const std::string& size) { lv_size_option(size); }

void validate_layout(const StorageLayout& layout) {
  lock_table_part(layout.cluster, "the cluster name");
  std::vector<std::string> devices, names;
  for (auto& v : layout.vgs) {
    if (!text::starts_with(v.device, "/dev/") || v.device.size() == 5 ||
        v.device.find_first_of(" \t\n'\"\\|") != std::string::npos)
      throw usage_error("the device " + quoted(v.device) + " of VG " + quoted(v.vg) + " is not a device path (/dev/drbd0)");
    validate_vg_name(v.vg, "the VG name");
    if (std::find(devices.begin(), devices.end(), v.device) != devices.end())
      throw usage_error(v.device + " carries two VGs: one DRBD device holds one PV, and one PV belongs to one VG");
    if (std::find(names.begin(), names.end(), v.vg) != names.end())
      throw usage_error("the VG name " + v.vg + " is given twice");
    devices.push_back(v.device);
    names.push_back(v.vg);
  }
  if (!layout.gfs2) return;
  auto& g = *layout.gfs2;
  if (std::find(names.begin(), names.end(), g.vg) == names.end())
    throw usage_error("the GFS2 filesystem's VG " + quoted(g.vg) + " is none of the clustered VGs on DRBD");
  validate_lv_name(g.lv, "the GFS2 LV name");
  validate_lv_size(g.size);
  lock_table_part(g.fs_name, "the GFS2 filesystem name");
  if (g.journals < 1 || g.journals > 16)
    throw usage_error("GFS2 journals: " + std::to_string(g.journals) + "; one per node that mounts it, 1 to 16");
  auto& mp = g.mount_point;
  if (mp.empty() || mp[0] != '/' || mp.find_first_not_of('/') == std::string::npos)
    throw usage_error("the mount point " + quoted(mp) + " is not an absolute path below /");
  if (mp.find_first_of("\n\t\\") != std::string::npos || mp.find("/../") != std::string::npos || mp.find("/./") != std::string::npos ||
      text::starts_with(mp + "/", "/proc/") || text::starts_with(mp + "/", "/sys/") || text::starts_with(mp + "/", "/dev/"))
    throw usage_error("the mount point " + quoted(mp) + " is not a plain directory path");
}

std::string mapper_path(const std::string& vg, const std::string& lv) {
  auto doubled = [](const std::string& s) {
    std::string out;
    for (char c : s) out += c == '-' ? "--" : std::string(1, c);
    return out;
  };
  return "/dev/mapper/" + doubled(vg) + "-" + doubled(lv);
}

}  // namespace anvil::storage
