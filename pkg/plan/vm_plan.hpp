// Guests in the plan: `anvil vm add` and the per-guest keys of
// `anvil ip-plan set` (VM.ram, VM.vcpus, VM.disk-lv, VM.node, VM.boot), and
// NODE.libvirt-uri, how libvirt reaches a node.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plan/model.hpp"

namespace anvil::plan {

// "2G", "2GiB", "512M", "512MiB" or a bare number of MiB; throws a usage
// error naming `what` otherwise, or below 32 MiB (no guest boots in less).
int parse_ram_mib(const std::string& what, const std::string& text);
std::string ram_text(int mib);  // 2048 -> "2G", 1536 -> "1536M"

struct GuestSpec {
  std::string name;
  std::string ram;      // as parse_ram_mib takes it
  int vcpus = 0;
  std::string disk_lv;  // /dev/VG/LV
  std::string node;     // the preferred node
  std::string address;  // empty: the next conventional IFN address
  std::vector<std::string> boot;  // empty: hd
};

// Adds a guest, or completes one that `anvil ip-plan add vm` put in the plan
// with an address only; refuses a guest that already has its sizes.
Cluster add_guest(Cluster c, const GuestSpec& spec);

// VM.FIELD keys (FIELD: ram, vcpus, disk-lv, node, boot).
bool is_vm_field(const std::string& field);
void set_vm_field(Vm& v, const Cluster& c, const std::string& field, const std::string& value);
std::string vm_field(const Vm& v, const Cluster& c, const std::string& field);
std::vector<std::string> vm_keys(const Vm& v);  // VM.ram ... for this guest

// The node a guest prefers to run on: its preferred node, else the first.
const Node& home_of(const Cluster& c, const Vm& v);

// Where rgmanager's vm.sh finds the guests' definitions (NAME.xml): on
// the GFS2 filesystem both nodes mount, /shared/definitions by default.
std::string guest_definitions_dir(const Cluster& c);

// NODE.libvirt-uri: empty or "default" resets to qemu+ssh.
void set_libvirt_uri(Node& n, const std::string& value);

// Problems with the guests of a plan that is otherwise sound: a preferred
// node that is not in the plan, a disk outside /dev, two guests on one disk.
std::vector<std::string> guest_problems(const Cluster& c);

}  // namespace anvil::plan
