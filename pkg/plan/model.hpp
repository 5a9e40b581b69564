// The cluster model: what the plan says, independent of any target profile.
// Plain values; derive.hpp builds them, validate.hpp judges them and
// pkg/ledger stores them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plan/ipv4.hpp"

namespace anvil::plan {

// The three networks of the seed, by their short names.
inline constexpr const char* network_names[] = {"bcn", "sn", "ifn"};

struct Network {
  std::string name;                // "bcn", "sn" or "ifn"
  Cidr subnet;
  std::string bond;                // "bond0"
  std::string bridge;              // "vbr0", or empty when the bond holds the address
  std::vector<std::string> links;  // the bond's slaves, one per switch: {"eth0", "eth3"}
  std::optional<Ipv4> gateway;     // only the IFN has one by default
  std::vector<Ipv4> dns;
  std::string bond_options;        // BONDING_OPTS; empty: default_bond_options()

  // The interface that carries a node's address on this network.
  const std::string& carrier() const { return bridge.empty() ? bond : bridge; }
  // The seed's active-backup bond, preferring the link on switch 1; a slow
  // updelay keeps a flapping switch port from taking the bond back too soon.
  std::string default_bond_options() const {
    return "mode=1 miimon=100 use_carrier=1 updelay=120000 downdelay=0 primary=" + (links.empty() ? "" : links.front());
  }
  const std::string bonding_opts() const { return bond_options.empty() ? default_bond_options() : bond_options; }
};

// One way to fence a node: every step's device acts (e.g. both PDUs feeding
// a node with two power supplies); the methods are tried in order.
struct FenceStep {
  std::string device;
  std::string port;  // the outlet on a PDU; empty for an IPMI BMC
  auto operator<=>(const FenceStep&) const = default;
};

struct FenceMethod {
  std::string name;  // "ipmi", "pdu"
  std::vector<FenceStep> steps;
  auto operator<=>(const FenceMethod&) const = default;
};

// The default agent for a device kind: the seed's IPMI and APC PDUs.
std::string default_fence_agent(const std::string& kind);

// One interface of a node: a NIC, a bond or a bridge.
struct Interface {
  std::string name;     // "eth0", "bond0", "vbr0"
  std::string kind;     // "nic", "bond" or "bridge"
  std::string network;  // "bcn"
  std::string master;   // the bond a NIC is slaved to, or the bridge a bond is a port of
  std::string mac;      // known once mapped (`anvil net map`); empty before
  // The switch a NIC is cabled to (1, 2, ...); 0: by its place in the
  // network's links (the first on switch 1, the second on switch 2).
  int switch_number = 0;
  auto operator<=>(const Interface&) const = default;
};

struct Address {
  std::string network;
  Ipv4 ip;
  auto operator<=>(const Address&) const = default;
};

// How anvil reaches a node over SSH; empty fields mean the default: the
// node's BCN address, then ~/.ssh/config, then port 22 and user root.
struct SshSettings {
  std::string host;         // an address, a name, or "local" for the node anvil runs on
  int port = 0;
  std::string user;
  std::string identity;     // a private key file
  std::string known_hosts;  // a known_hosts file other than ~/.ssh/known_hosts
  auto operator<=>(const SshSettings&) const = default;
};

struct Node {
  std::string name;  // "an-node01"
  int number = 0;    // x in 10.20.0.x
  std::vector<Address> addresses;
  std::vector<Interface> interfaces;
  SshSettings ssh;
  std::vector<FenceMethod> fence;  // in the order the cluster tries them
  // How anvil's libvirt client and the peer (for migrations) reach this
  // node's libvirtd; empty: qemu+ssh to the node as SSH reaches it.
  std::string libvirt_uri;

  const Address* address_on(const std::string& network) const;
  Address* address_on(const std::string& network);
  // The switch this node's `link` of `net` is cabled to, per the plan.
  int switch_of(const Network& net, const std::string& link) const;
};

inline constexpr const char* device_kinds[] = {"ipmi", "pdu", "switch", "ups"};

struct Device {
  std::string name;  // "pdu1", or "an-node01-ipmi" for a node's BMC
  std::string kind;  // one of device_kinds
  std::string node;  // the node an IPMI BMC belongs to; empty otherwise
  int sequence = 0;  // z in 10.20.2.z / 10.20.3.z; x for IPMI
  Address address;
  // Fencing (IPMI BMCs and PDUs): the fence agent and how to log in. The
  // password is not here: it is a secret, kept apart (ledger/secrets.hpp).
  std::string agent;  // "fence_ipmilan", "fence_apc_snmp"
  std::string login;
  std::vector<std::pair<std::string, std::string>> options;  // more agent options: ipport=623, lanplus=1
};



struct Vm {
  std::string name;
  int sequence = 0;  // z in 10.255.y.z
  Address address;   // on the IFN
  // Filled by `anvil vm add` (vm_plan.hpp); the IP plan leaves them unset.
  std::optional<int> ram_mib;
  std::optional<int> vcpus;
  std::string preferred_node;  // empty: the first node
  std::string disk_lv;         // its disk: a clustered LV, /dev/VG/LV
  std::vector<std::string> boot;  // boot devices in order: hd, cdrom, network; empty: hd
};

// One DRBD resource: replicated over the nodes' SN addresses, one backing
// disk per node.
struct DrbdDisk {
  std::string node;  // "an-node01"
  std::string disk;  // "/dev/sda5"
  auto operator<=>(const DrbdDisk&) const = default;
};

struct DrbdResource {
  std::string name;  // "r0"
  int minor = 0;     // /dev/drbd<minor>
  int port = 7788;   // TCP port on the SN, one per resource
  std::vector<DrbdDisk> disks;
  std::string device() const { return "/dev/drbd" + std::to_string(minor); }
  const DrbdDisk* disk_of(const std::string& node) const;
  auto operator<=>(const DrbdResource&) const = default;
};

// The settings every resource shares (global_common.conf's common section);
// the seed's values by default. Keys: drbd.protocol, drbd.rate, ...
struct DrbdSettings {
  std::string protocol = "C";
  bool dual_primary = true;  // allow-two-primaries + become-primary-on both: live migration needs it
  std::string fencing = "resource-and-stonith";
  std::string fence_peer = "/sbin/obliterate-peer.sh";  // fences the peer through the cluster (fence_node)
  std::string after_sb_0pri = "discard-zero-changes";
  std::string after_sb_1pri = "discard-secondary";
  std::string after_sb_2pri = "disconnect";
  std::string rate = "20M";  // resync rate (syncer { rate })
  auto operator<=>(const DrbdSettings&) const = default;
};

// Clustered storage (`anvil storage`): a clustered VG on a DRBD resource's
// device, and the GFS2 filesystem for /shared on one of them.
struct StorageVg {
  std::string name;  // "an-cluster-01-vg0"
  std::string drbd;  // the DRBD resource whose device is its PV: "r0"
  auto operator<=>(const StorageVg&) const = default;
};

struct SharedFs {
  std::string vg;
  std::string lv = "shared";
  std::string size = "40G";
  std::string name = "shared";  // the lock table's second half: CLUSTER:NAME
  std::string mount_point = "/shared";
  int journals = 2;  // one per node that mounts it
  auto operator<=>(const SharedFs&) const = default;
};

struct Cluster {
  std::string name;  // at most 15 characters: cman's limit
  int number = 1;    // y in 10.255.y.z
  std::string domain;
  std::string profile = "el6";
  std::vector<Network> networks;
  std::vector<Node> nodes;
  std::vector<Device> devices;
  std::vector<Vm> vms;
  std::vector<DrbdResource> drbd;
  DrbdSettings drbd_settings;
  std::vector<StorageVg> storage_vgs;
  std::optional<SharedFs> gfs2;
  // The node whose fencing waits fence_delay seconds, so that it wins a
  // fence race (both nodes fencing each other at once); empty: the first.
  std::string fence_delay_node;
  int fence_delay = 15;
  int post_join_delay = 30;  // fence_daemon: seconds to wait for the peer at start
  int config_version = 0;    // cluster.conf's, as last applied (0: never)

  const Node& fence_delay_target() const;

  const DrbdResource* drbd_resource(const std::string& name) const;
  const Network* network(const std::string& name) const;
  Network* network(const std::string& name);
  const Node* node(const std::string& name) const;
  Node* node(const std::string& name);
  const Device* device(const std::string& name) const;
  const Vm* vm(const std::string& name) const;
};

}  // namespace anvil::plan
