// Two real OpenSSH sshd "nodes" on 127.0.0.2 and 127.0.0.3, each in its own
// mount namespace (tests/harness/sshd-nodes), and a ledger whose plan puts
// the BCN on 127.0.0.0/8, so that every default target is on loopback.
#pragma once

#include <string>

#include "cli/anvil_fixture.hpp"

// The nodes bind 127.0.0.x:22: without root a test says why it did not run.
#define NEEDS_ROOT()                                          \
  if (!anvil::test::running_as_root()) {                      \
    WARN("skipped: sshd nodes on 127.0.0.x:22 need root");    \
    return;                                                   \
  }

namespace anvil::test {

bool running_as_root();

class SshCluster : public Anvil {
 public:
  // loopback: the nodes share this machine's network, and the plan's BCN is
  // 127.0.0.0/8. netns: each node has its own network namespace with the
  // seed's bridges and addresses (10.20.0.N on vbr0, ...) behind a veth
  // "switch"; anvil reaches node N through a forwarder on 127.0.0.N that
  // connects to 10.20.0.N inside the namespaces, so a node whose BCN
  // address goes away is really unreachable. The plan keeps its default
  // subnets and points each node's SSH host at 127.0.0.N.
  enum class Network { loopback, netns };
  explicit SshCluster(Network network = Network::loopback);
  ~SshCluster();
  std::string netns_of(const std::string& address) const;  // the node's namespace (netns mode)

  std::string harness(const std::vector<std::string>& args) const;  // REQUIREs success, returns stdout
  std::string key() const { return nodes_ + "/client/id_ed25519"; }
  std::string known_hosts() const { return nodes_ + "/client/known_hosts"; }
  // Where a node's /etc/NAME lands on this machine (the overlay's upper dir).
  std::string etc_file(const std::string& address, const std::string& name) const {
    return nodes_ + "/nodes/" + address + "/etc-upper/" + name;
  }
  // The node's own /root, as this machine sees it.
  std::string home(const std::string& address) const { return nodes_ + "/nodes/" + address + "/root-home"; }
  // Sets the node's login environment (~/.ssh/environment, which its sshd
  // reads): NAME=VALUE lines.
  void set_environment(const std::string& address, const std::string& lines) const;
  // Runs a shell command on a node with OpenSSH, outside anvil.
  Result ssh(const std::string& address, const std::string& command) const;

 private:
  std::string nodes_;
};

}  // namespace anvil::test
