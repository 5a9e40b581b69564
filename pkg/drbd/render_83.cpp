#include "drbd/render_83.hpp"

#include "core/error.hpp"
#include "plan/validate.hpp"

namespace anvil::drbd {
namespace {

std::string header(const plan::Cluster& c, const std::string& what) {
  return "# " + what + "\n# Written by anvil for cluster " + c.name +
         "; change the plan (anvil drbd, anvil ip-plan set drbd.*), not this file.\n";
}

std::string global_common(const plan::Cluster& c) {
  const auto& s = c.drbd_settings;
  std::string out = header(c, "DRBD settings every resource of the cluster shares");
  out += "global {\n\tusage-count no;\n}\n";
  out += "common {\n";
  out += "\tprotocol " + s.protocol + ";\n";
  out += "\thandlers {\n";
  // The peer is fenced through the cluster (fence_node), so DRBD never
  // resumes I/O before the other node is known to be off.
  out += "\t\tfence-peer \"" + s.fence_peer + "\";\n";
  out += "\t}\n";
  if (s.dual_primary) out += "\tstartup {\n\t\tbecome-primary-on both;\n\t}\n";
  out += "\tdisk {\n\t\tfencing " + s.fencing + ";\n\t}\n";
  out += "\tnet {\n";
  if (s.dual_primary) out += "\t\tallow-two-primaries;\n";
  out += "\t\tafter-sb-0pri " + s.after_sb_0pri + ";\n";
  out += "\t\tafter-sb-1pri " + s.after_sb_1pri + ";\n";
  out += "\t\tafter-sb-2pri " + s.after_sb_2pri + ";\n";
  out += "\t}\n";
  out += "\tsyncer {\n\t\trate " + s.rate + ";\n\t}\n";
  out += "}\n";
  return out;
}

std::string resource(const plan::Cluster& c, const plan::DrbdResource& r) {
  std::string out = header(c, "DRBD resource " + r.name);
  out += "resource " + r.name + " {\n";
  out += "\tdevice    " + r.device() + ";\n";
  out += "\tmeta-disk internal;\n";
  for (auto& n : c.nodes) {
    auto* sn = n.address_on("sn");
    auto* disk = r.disk_of(n.name);
    out += "\ton " + drbd_host_name(c, n) + " {\n";
    out += "\t\taddress   " + sn->ip.str() + ":" + std::to_string(r.port) + ";\n";
    out += "\t\tdisk      " + disk->disk + ";\n";
    out += "\t}\n";
  }
  out += "}\n";
  return out;
}

}  // namespace

std::string drbd_host_name(const plan::Cluster& c, const plan::Node& n) {
  return c.domain.empty() ? n.name : n.name + "." + c.domain;
}

std::vector<ConfigFile> render_drbd83(const plan::Cluster& c) {
  for (auto& p : plan::validate(c))
    if (p.id.rfind("drbd-", 0) == 0) throw failure("cannot render DRBD: " + p.message);
  for (auto& r : c.drbd)
    for (auto& n : c.nodes)
      if (!n.address_on("sn")) throw failure("cannot render DRBD resource " + r.name + ": node " + n.name + " has no SN address");
  std::vector<ConfigFile> files;
  files.push_back({"/etc/drbd.conf", header(c, "DRBD configuration: the files anvil renders") +
                                         "include \"drbd.d/global_common.conf\";\ninclude \"drbd.d/*.res\";\n"});
  files.push_back({std::string(drbd_dir) + "/global_common.conf", global_common(c)});
  for (auto& r : c.drbd) files.push_back({std::string(drbd_dir) + "/" + r.name + ".res", resource(c, r)});
  return files;
}

}  // namespace anvil::drbd
