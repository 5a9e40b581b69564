#include "plan/validate.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "plan/address_book.hpp"
#include "plan/names.hpp"
#include "plan/vm_plan.hpp"

namespace anvil::plan {
namespace {

class Checker {
 public:
  explicit Checker(const Cluster& c) : c_(c) {}

  std::vector<Problem> run() {
    names();
    nodes();
    networks();
    addresses();
    drbd();
    for (auto& p : guest_problems(c_)) add("vm-guest", "guests", p);
    return std::move(problems_);
  }

 private:
  void add(std::string id, std::string subject, std::string message) {
    problems_.push_back({std::move(id), std::move(subject), std::move(message)});
  }

  void names() {
    if (auto p = cluster_name_problem(c_.name))
      add("cluster-name", "cluster " + c_.name, "cluster name '" + c_.name + "' " + *p);
    if (auto p = domain_problem(c_.domain))
      add("domain-name", "cluster " + c_.name, "domain '" + c_.domain + "' " + *p);
    if (c_.number < 1 || c_.number > 255)
      add("cluster-number", "cluster " + c_.name,
          "cluster number " + std::to_string(c_.number) + " is outside 1-255 (it is y in the VMs' IFN addresses)");
    std::map<std::string, std::string> seen;  // name -> what it names
    auto host = [&](const std::string& name, const std::string& what) {
      if (auto p = host_name_problem(name)) add("host-name", name, what + " name '" + name + "' " + *p);
      auto [it, fresh] = seen.emplace(name, what);
      if (!fresh)
        add("name-duplicate", name, "'" + name + "' names both a " + it->second + " and a " + what +
                                        "; every host in the plan needs its own name");
    };
    for (auto& n : c_.nodes) host(n.name, "node");
    for (auto& d : c_.devices) host(d.name, "device");
    for (auto& v : c_.vms) host(v.name, "vm");
  }

  void nodes() {
    if (c_.nodes.size() != 2)
      add("node-count", "cluster " + c_.name,
          "the plan has " + std::to_string(c_.nodes.size()) + " nodes; a two-node cluster needs exactly 2");
    std::set<int> numbers;
    for (auto& n : c_.nodes) {
      if (n.number < 1 || n.number > 254)
        add("node-number", n.name, "node " + n.name + " has number " + std::to_string(n.number) + "; use 1-254");
      else if (!numbers.insert(n.number).second)
        add("node-number", n.name, "node " + n.name + " shares number " + std::to_string(n.number) +
                                       " with another node; node numbers must differ");
      for (auto& i : n.interfaces) {
        if (i.mac.empty()) continue;
        auto [it, fresh] = macs_.emplace(i.mac, n.name + "." + i.name);
        if (!fresh)
          add("mac-duplicate", n.name + "." + i.name, n.name + "." + i.name + " has MAC " + i.mac + ", already given to " +
                                                          it->second + "; each NIC has its own");
      }
      for (auto& net : c_.networks)
        if (!n.address_on(net.name))
          add("address-missing", n.name + "." + net.name, "node " + n.name + " has no " + net.name + " address");
    }
  }

  void networks() {
    for (const char* name : network_names)
      if (!c_.network(name)) add("network-missing", std::string("network ") + name, std::string("the plan has no ") + name + " network");
    std::map<std::string, std::string> interface_owner;
    for (std::size_t i = 0; i < c_.networks.size(); ++i) {
      auto& a = c_.networks[i];
      for (std::size_t j = i + 1; j < c_.networks.size(); ++j) {
        auto& b = c_.networks[j];
        if (a.subnet.overlaps(b.subnet))
          add("network-overlap", "network " + a.name, "the " + a.name + " network " + a.subnet.str() +
                                                          " overlaps the " + b.name + " network " + b.subnet.str());
      }
      std::vector<std::string> names = a.links;
      names.push_back(a.bond);
      if (!a.bridge.empty()) names.push_back(a.bridge);
      for (auto& ifname : names) {
        auto [it, fresh] = interface_owner.emplace(ifname, a.name);
        if (!fresh)
          add("interface-duplicate", "network " + a.name, "interface " + ifname + " is used by both the " +
                                                               it->second + " and the " + a.name + " network");
      }
      if (a.gateway && !a.subnet.is_host(*a.gateway))
        add("gateway-outside-network", "network " + a.name, "the " + a.name + " gateway " + a.gateway->str() +
                                                                " is not a host address of " + a.subnet.str());
    }
  }

  void addresses() {
    std::map<Ipv4, std::string> owner;
    for (auto& e : address_book(c_)) {
      auto* net = c_.network(e.network);
      const auto ip = e.ip;
      const auto& subject = e.alias;
      if (!net) {
        add("address-network", subject, subject + " is on unknown network '" + e.network + "'");
      } else if (!net->subnet.contains(ip)) {
        add("address-outside-network", subject, subject + " address " + ip.str() + " is outside the " +
                                                      net->name + " network " + net->subnet.str());
      } else if (!net->subnet.is_host(ip)) {
        add("address-not-host", subject, subject + " address " + ip.str() + " is the network or broadcast address of " +
                                               net->subnet.str());
      }
      auto [it, fresh] = owner.emplace(ip, subject);
      if (!fresh)
        add("address-duplicate", subject, subject + " address " + ip.str() + " is already used by " + it->second);
    }
    for (auto& net : c_.networks)
      if (net.gateway && owner.count(*net.gateway))
        add("address-duplicate", "network " + net.name, "the " + net.name + " gateway " + net.gateway->str() +
                                                            " is already used by " + owner[*net.gateway]);
  }

  // What drbdadm would refuse, or what would wreck data: a disk or a port
  // used twice, a node without its half of a resource.
  void drbd() {
    std::map<int, std::string> ports, minors;
    std::map<std::pair<std::string, std::string>, std::string> disks;
    for (auto& r : c_.drbd) {
      const std::string subject = "drbd " + r.name;
      if (auto [it, fresh] = ports.emplace(r.port, r.name); !fresh)
        add("drbd-port-duplicate", subject, "DRBD resources " + it->second + " and " + r.name + " both use port " +
                                                std::to_string(r.port) + "; give each its own (anvil ip-plan set drbd." + r.name + ".port N)");
      if (auto [it, fresh] = minors.emplace(r.minor, r.name); !fresh)
        add("drbd-minor-duplicate", subject, "DRBD resources " + it->second + " and " + r.name + " are both /dev/drbd" +
                                                 std::to_string(r.minor) + "; give each its own (anvil ip-plan set drbd." + r.name + ".minor N)");
      for (auto& n : c_.nodes) {
        auto* d = r.disk_of(n.name);
        if (!d) {
          add("drbd-disk-missing", subject, "DRBD resource " + r.name + " has no disk on " + n.name +
                                                "; give it one (anvil ip-plan set drbd." + r.name + "." + n.name + " /dev/sdXN)");
          continue;
        }
        if (auto [it, fresh] = disks.emplace(std::pair{n.name, d->disk}, r.name); !fresh)
          add("drbd-disk-duplicate", subject, "DRBD resources " + it->second + " and " + r.name + " both use " + d->disk +
                                                  " on " + n.name + ": they would overwrite each other's data");
      }
      if (!c_.network("sn"))
        add("drbd-no-sn", subject, "DRBD resource " + r.name + " replicates over the SN, which the plan does not have");
    }
  }

  const Cluster& c_;
  std::vector<Problem> problems_;
  std::map<std::string, std::string> macs_;
};

}  // namespace

std::vector<Problem> validate(const Cluster& c) { return Checker(c).run(); }

std::vector<Problem> new_problems(const Cluster& before, const Cluster& after) {
  auto old = validate(before);
  std::vector<Problem> out;
  for (auto& p : validate(after))
    if (std::find(old.begin(), old.end(), p) == old.end()) out.push_back(p);
  return out;
}

}  // namespace anvil::plan
