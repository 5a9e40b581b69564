#include "integration/ssh_cluster.hpp"

#include <catch2/catch.hpp>
#include <unistd.h>

#include <filesystem>

namespace anvil::test {

namespace {
std::string harness_path() { return std::string(ANVIL_SOURCE_DIR) + "/tests/harness/sshd-nodes"; }
}  // namespace

bool running_as_root() { return ::geteuid() == 0; }

SshCluster::SshCluster(Network network) : nodes_(dir().file("nodes")) {
  if (network == Network::netns) {
    harness({"start", nodes_, "--netns", "127.0.0.2", "127.0.0.3"});
    run_ok({"ip-plan", "init", "--nodes", "an-node02,an-node03"});
    run_ok({"node", "set", "an-node02", "--host", "127.0.0.2", "--identity", key(), "--known-hosts", known_hosts()});
    run_ok({"node", "set", "an-node03", "--host", "127.0.0.3", "--identity", key(), "--known-hosts", known_hosts()});
    return;
  }
  harness({"start", nodes_, "127.0.0.2", "127.0.0.3"});
  run_ok({"ip-plan", "init", "--nodes", "an-node02,an-node03", "--bcn", "127.0.0.0/8"});
  for (const char* node : {"an-node02", "an-node03"})
    run_ok({"node", "set", node, "--identity", key(), "--known-hosts", known_hosts()});
}

std::string SshCluster::netns_of(const std::string& address) const {
  auto name = harness({"netns", nodes_, address});
  return name.substr(0, name.find('\n'));
}

SshCluster::~SshCluster() { run_process({"sh", harness_path(), "stop", nodes_}); }

std::string SshCluster::harness(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {"sh", harness_path()};
  argv.insert(argv.end(), args.begin(), args.end());
  auto r = run_process(argv);
  INFO("sshd-nodes " << args.front() << ": " << r.err);
  REQUIRE(r.status == 0);
  return r.out;
}

void SshCluster::set_environment(const std::string& address, const std::string& lines) const {
  std::filesystem::create_directories(home(address) + "/.ssh");
  write_file(home(address) + "/.ssh/environment", lines);
}

Result SshCluster::ssh(const std::string& address, const std::string& command) const {
  return run_process({"ssh", "-F", nodes_ + "/client/ssh_config", address, command});
}

}  // namespace anvil::test
