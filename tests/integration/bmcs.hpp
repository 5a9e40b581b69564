// Simulated BMCs for the sshd test nodes (tests/harness/ipmi-bmc): one
// ipmi_sim per node on the plan's IPMI address (127.0.1.N), and the plan's
// BMCs pointed at them with the password given on stdin.
#pragma once

#include <catch2/catch.hpp>
#include <unistd.h>

#include "integration/ssh_cluster.hpp"

namespace anvil::test {

inline const char* password = "ipmi-Pa55";

class Bmcs {
 public:
  explicit Bmcs(const SshCluster& c) : c_(c), dir_(c.dir().file("bmcs")) {
    // Ports from the PID, so that two test runs on one machine do not meet.
    base_ = 19000 + static_cast<int>(::getpid() % 400) * 2;
    for (int n : {2, 3}) start(n);
  }
  ~Bmcs() { run_process({"sh", harness(), "stop", dir_}); }
  void start(int n) {
    auto r = run_process({"sh", harness(), "start", dir_, name(n), std::to_string(port(n)), "--addr", "127.0.1." + std::to_string(n),
                          "--password", password});
    INFO(r.err);
    REQUIRE(r.status == 0);
  }
  void stop(int n) { run_process({"sh", harness(), "stop", dir_, name(n)}); }
  void set_power(int n, const std::string& state) { run_process({"sh", harness(), "set-power", dir_, name(n), state}); }
  std::string power(int n) const { return run_process({"sh", harness(), "power", dir_, name(n)}).out; }
  std::string log(int n) const { return read_file(dir_ + "/" + name(n) + "/power.log"); }
  int port(int n) const { return base_ + n - 2; }

 private:
  static std::string harness() { return std::string(ANVIL_SOURCE_DIR) + "/tests/harness/ipmi-bmc"; }
  static std::string name(int n) { return "bmc" + std::to_string(n); }
  const SshCluster& c_;
  std::string dir_;
  int base_;
};

// The plan's BMCs pointed at the simulators, with the password on stdin.
inline void plan_fencing(const SshCluster& c, const Bmcs& b) {
  for (int n : {2, 3}) {
    auto device = "an-node0" + std::to_string(n) + "-ipmi";
    c.run_ok({"fence", "set-device", device, "--login", "admin", "--option", "ipport=" + std::to_string(b.port(n)), "--option",
              "lanplus=1", "--option", "cipher=3", "--option", "power_timeout=5"});
    RunOptions stdin_password = c.environment();
    stdin_password.input = std::string(password) + "\n";
    auto r = c.run({"fence", "set-credentials", device}, stdin_password);
    REQUIRE(r.status == 0);
  }
}


}  // namespace anvil::test
