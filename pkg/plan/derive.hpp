// The seed's addressing convention, as functions: every address anvil
// proposes comes from here, so a plan with changed subnets follows the same
// rules (node x on .0.x, its BMC on .1.x, PDUs on .2.z, other gear on .3.z,
// VM z of cluster y on the IFN's .y.z).
#pragma once

#include <string>
#include <vector>

#include "plan/model.hpp"

namespace anvil::plan {

struct InitOptions {
  std::string name = "an-cluster-01";
  int number = 1;
  std::string domain = "example.com";
  std::string profile = "el6";
  std::vector<std::string> nodes = {"an-node01", "an-node02"};
  std::string bcn = "10.20.0.0/16";
  std::string sn = "10.10.0.0/16";
  std::string ifn = "10.255.0.0/16";
};

// Builds the whole plan: networks with the seed's bond/bridge mapping,
// both nodes with their addresses and interfaces, and one IPMI BMC each.
// Throws anvil::Error (usage) on malformed values.
Cluster make_cluster(const InitOptions& options);

// A node's number: the digits its name ends in ("an-node02" -> 2), or its
// position (1-based) in the plan when the name has none.
int node_number_from_name(const std::string& name, int position);

// The conventional address of each kind of host; throws anvil::Error when
// the network is too small to hold it.
Ipv4 node_address(const Network& net, int node_number);
Ipv4 ipmi_address(const Network& bcn, int node_number);
Ipv4 device_address(const Network& bcn, const std::string& kind, int sequence);
Ipv4 vm_address(const Network& ifn, int cluster_number, int sequence);

// The network a kind of device lives on, and the lowest free sequence number.
std::string device_network(const std::string& kind);
int next_device_sequence(const Cluster& c, const std::string& kind);
int next_vm_sequence(const Cluster& c);

// The NICs, bonds and bridges of a node, from the networks' mapping.
std::vector<Interface> derive_interfaces(const std::vector<Network>& networks);

// Re-derives every address that still follows the convention after a change
// of subnet or cluster number (`before` is the plan before the change).
// Addresses that were set by hand are kept as they are.
void rederive_conventional(const Cluster& before, Cluster& after);

}  // namespace anvil::plan
