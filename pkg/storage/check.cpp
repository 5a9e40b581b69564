#include "storage/check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "exec/quote.hpp"

namespace anvil::storage {
namespace {

using check::Finding;
using check::Severity;

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", std::round(v * 10) / 10);
  return buf;
}

std::string q(const std::string& s) { return exec::shell_quote(s); }

std::string on(const std::string& node) { return "   # on " + node; }

// Where a filter rejects whatever it has not accepted: its last rule is
// r followed by a delimited ".*" (r|.*|, r/.*/, ...).
bool rejects_the_rest(const std::vector<std::string>& filter) {
  if (filter.empty()) return false;
  auto& last = filter.back();
  return last.size() == 5 && last[0] == 'r' && last[1] == last[4] && last.substr(2, 2) == ".*";
}

struct Judge {
  const StorageLayout& layout;
  const FreeThresholds& free;
  std::vector<Finding>& out;

  void add(Severity s, const char* id, const std::string& subject, const std::string& message, const std::string& fix) {
    out.push_back({s, id, subject, message, fix});
  }

  void lvm(const NodeStorage& n) {
    if (n.clvmd_running == false)
      add(Severity::critical, "storage.clvmd-down", n.node,
          "clvmd is not running on " + n.node + ": its clustered VGs cannot be used or changed there, and LVM does not even list them",
          "/etc/init.d/clvmd start" + on(n.node));
    if (!n.lvm_conf) return;
    auto& c = *n.lvm_conf;
    if (!c.clustered()) {
      auto shown = [](const std::optional<std::int64_t>& v) { return v ? std::to_string(*v) : std::string("not set"); };
      add(Severity::critical, "storage.lvm-not-clustered", n.node,
          "lvm.conf on " + n.node + " is not set for clvmd: locking_type " + shown(c.locking_type) + " (wants 3), fallback_to_local_locking " +
              shown(c.fallback_to_local_locking) + " (wants 0)",
          "anvil storage render " + n.node + "   # shows the lvm.conf change; then /etc/init.d/clvmd restart" + on(n.node));
    }
    if (!c.filter || !rejects_the_rest(*c.filter))
      add(Severity::warning, "storage.lvm-no-filter", n.node,
          "lvm.conf on " + n.node + (c.filter ? " has a filter that does not reject the devices it does not accept" : " has no filter") +
              ": LVM also scans the DRBD backing disks and sees each PV twice",
          "anvil storage render " + n.node + "   # shows the lvm.conf change");
  }

  void vg(const NodeStorage& n, const DrbdVg& want) {
    auto subject = n.node + " " + want.vg;
    auto* v = n.vg(want.vg);
    if (!v) {
      add(Severity::critical, "storage.vg-missing", subject,
          "VG " + want.vg + " (on " + want.device + ") is not visible on " + n.node,
          n.clvmd_running == false ? "/etc/init.d/clvmd start" + on(n.node) + ": LVM lists clustered VGs only with clvmd"
                                   : "check that " + want.device + " is up and UpToDate on " + n.node + " (cat /proc/drbd), then: vgscan && vgchange -ay " +
                                         q(want.vg) + on(n.node));
      return;
    }
    if (!v->clustered)
      add(Severity::critical, "storage.vg-not-clustered", subject,
          "VG " + want.vg + " is not clustered (" + v->attr + ") on " + n.node + ": both nodes change it without telling each other",
          "vgchange -c y " + q(want.vg) + on(n.node) + ", with clvmd running on both nodes");
    if (v->partial)
      add(Severity::critical, "storage.vg-partial", subject,
          "VG " + want.vg + " is missing a PV on " + n.node + " (" + v->attr + ")",
          "pvs -o pv_name,vg_name,pv_attr" + on(n.node) + "   # which PV; then bring its DRBD device up there");
  }

  // An LV that should be there and active, where its VG is seen. Whether it
  // is (or may be: state unknown).
  bool lv(const NodeStorage& n, const std::string& vg, const std::string& name, const std::string& why) {
    if (!n.vg(vg)) return false;
    auto subject = n.node + " " + vg + "/" + name;
    auto* l = n.lv(vg, name);
    if (!l) {
      add(Severity::critical, "storage.lv-missing", subject, "LV " + vg + "/" + name + " (" + why + ") does not exist",
          "lvs " + q(vg) + on(n.node) + "   # what is there");
      return false;
    }
    bool active = l->active || l->state == 'X';
    if (!active)
      add(Severity::critical, "storage.lv-inactive", subject,
          "LV " + vg + "/" + name + " (" + why + ") is not active on " + n.node + " (" + l->attr + ")",
          "lvchange -ay " + q(vg + "/" + name) + on(n.node));
    return active;
  }

  void gfs2(const NodeStorage& n) {
    if (!layout.gfs2) return;
    auto& g = *layout.gfs2;
    bool lv_active = lv(n, g.vg, g.lv, "GFS2 on " + g.mount_point);
    auto m = mounted_at(n.mounts, g.mount_point);
    if (m && m->fstype == "gfs2") return;
    auto subject = n.node + " " + g.mount_point;
    add(Severity::critical, "storage.gfs2-not-mounted", subject,
        m ? n.node + " has " + m->fstype + " " + m->device + " at " + g.mount_point + ", not the GFS2 filesystem"
          : "GFS2 " + g.device() + " is not mounted at " + g.mount_point + " on " + n.node,
        m ? "umount " + q(g.mount_point) + " && mount " + q(g.mount_point) + on(n.node)
          : (lv_active ? "" : "lvchange -ay " + q(g.vg + "/" + g.lv) + " && ") + "mount " + q(g.mount_point) + on(n.node));
  }

  void free_space(const VolumeGroup& v) {
    auto pct = v.free_percent();
    if (pct >= free.warning_percent) return;
    bool crit = pct < free.critical_percent;
    add(crit ? Severity::critical : Severity::warning, "storage.vg-free-low", v.name,
        "VG " + v.name + " has " + number(pct) + "% free (" + number(double(v.free_kib) / 1048576) + " of " + number(double(v.size_kib) / 1048576) +
            " GiB), below " + number(crit ? free.critical_percent : free.warning_percent) + "%",
        "lvs -o lv_name,lv_size " + q(v.name) + "   # what uses it; remove what is unused (lvremove " + q(v.name) + "/LV) or grow the DRBD resource under it");
  }
};

}  // namespace

void validate_thresholds(const FreeThresholds& t) {
  if (!(t.critical_percent >= 0 && t.critical_percent <= t.warning_percent && t.warning_percent <= 100))
    throw usage_error("free space thresholds: warning " + number(t.warning_percent) + "%, critical " + number(t.critical_percent) +
                      "%; they need 0 <= critical <= warning <= 100");
}

std::vector<Finding> check_storage(const StorageLayout& layout, const std::vector<NodeStorage>& nodes, const FreeThresholds& free,
                                   const std::vector<WantedActive>& active) {
  validate_thresholds(free);
  std::vector<Finding> out;
  Judge j{layout, free, out};
  for (auto& n : nodes) {
    auto before = out.size();
    j.lvm(n);
    for (auto& v : layout.vgs) j.vg(n, v);
    j.gfs2(n);
    for (auto& a : active)
      if (a.node == n.node) j.lv(n, a.vg, a.lv, a.why);
    if (out.size() > before) continue;
    std::string vgs;
    for (auto& v : layout.vgs) vgs += (vgs.empty() ? "" : ", ") + v.vg;
    std::string m = layout.vgs.empty() ? "no clustered VGs planned" : (layout.vgs.size() > 1 ? "VGs " : "VG ") + vgs + " clustered";
    if (layout.gfs2) m += "; GFS2 mounted at " + layout.gfs2->mount_point;
    if (n.clvmd_running) m += "; clvmd running";
    out.push_back({Severity::ok, "storage.ok", n.node, m, ""});
  }
  // The same VG on both nodes: its free space once.
  for (auto& v : layout.vgs)
    for (auto& n : nodes)
      if (auto* seen = n.vg(v.vg)) {
        j.free_space(*seen);
        break;
      }
  return out;
}

std::vector<check::Perf> storage_perfdata(const StorageLayout& layout, const std::vector<NodeStorage>& nodes, const FreeThresholds& free) {
  std::vector<check::Perf> out;
  for (auto& want : layout.vgs)
    for (auto& n : nodes) {
      auto* v = n.vg(want.vg);
      if (!v) continue;
      auto label = v->name;
      std::replace(label.begin(), label.end(), '+', '_');
      out.push_back({label + "_free", std::round(v->free_percent() * 100) / 100, "%",
                     ";" + number(free.warning_percent) + ":;" + number(free.critical_percent) + ":;0;100"});
      out.push_back({label + "_free_kb", double(v->free_kib), "KB", ";;;0;" + std::to_string(v->size_kib)});
      break;
    }
  return out;
}

}  // namespace anvil::storage
