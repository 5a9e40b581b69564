#include "cluster/render_conf.hpp"

#include <pugixml.hpp>

#include <sstream>
#include <vector>

#include "core/error.hpp"
#include "plan/vm_plan.hpp"

namespace anvil::cluster {
namespace {

std::string fqdn(const plan::Cluster& c, const plan::Node& n) { return c.domain.empty() ? n.name : n.name + "." + c.domain; }

// Short node tags for the rgmanager names: "n01" for an-node01.
std::string tag(const plan::Node& n) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "n%02d", n.number);
  return buf;
}

void attr(pugi::xml_node node, const char* name, const std::string& value) { node.append_attribute(name) = value.c_str(); }
void attr(pugi::xml_node node, const char* name, int value) { node.append_attribute(name) = value; }

// rgmanager's <vm>: the guest prefers its node, moves on failure, and is
// started from its definition in /shared/definitions/ (GFS2, both nodes).
void append_vm(pugi::xml_node rm, const plan::Cluster& c, const plan::Vm& v) {
  const plan::Node* home = c.node(v.preferred_node);
  if (!home) home = &c.nodes.front();
  auto vm = rm.append_child("vm");
  attr(vm, "autostart", 0);
  attr(vm, "domain", "primary_" + tag(*home));
  attr(vm, "exclusive", 0);
  attr(vm, "max_restarts", 2);
  attr(vm, "name", v.name);
  attr(vm, "path", plan::guest_definitions_dir(c) + "/");
  attr(vm, "recovery", "restart");
  attr(vm, "restart_expire_time", 600);
}

void fence_devices(pugi::xml_node root, const plan::Cluster& c) {
  auto devices = root.append_child("fencedevices");
  for (auto& d : c.devices) {
    if (d.agent.empty()) continue;
    auto fd = devices.append_child("fencedevice");
    attr(fd, "name", d.name);
    attr(fd, "agent", d.agent);
    attr(fd, "ipaddr", d.address.ip.str());
    if (!d.login.empty()) attr(fd, "login", d.login);
    attr(fd, "passwd_script", passwd_script_path(d.name));
    for (auto& [key, value] : d.options) attr(fd, key.c_str(), value);
  }
}

void cluster_nodes(pugi::xml_node root, const plan::Cluster& c) {
  auto nodes = root.append_child("clusternodes");
  const auto& delayed = c.fence_delay_target();
  for (auto& n : c.nodes) {
    if (n.fence.empty())
      throw failure("node " + n.name + " has no fence method; a cluster without fencing is not a cluster: "
                    "anvil fence add-method " + n.name + " --device ...");
    auto cn = nodes.append_child("clusternode");
    attr(cn, "name", fqdn(c, n));
    attr(cn, "nodeid", n.number);
    auto fence = cn.append_child("fence");
    bool first_device = true;
    for (auto& m : n.fence) {
      auto method = fence.append_child("method");
      attr(method, "name", m.name);
      for (auto& s : m.steps) {
        auto* d = c.device(s.device);
        if (!d || d->agent.empty())
          throw failure("the fence method '" + m.name + "' of " + n.name + " uses " + s.device + ", which is not a fence device in the plan");
      }
      // One device reboots; several (a node fed by two PDUs) all go off
      // before any comes back on, or the node never loses power.
      const bool single = m.steps.size() == 1;
      for (const char* action : single ? std::vector<const char*>{"reboot"} : std::vector<const char*>{"off", "on"})
        for (auto& s : m.steps) {
          auto dev = method.append_child("device");
          attr(dev, "name", s.device);
          if (!s.port.empty()) attr(dev, "port", s.port);
          attr(dev, "action", action);
          // The delay goes on the first device that fences the delayed node:
          // the node the peer must wait for before shooting wins the race.
          if (first_device && n.name == delayed.name && c.fence_delay > 0) attr(dev, "delay", c.fence_delay);
          first_device = false;
        }
    }
  }
}

void resource_manager(pugi::xml_node root, const plan::Cluster& c) {
  auto rm = root.append_child("rm");
  attr(rm, "log_level", 5);
  auto resources = rm.append_child("resources");
  for (const char* script : {"drbd", "clvmd", "gfs2", "libvirtd"}) {
    auto s = resources.append_child("script");
    attr(s, "file", std::string("/etc/init.d/") + script);
    attr(s, "name", script);
  }
  auto domains = rm.append_child("failoverdomains");
  // Storage runs on its own node only; VMs prefer one node and move to the
  // other when it fails (nofailback: no second migration when it returns).
  for (auto& n : c.nodes) {
    auto only = domains.append_child("failoverdomain");
    attr(only, "name", "only_" + tag(n));
    attr(only, "nofailback", 1);
    attr(only, "ordered", 0);
    attr(only, "restricted", 1);
    attr(only.append_child("failoverdomainnode"), "name", fqdn(c, n));
  }
  for (auto& n : c.nodes) {
    auto primary = domains.append_child("failoverdomain");
    attr(primary, "name", "primary_" + tag(n));
    attr(primary, "nofailback", 1);
    attr(primary, "ordered", 1);
    attr(primary, "restricted", 1);
    auto first = primary.append_child("failoverdomainnode");
    attr(first, "name", fqdn(c, n));
    attr(first, "priority", 1);
    for (auto& other : c.nodes) {
      if (other.name == n.name) continue;
      auto second = primary.append_child("failoverdomainnode");
      attr(second, "name", fqdn(c, other));
      attr(second, "priority", 2);
    }
  }
  for (auto& n : c.nodes) {
    auto service = rm.append_child("service");
    attr(service, "autostart", 1);
    attr(service, "domain", "only_" + tag(n));
    attr(service, "exclusive", 0);
    attr(service, "name", "storage_" + tag(n));
    attr(service, "recovery", "restart");
    auto parent = service;
    for (const char* script : {"drbd", "clvmd", "gfs2", "libvirtd"}) {
      parent = parent.append_child("script");
      attr(parent, "ref", script);
    }
  }
  for (auto& v : c.vms) append_vm(rm, c, v);
}

}  // namespace

std::string passwd_script_path(const std::string& device) { return "/etc/cluster/anvil/" + device + ".passwd"; }

std::string render_cluster_conf(const plan::Cluster& c, int config_version) {
  if (c.nodes.empty()) throw failure("cluster " + c.name + " has no nodes");
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  doc.append_child(pugi::node_comment)
      .set_value((" Written by anvil for cluster " + c.name + "; change the plan (anvil ip-plan, anvil fence), not this file. ").c_str());
  auto root = doc.append_child("cluster");
  attr(root, "name", c.name);
  attr(root, "config_version", config_version);
  // Two nodes: each alone is quorate, which is why fencing must work.
  auto cman = root.append_child("cman");
  attr(cman, "expected_votes", 1);
  attr(cman, "two_node", 1);
  cluster_nodes(root, c);
  fence_devices(root, c);
  attr(root.append_child("fence_daemon"), "post_join_delay", c.post_join_delay);
  auto totem = root.append_child("totem");
  attr(totem, "rrp_mode", "none");
  attr(totem, "secauth", "off");
  resource_manager(root, c);
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

std::string render_vm_entry(const plan::Cluster& c, const plan::Vm& v) {
  if (c.nodes.empty()) throw failure("cluster " + c.name + " has no nodes");
  pugi::xml_document doc;
  auto rm = doc.append_child("rm");
  append_vm(rm, c, v);
  std::ostringstream out;
  rm.first_child().print(out, "  ", pugi::format_raw);
  return out.str();
}

}  // namespace anvil::cluster
