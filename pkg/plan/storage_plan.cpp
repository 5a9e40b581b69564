#include "plan/storage_plan.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "storage/layout.hpp"

namespace anvil::plan {
namespace {

constexpr const char* gfs2_fields[] = {"vg", "lv", "size", "name", "mount-point", "journals"};

StorageVg* find_vg(Cluster& c, const std::string& name) {
  for (auto& v : c.storage_vgs)
    if (v.name == name) return &v;
  return nullptr;
}

void require_resource(const Cluster& c, const std::string& drbd) {
  if (!c.drbd_resource(drbd))
    throw usage_error("no DRBD resource '" + drbd + "' in the plan; plan it with `anvil drbd add " + drbd + " ...` first");
}

// The filesystem as the storage code checks it (names, size, journals,
// mount point, lock table), so that the plan never holds one it refuses.
void check_fs(const Cluster& c, const SharedFs& fs) {
  storage::StorageLayout layout{c.name, {}, storage::Gfs2{fs.vg, fs.lv, fs.size, fs.name, fs.mount_point, fs.journals}};
  for (auto& v : c.storage_vgs) {
    auto* r = c.drbd_resource(v.drbd);
    layout.vgs.push_back({r ? r->device() : "/dev/drbd-unknown", v.name});
  }
  storage::validate_layout(layout);
}

int parse_journals(const std::string& text) {
  if (text.empty() || text.size() > 2 || !std::all_of(text.begin(), text.end(), [](unsigned char ch) { return std::isdigit(ch); }))
    throw usage_error("invalid storage.gfs2.journals '" + text + "': give 1-16, one per node that mounts it");
  return std::stoi(text);
}

}  // namespace

Cluster add_storage_vg(Cluster c, const std::string& name, const std::string& drbd) {
  storage::validate_vg_name(name);
  require_resource(c, drbd);
  if (find_vg(c, name)) throw failure("VG " + name + " is in the plan already; `anvil storage list` shows it");
  for (auto& v : c.storage_vgs)
    if (v.drbd == drbd) throw failure("DRBD resource " + drbd + " carries VG " + v.name + " already: one VG per resource");
  c.storage_vgs.push_back({name, drbd});
  return c;
}

Cluster remove_storage_vg(Cluster c, const std::string& name) {
  auto it = std::find_if(c.storage_vgs.begin(), c.storage_vgs.end(), [&](auto& v) { return v.name == name; });
  if (it == c.storage_vgs.end()) throw failure("no VG '" + name + "' in the plan; `anvil storage list` shows them");
  if (c.gfs2 && c.gfs2->vg == name)
    throw failure("the GFS2 filesystem " + c.gfs2->mount_point + " is on " + name + "; move it first (`anvil storage gfs2 --vg OTHER`)");
  for (auto& v : c.vms)
    if (v.disk_lv.rfind("/dev/" + name + "/", 0) == 0)
      throw failure("guest " + v.name + "'s disk " + v.disk_lv + " is on " + name + "; move or remove the guest first");
  c.storage_vgs.erase(it);
  return c;
}

Cluster set_gfs2(Cluster c, const Gfs2Spec& spec) {
  SharedFs fs = c.gfs2.value_or(SharedFs{});
  if (spec.vg) fs.vg = *spec.vg;
  if (fs.vg.empty()) {
    if (c.storage_vgs.empty()) throw usage_error("the GFS2 filesystem needs a clustered VG: plan one with `anvil storage add-vg VG --drbd RES`");
    fs.vg = c.storage_vgs.front().name;
  }
  if (spec.lv) fs.lv = *spec.lv;
  if (spec.size) fs.size = *spec.size;
  if (spec.name) fs.name = *spec.name;
  if (spec.mount_point) fs.mount_point = *spec.mount_point;
  if (spec.journals) fs.journals = *spec.journals;
  if (!std::any_of(c.storage_vgs.begin(), c.storage_vgs.end(), [&](auto& v) { return v.name == fs.vg; }))
    throw usage_error("no clustered VG '" + fs.vg + "' in the plan for the GFS2 filesystem; `anvil storage list` shows them");
  check_fs(c, fs);
  c.gfs2 = fs;
  return c;
}

Cluster remove_gfs2(Cluster c) {
  if (!c.gfs2) throw failure("cluster " + c.name + " has no GFS2 filesystem in the plan");
  c.gfs2.reset();
  return c;
}

bool is_storage_key(const std::string& key) { return key.rfind("storage.", 0) == 0; }

std::vector<std::string> storage_keys(const Cluster& c) {
  std::vector<std::string> keys;
  for (auto& v : c.storage_vgs) keys.push_back("storage.vg." + v.name);
  if (c.gfs2)
    for (const char* f : gfs2_fields) keys.push_back(std::string("storage.gfs2.") + f);
  return keys;
}

std::string storage_value(const Cluster& c, const std::string& key) {
  if (key.rfind("storage.vg.", 0) == 0) {
    for (auto& v : c.storage_vgs)
      if (v.name == key.substr(11)) return v.drbd;
  } else if (key.rfind("storage.gfs2.", 0) == 0 && c.gfs2) {
    auto f = key.substr(13);
    const auto& fs = *c.gfs2;
    if (f == "vg") return fs.vg;
    if (f == "lv") return fs.lv;
    if (f == "size") return fs.size;
    if (f == "name") return fs.name;
    if (f == "mount-point") return fs.mount_point;
    if (f == "journals") return std::to_string(fs.journals);
  }
  throw usage_error("unknown key '" + key + "'; `anvil ip-plan set --list` shows the keys of this plan");
}

Cluster set_storage_value(Cluster c, const std::string& key, const std::string& value) {
  if (key.rfind("storage.vg.", 0) == 0) {
    auto* v = find_vg(c, key.substr(11));
    if (!v) throw usage_error("unknown key '" + key + "': plan the VG with `anvil storage add-vg`");
    require_resource(c, value);
    for (auto& other : c.storage_vgs)
      if (other.name != v->name && other.drbd == value) throw failure("DRBD resource " + value + " carries VG " + other.name + " already");
    v->drbd = value;
    return c;
  }
  if (key.rfind("storage.gfs2.", 0) == 0) {
    if (!c.gfs2) throw usage_error("unknown key '" + key + "': plan the filesystem with `anvil storage gfs2` first");
    auto f = key.substr(13);
    Gfs2Spec s;
    if (f == "vg") s.vg = value;
    else if (f == "lv") s.lv = value;
    else if (f == "size") s.size = value;
    else if (f == "name") s.name = value;
    else if (f == "mount-point") s.mount_point = value;
    else if (f == "journals") s.journals = parse_journals(value);
    else throw usage_error("unknown key '" + key + "': the GFS2 filesystem takes vg, lv, size, name, mount-point and journals");
    return set_gfs2(std::move(c), s);
  }
  throw usage_error("unknown key '" + key + "'; `anvil ip-plan set --list` shows the keys of this plan");
}

const StorageVg* vg_of_disk(const Cluster& c, const std::string& disk) {
  for (auto& v : c.storage_vgs)
    if (disk.rfind("/dev/" + v.name + "/", 0) == 0) return &v;
  return nullptr;
}

}  // namespace anvil::plan
