#include "storage/operations.hpp"

#include "core/error.hpp"
#include "core/text.hpp"
#include "exec/quote.hpp"
#include "storage/fstab.hpp"
#include "storage/from_plan.hpp"

namespace anvil::storage {
namespace {

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

}  // namespace

std::vector<StepDone> planned_init(const plan::Cluster& c, const std::vector<std::string>& nodes) {
  auto layout = layout_of(c);
  std::vector<StepDone> out;
  for (auto& s : init_steps(layout)) {
    if (s.kind == StepKind::fstab) {
      out.push_back({nodes.front(), s.command, ""});
      // The UUID is known only once mkfs.gfs2 ran: the line shows where it goes.
      auto line = text::trim(fstab_line(*layout.gfs2));
      line.replace(0, layout.gfs2->device().size(), "UUID=<from blkid>");
      for (auto& n : nodes) out.push_back({n, "edit /etc/fstab: " + line, ""});
      continue;
    }
    if (s.where == Where::first)
      out.push_back({nodes.front(), s.command, ""});
    else
      for (auto& n : nodes) out.push_back({n, s.command, ""});
  }
  return out;
}

std::vector<std::string> init_blockers(const plan::Cluster& c, const std::vector<NodeStorage>& nodes) {
  return init_refusals(layout_of(c), nodes);
}

std::vector<StepDone> run_init(const plan::Cluster& c, const std::vector<exec::Executor*>& nodes) {
  auto layout = layout_of(c);
  std::vector<StepDone> done;
  auto fail = [&](const std::string& node, const std::string& command, const exec::CommandResult& r) {
    std::string before;
    for (auto& d : done) before += (before.empty() ? "" : "; ") + d.node + ": " + d.command;
    auto why = first_line(r.err.empty() ? r.out : r.err);
    throw failure("`" + command + "` failed on " + node + " (" + r.describe() + (why.empty() ? "" : ": " + why) + "); done before it: " +
                  (before.empty() ? "nothing" : before));
  };
  auto run_on = [&](exec::Executor& ex, const std::string& command) {
    auto r = ex.run({command, "", std::chrono::minutes(10), true});
    if (!r.ok()) fail(ex.node(), command, r);
    done.push_back({ex.node(), command, r.out + r.err});
    return r.out;
  };
  for (auto& s : init_steps(layout)) {
    if (s.kind == StepKind::fstab) {
      auto uuid = text::trim(run_on(*nodes.front(), s.command));
      if (uuid.empty()) throw failure("blkid found no UUID on " + layout.gfs2->device() + " after mkfs.gfs2 on " + nodes.front()->node());
      auto line = fstab_line(*layout.gfs2, uuid);
      for (auto* ex : nodes) {
        auto fstab = ex->read_file(fstab_path).value_or("");
        ex->write_file({fstab_path, set_fstab_entry(fstab, line), "0644", "root:root", false});
        done.push_back({ex->node(), "edit /etc/fstab: " + text::trim(line), ""});
      }
      continue;
    }
    if (s.where == Where::first)
      run_on(*nodes.front(), s.command);
    else
      for (auto* ex : nodes) run_on(*ex, s.command);
  }
  return done;
}

std::pair<std::string, std::string> guest_lv(const plan::Cluster& c, const std::string& path) {
  auto p = path.rfind("/dev/", 0) == 0 ? path.substr(5) : path;
  auto slash = p.find('/');
  if (slash == std::string::npos || p.find('/', slash + 1) != std::string::npos)
    throw usage_error("invalid LV '" + path + "': give it as VG/LV or /dev/VG/LV");
  std::string vg = p.substr(0, slash), lv = p.substr(slash + 1);
  validate_vg_name(vg);
  validate_lv_name(lv);
  bool planned = false;
  for (auto& v : c.storage_vgs) planned = planned || v.name == vg;
  if (!planned) throw failure("VG " + vg + " is not a clustered VG of the plan; `anvil storage list` shows them");
  return {vg, lv};
}

std::vector<std::string> lv_create_blockers(const plan::Cluster& c, const std::string& vg, const std::string& lv, const NodeStorage& first) {
  std::vector<std::string> out;
  if (first.clvmd_running == false)
    out.push_back("clvmd is not running on " + first.node + ": an LV in a clustered VG needs it on both nodes (`/etc/init.d/clvmd start`)");
  if (!first.vg(vg)) out.push_back("VG " + vg + " does not exist on " + first.node + " (yet): `anvil storage init` creates it");
  if (first.lv(vg, lv)) out.push_back("LV " + vg + "/" + lv + " exists already on " + first.node + "; nothing to create");
  if (c.gfs2 && c.gfs2->vg == vg && c.gfs2->lv == lv) out.push_back(vg + "/" + lv + " is the GFS2 filesystem's LV, not a guest's");
  return out;
}

std::string lv_create_command(const std::string& vg, const std::string& lv, const std::string& size) {
  validate_lv_size(size);
  auto [flag, value] = lv_size_option(size);
  return exec::command_line({"lvcreate", flag, value, "-n", lv, vg});
}

std::vector<std::string> lv_remove_blockers(const plan::Cluster& c, const std::string& vg, const std::string& lv,
                                            const std::vector<NodeStorage>& nodes, const std::function<bool(const std::string&)>& defined) {
  std::vector<std::string> out;
  const std::string path = "/dev/" + vg + "/" + lv;
  if (c.gfs2 && c.gfs2->vg == vg && c.gfs2->lv == lv) out.push_back(path + " holds the GFS2 filesystem " + c.gfs2->mount_point + ": not a guest's disk");
  bool seen = false;
  for (auto& n : nodes) {
    auto* l = n.lv(vg, lv);
    if (!l) continue;
    seen = true;
    if (l->open) out.push_back(path + " is open on " + n.node + " (a running guest or a mount holds it)");
  }
  if (!seen) out.push_back("LV " + vg + "/" + lv + " does not exist on any node (" + std::to_string(nodes.size()) + " read)");
  for (auto& v : c.vms)
    if (v.disk_lv == path && defined(v.name))
      out.push_back("guest " + v.name + " is defined with " + path + " as its disk; `anvil vm undefine " + v.name + "` first");
  return out;
}

std::string lv_remove_command(const std::string& vg, const std::string& lv) {
  return exec::command_line({"lvremove", "-f", vg + "/" + lv});
}

}  // namespace anvil::storage
