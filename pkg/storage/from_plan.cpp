#include "storage/from_plan.hpp"

#include "core/error.hpp"
#include "core/text.hpp"
#include "storage/fstab.hpp"
#include "storage/lvm_conf.hpp"

namespace anvil::storage {

StorageLayout layout_of(const plan::Cluster& c) {
  if (c.storage_vgs.empty())
    throw failure("cluster " + c.name + " has no clustered VG in the plan; plan one with `anvil storage add-vg VG --drbd RES`");
  StorageLayout l;
  l.cluster = c.name;
  for (auto& v : c.storage_vgs) {
    auto* r = c.drbd_resource(v.drbd);
    if (!r) throw failure("VG " + v.name + " is planned on DRBD resource " + v.drbd + ", which is not in the plan");
    l.vgs.push_back({r->device(), v.name});
  }
  if (c.gfs2) l.gfs2 = Gfs2{c.gfs2->vg, c.gfs2->lv, c.gfs2->size, c.gfs2->name, c.gfs2->mount_point, c.gfs2->journals};
  validate_layout(l);
  return l;
}

std::vector<std::string> filter_for(const plan::Cluster& c, const std::string& node) {
  std::vector<std::string> backing;
  for (auto& r : c.drbd)
    if (auto* d = r.disk_of(node)) backing.push_back(d->disk);
  return lvm_filter(backing);
}

std::vector<exec::FileState> wanted_files(const plan::Cluster& c, const std::string& node, const std::optional<std::string>& lvm_conf,
                                          const std::optional<std::string>& fstab, const std::string& uuid) {
  auto layout = layout_of(c);
  std::vector<exec::FileState> out;
  if (!lvm_conf) throw failure(node + " has no " + std::string(lvm_conf_path) + " (install lvm2 there)");
  out.push_back({lvm_conf_path, lvm_conf, set_clustered_locking(*lvm_conf, filter_for(c, node))});
  if (layout.gfs2) out.push_back({fstab_path, fstab, set_fstab_entry(fstab.value_or(""), fstab_line(*layout.gfs2, uuid))});
  return out;
}

std::vector<exec::FileState> compare(exec::Executor& node, const plan::Cluster& c) {
  auto layout = layout_of(c);
  std::string uuid;
  if (layout.gfs2) {
    auto r = node.run({gfs2_uuid_command(*layout.gfs2), "", std::chrono::seconds(20), false});
    if (r.ok()) uuid = text::trim(r.out);  // none yet before `storage init`: by path
  }
  return wanted_files(c, node.node(), node.read_file(lvm_conf_path), node.read_file(fstab_path), uuid);
}

}  // namespace anvil::storage
