#include "storage/node_read.hpp"

#include <map>
#include <sstream>

#include "core/error.hpp"
#include "storage/lvm_report.hpp"
#include "storage/mounts.hpp"

namespace anvil::storage {
namespace {

struct Part {
  std::string text;
  int rc = -1;
};

// "@@ NAME" ... "@@ end NAME RC" blocks.
std::map<std::string, Part> parts_of(const std::string& text) {
  std::map<std::string, Part> out;
  std::istringstream in(text);
  std::string line, current;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.rfind("@@ end ", 0) == 0) {
      std::istringstream words(line.substr(7));
      std::string name;
      int rc = -1;
      words >> name >> rc;
      if (name != current) throw failure("line " + std::to_string(number) + " of the storage state: '" + line + "' ends no open part");
      out[current].rc = rc;
      current.clear();
    } else if (line.rfind("@@ ", 0) == 0) {
      current = line.substr(3);
      out[current];
    } else if (!current.empty()) {
      out[current].text += line + "\n";
    }
  }
  return out;
}

const Part& part(const std::map<std::string, Part>& parts, const std::string& name) {
  auto it = parts.find(name);
  if (it == parts.end() || it->second.rc < 0)
    throw failure("the storage state has no complete '" + name + "' part; it is the output of `anvil storage status` 's read script");
  return it->second;
}

}  // namespace

std::string read_script() {
  // Each tool's stderr is dropped: LVM warns on stderr about devices the
  // filter rejects, which is not state. Its exit status is kept.
  std::string s = "LC_ALL=C; export LC_ALL\n"
                  "command -v vgs >/dev/null 2>&1 || { echo '@@ nolvm'; exit 0; }\n";
  auto part = [&](const std::string& name, const std::string& command) {
    s += "echo '@@ " + name + "'; " + command + " 2>/dev/null; echo \"@@ end " + name + " $?\"\n";
  };
  part("vgs", vgs_command);
  part("lvs", lvs_command);
  part("pvs", pvs_command);
  part("mounts", mounts_command);
  // clvmd: its init script where there is one (EL6), else its process.
  part("clvmd", "if [ -x /etc/init.d/clvmd ]; then /etc/init.d/clvmd status >/dev/null 2>&1; else pidof clvmd >/dev/null; fi; "
                "r=$?; [ $r -eq 0 ] && echo running || echo stopped; (exit 0)");
  part("lvmconf", "cat /etc/lvm/lvm.conf");
  return s;
}

NodeStorage parse_node_storage(const std::string& node, const std::string& text) {
  if (text.find("@@ nolvm") != std::string::npos) throw failure("LVM is not installed on " + node + " (no vgs: install lvm2 and clvmd there)");
  auto parts = parts_of(text);
  NodeStorage n;
  n.node = node;
  auto lvm = [&](const char* name) -> const Part& {
    auto& p = part(parts, name);
    // vgs exits 5 when it finds no VG at all: an empty report, not an error.
    if (p.rc != 0 && p.rc != 5) throw failure(std::string(name) + " failed on " + node + " (exit " + std::to_string(p.rc) + ")");
    return p;
  };
  n.vgs = parse_vgs(lvm("vgs").text);
  n.lvs = parse_lvs(lvm("lvs").text);
  n.pvs = parse_pvs(lvm("pvs").text);
  auto& mounts = part(parts, "mounts");
  if (mounts.rc != 0) throw failure("cannot read /proc/mounts on " + node);
  n.mounts = parse_proc_mounts(mounts.text);
  n.clvmd_running = part(parts, "clvmd").text.find("running") == 0;
  auto& conf = part(parts, "lvmconf");
  if (conf.rc == 0) n.lvm_conf = read_lvm_cluster_settings(conf.text);
  return n;
}

NodeStorage read_node_storage(exec::Executor& node) {
  auto r = node.run({read_script(), "", std::chrono::seconds(60), false});
  if (!r.ok()) throw failure("reading the storage of " + node.node() + " failed (" + r.describe() + ")");
  return parse_node_storage(node.node(), r.out);
}

}  // namespace anvil::storage
