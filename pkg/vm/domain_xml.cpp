#include "vm/domain_xml.hpp"

#include <pugixml.hpp>

#include <cstdio>
#include <sstream>

#include "core/error.hpp"
#include "core/sha256.hpp"
#include "plan/vm_plan.hpp"

namespace anvil::vm {
namespace {

void attr(pugi::xml_node node, const char* name, const std::string& value) { node.append_attribute(name) = value.c_str(); }
void text(pugi::xml_node node, const std::string& value) { node.append_child(pugi::node_pcdata).set_value(value.c_str()); }

pugi::xml_node child(pugi::xml_node parent, const char* name, const std::string& body = {}) {
  auto n = parent.append_child(name);
  if (!body.empty()) text(n, body);
  return n;
}

}  // namespace

std::string guest_uuid(const plan::Cluster& c, const plan::Vm& v) {
  auto h = sha256_hex("anvil guest " + c.name + "/" + v.name);
  // A name-based (version 5 style) UUID: version and variant bits set.
  std::string u = h.substr(0, 32);
  u[12] = '5';
  static const char variant[] = "89ab";
  u[16] = variant[std::stoi(u.substr(16, 1), nullptr, 16) & 3];
  return u.substr(0, 8) + "-" + u.substr(8, 4) + "-" + u.substr(12, 4) + "-" + u.substr(16, 4) + "-" + u.substr(20, 12);
}

std::string guest_mac(const plan::Cluster& c, const plan::Vm& v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "52:54:00:a0:%02x:%02x", c.number & 0xff, v.sequence & 0xff);
  return buf;
}

std::string render_domain_xml(const plan::Cluster& c, const plan::Vm& v) {
  std::string missing;
  if (!v.ram_mib) missing += " its RAM (--ram)";
  if (!v.vcpus) missing += std::string(missing.empty() ? "" : ",") + " its vCPUs (--vcpus)";
  if (v.disk_lv.empty()) missing += std::string(missing.empty() ? "" : ",") + " its disk (--disk-lv)";
  if (!missing.empty())
    throw failure("guest " + v.name + " is missing" + missing + " in the plan; set them with `anvil ip-plan set " + v.name +
                  ".ram 2G` and the like");
  auto* ifn = c.network("ifn");
  if (!ifn || ifn->bridge.empty()) throw failure("the plan's IFN has no bridge for the guests' NICs; set one with `anvil ip-plan set ifn.bridge vbr2`");

  pugi::xml_document doc;
  auto domain = doc.append_child("domain");
  attr(domain, "type", "kvm");
  child(domain, "name", v.name);
  child(domain, "uuid", guest_uuid(c, v));
  child(domain, "description", v.name + " (" + v.address.ip.str() + ") of cluster " + c.name + ", rendered by anvil from the plan");
  attr(child(domain, "memory", std::to_string(*v.ram_mib)), "unit", "MiB");
  attr(child(domain, "currentMemory", std::to_string(*v.ram_mib)), "unit", "MiB");
  attr(child(domain, "vcpu", std::to_string(*v.vcpus)), "placement", "static");
  auto os = child(domain, "os");
  auto type = child(os, "type", "hvm");
  attr(type, "arch", "x86_64");
  attr(type, "machine", "pc");
  for (auto& dev : v.boot.empty() ? std::vector<std::string>{"hd"} : v.boot) attr(child(os, "boot"), "dev", dev);
  auto features = child(domain, "features");
  child(features, "acpi");
  child(features, "apic");
  attr(child(domain, "clock"), "offset", "utc");
  child(domain, "on_poweroff", "destroy");
  child(domain, "on_reboot", "restart");
  child(domain, "on_crash", "restart");

  auto devices = child(domain, "devices");
  auto disk = child(devices, "disk");
  attr(disk, "type", "block");
  attr(disk, "device", "disk");
  auto driver = child(disk, "driver");
  attr(driver, "name", "qemu");
  attr(driver, "type", "raw");
  // No host page cache: the peer writes the same blocks through DRBD, and
  // libvirt refuses a live migration of a cached disk as unsafe.
  attr(driver, "cache", "none");
  attr(driver, "io", "native");
  attr(child(disk, "source"), "dev", v.disk_lv);
  auto target = child(disk, "target");
  attr(target, "dev", "vda");
  attr(target, "bus", "virtio");
  bool cdrom = false;
  for (auto& b : v.boot) cdrom = cdrom || b == "cdrom";
  if (cdrom) {  // an empty drive to insert an ISO from /shared/files into
    auto drive = child(devices, "disk");
    attr(drive, "type", "file");
    attr(drive, "device", "cdrom");
    attr(child(drive, "driver"), "name", "qemu");
    auto t = child(drive, "target");
    attr(t, "dev", "hdc");
    attr(t, "bus", "ide");
    child(drive, "readonly");
  }
  auto nic = child(devices, "interface");
  attr(nic, "type", "bridge");
  attr(child(nic, "mac"), "address", guest_mac(c, v));
  attr(child(nic, "source"), "bridge", ifn->bridge);
  attr(child(nic, "model"), "type", "virtio");
  auto serial = child(devices, "serial");
  attr(serial, "type", "pty");
  attr(child(serial, "target"), "port", "0");
  auto console = child(devices, "console");
  attr(console, "type", "pty");
  auto ct = child(console, "target");
  attr(ct, "type", "serial");
  attr(ct, "port", "0");
  attr(child(devices, "memballoon"), "model", "virtio");

  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default | pugi::format_no_declaration, pugi::encoding_utf8);
  return out.str();
}

std::string domain_name_of(const std::string& xml) {
  pugi::xml_document doc;
  if (!doc.load_string(xml.c_str())) return {};
  return doc.child("domain").child_value("name");
}

}  // namespace anvil::vm
