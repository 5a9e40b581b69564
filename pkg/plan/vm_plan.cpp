#include "plan/vm_plan.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/error.hpp"
#include "plan/mutate.hpp"

namespace anvil::plan {
namespace {

constexpr const char* vm_fields[] = {"ram", "vcpus", "disk-lv", "node", "boot"};
constexpr const char* boot_devices[] = {"hd", "cdrom", "network"};

bool is_none(const std::string& v) { return v.empty() || v == "none"; }

int parse_vcpus(const std::string& what, const std::string& text) {
  if (text.empty() || text.size() > 3 || !std::all_of(text.begin(), text.end(), [](unsigned char ch) { return std::isdigit(ch); }))
    throw usage_error("invalid " + what + " '" + text + "': give a number of virtual CPUs, 1-128");
  int n = std::stoi(text);
  if (n < 1 || n > 128) throw usage_error("invalid " + what + " '" + text + "': give a number of virtual CPUs, 1-128");
  return n;
}

// A disk path goes into the domain XML and onto remote command lines
// (quoted there); keeping it to /dev/ and plain characters keeps it honest.
std::string checked_disk(const std::string& what, const std::string& path) {
  bool plain = std::all_of(path.begin(), path.end(), [](unsigned char ch) {
    return std::isalnum(ch) || ch == '/' || ch == '-' || ch == '_' || ch == '.' || ch == '+';
  });
  if (path.rfind("/dev/", 0) != 0 || path.size() <= 5 || !plain || path.find("..") != std::string::npos)
    throw usage_error("invalid " + what + " '" + path + "': give the guest's logical volume as /dev/VG/LV");
  return path;
}

std::vector<std::string> parse_boot(const std::string& what, const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    auto dev = text.substr(start, comma - start);
    if (std::find(std::begin(boot_devices), std::end(boot_devices), dev) == std::end(boot_devices))
      throw usage_error("invalid " + what + " '" + text + "': give boot devices in order from hd, cdrom, network, e.g. cdrom,hd");
    if (std::find(out.begin(), out.end(), dev) != out.end()) throw usage_error("invalid " + what + " '" + text + "': " + dev + " twice");
    out.push_back(dev);
    start = comma + 1;
  }
  return out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (auto& i : items) out += (out.empty() ? "" : ",") + i;
  return out;
}

}  // namespace

int parse_ram_mib(const std::string& what, const std::string& text) {
  std::size_t digits = 0;
  while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  auto unit = text.substr(digits);
  long long factor = unit == "" || unit == "M" || unit == "MiB" || unit == "m" ? 1
                     : unit == "G" || unit == "GiB" || unit == "g"            ? 1024
                                                                              : 0;
  if (digits == 0 || digits > 7 || factor == 0)
    throw usage_error("invalid " + what + " '" + text + "': give the RAM as 2G, 512M or a number of MiB");
  long long mib = std::stoll(text.substr(0, digits)) * factor;
  if (mib < 32) throw usage_error("invalid " + what + " '" + text + "': a guest needs at least 32 MiB");
  if (mib > 16 * 1024 * 1024) throw usage_error("invalid " + what + " '" + text + "': more than 16 TiB");
  return static_cast<int>(mib);
}

std::string ram_text(int mib) { return mib % 1024 == 0 ? std::to_string(mib / 1024) + "G" : std::to_string(mib) + "M"; }

std::string guest_definitions_dir(const Cluster& c) { return (c.gfs2 ? c.gfs2->mount_point : std::string("/shared")) + "/definitions"; }

const Node& home_of(const Cluster& c, const Vm& v) {
  if (auto* n = c.node(v.preferred_node)) return *n;
  if (c.nodes.empty()) throw failure("cluster " + c.name + " has no nodes");
  return c.nodes.front();
}

bool is_vm_field(const std::string& field) {
  return std::find(std::begin(vm_fields), std::end(vm_fields), field) != std::end(vm_fields);
}

void set_vm_field(Vm& v, const Cluster& c, const std::string& field, const std::string& value) {
  const auto key = v.name + "." + field;
  if (field == "ram") {
    if (is_none(value)) v.ram_mib.reset();
    else v.ram_mib = parse_ram_mib(key, value);
  } else if (field == "vcpus") {
    if (is_none(value)) v.vcpus.reset();
    else v.vcpus = parse_vcpus(key, value);
  } else if (field == "disk-lv") {
    v.disk_lv = is_none(value) ? "" : checked_disk(key, value);
  } else if (field == "node") {
    if (!is_none(value) && !c.node(value))
      throw usage_error("invalid " + key + " '" + value + "': no node of that name in cluster " + c.name);
    v.preferred_node = is_none(value) ? "" : value;
  } else if (field == "boot") {
    v.boot = is_none(value) ? std::vector<std::string>{} : parse_boot(key, value);
  } else {
    throw usage_error("unknown key '" + key + "': a guest takes address, ram, vcpus, disk-lv, node and boot");
  }
}

std::string vm_field(const Vm& v, const Cluster& c, const std::string& field) {
  if (field == "ram") return v.ram_mib ? ram_text(*v.ram_mib) : "none";
  if (field == "vcpus") return v.vcpus ? std::to_string(*v.vcpus) : "none";
  if (field == "disk-lv") return v.disk_lv.empty() ? "none" : v.disk_lv;
  if (field == "node") return c.nodes.empty() ? "none" : home_of(c, v).name;
  if (field == "boot") return v.boot.empty() ? "hd" : joined(v.boot);
  throw usage_error("unknown key '" + v.name + "." + field + "'");
}

std::vector<std::string> vm_keys(const Vm& v) {
  std::vector<std::string> keys;
  for (const char* f : vm_fields) keys.push_back(v.name + "." + f);
  return keys;
}

Cluster add_guest(Cluster c, const GuestSpec& spec) {
  if (spec.ram.empty()) throw usage_error("vm add needs --ram, e.g. --ram 2G");
  if (spec.vcpus == 0) throw usage_error("vm add needs --vcpus, e.g. --vcpus 2");
  if (spec.disk_lv.empty()) throw usage_error("vm add needs --disk-lv, the guest's clustered LV, e.g. --disk-lv /dev/an01-vg0/" + spec.name);
  if (spec.node.empty()) throw usage_error("vm add needs --node, the node it prefers to run on");
  const Vm* existing = c.vm(spec.name);
  if (existing && (existing->ram_mib || existing->vcpus || !existing->disk_lv.empty()))
    throw failure("guest " + spec.name + " is in the plan already; change it with `anvil ip-plan set " + spec.name + ".ram 4G` and the like");
  if (existing && !spec.address.empty())
    throw usage_error(spec.name + " has its address already (" + existing->address.ip.str() + "); change it with `anvil ip-plan set " +
                      spec.name + " ADDRESS`");
  if (!existing) c = add_vm(std::move(c), spec.name, spec.address);
  auto it = std::find_if(c.vms.begin(), c.vms.end(), [&](const Vm& v) { return v.name == spec.name; });
  Vm v = *it;
  set_vm_field(v, c, "ram", spec.ram);
  set_vm_field(v, c, "vcpus", std::to_string(spec.vcpus));
  set_vm_field(v, c, "disk-lv", spec.disk_lv);
  set_vm_field(v, c, "node", spec.node);
  set_vm_field(v, c, "boot", spec.boot.empty() ? "none" : joined(spec.boot));
  for (auto& other : c.vms)
    if (other.name != v.name && !other.disk_lv.empty() && other.disk_lv == v.disk_lv)
      throw failure(v.disk_lv + " is the disk of " + other.name + " already; give " + v.name + " its own LV");
  *it = v;
  return c;
}

void set_libvirt_uri(Node& n, const std::string& value) {
  if (value.empty() || value == "default") {
    n.libvirt_uri.clear();
    return;
  }
  auto scheme = value.find("://");
  if (scheme == std::string::npos || scheme == 0 || value.find_first_of(" \t\n'\"") != std::string::npos)
    throw usage_error("invalid " + n.name + ".libvirt-uri '" + value + "': give a libvirt URI such as qemu+ssh://root@" + n.name +
                      "/system, or 'default'");
  n.libvirt_uri = value;
}

std::vector<std::string> guest_problems(const Cluster& c) {
  std::vector<std::string> out;
  std::map<std::string, std::string> disks;
  for (auto& v : c.vms) {
    if (!v.preferred_node.empty() && !c.node(v.preferred_node))
      out.push_back("guest " + v.name + " prefers node " + v.preferred_node + ", which is not in the plan");
    if (v.disk_lv.empty()) continue;
    auto [it, fresh] = disks.emplace(v.disk_lv, v.name);
    if (!fresh) out.push_back("guests " + it->second + " and " + v.name + " share the disk " + v.disk_lv);
  }
  return out;
}

}  // namespace anvil::plan
