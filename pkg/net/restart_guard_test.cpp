// The guard script runs for real here, through /bin/sh on this machine,
// with its paths in a temporary directory and a restart command that only
// notes which ifcfg-vbr0 it saw. The end-to-end test against a node whose
// restart really cuts it off is tests/integration/net_restart_test.cpp.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <thread>

#include "core/error.hpp"
#include "exec/executor.hpp"
#include "exec/local_session.hpp"
#include "net/restart_guard.hpp"
#include "support/temp_dir.hpp"

using namespace anvil;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

struct GuardBench {
  test::TempDir tmp;
  net::GuardSpec spec;
  exec::LocalSession session{"here"};
  exec::SessionExecutor node{session};

  GuardBench() {
    ::mkdir(tmp.file("scripts").c_str(), 0755);
    spec.run_id = 7;
    spec.scripts_dir = tmp.file("scripts");
    spec.root = tmp.file("guard");
    spec.lock_file = tmp.file("anvil.lock");
    spec.lock_owner_file = tmp.file("anvil.owner");
    spec.holder = "root@test run 7 (net apply)";
    spec.confirm_timeout = 3s;
    spec.lock_wait = 5s;
    // Each "restart" appends the IPADDR line it found.
    spec.restart_command = "grep IPADDR " + spec.scripts_dir + "/ifcfg-vbr0 >>" + tmp.file("restarts");
    test::write_file(tmp.file("scripts/ifcfg-vbr0"), "DEVICE=vbr0\nIPADDR=10.20.0.1\n");
    test::write_file(tmp.file("scripts/ifcfg-lo"), "DEVICE=lo\n");
  }

  // What `net apply` does between prepare and launch.
  void apply_new_files() {
    test::write_file(tmp.file("scripts/ifcfg-vbr0"), "DEVICE=vbr0\nIPADDR=10.20.0.99\n");
    test::write_file(tmp.file("scripts/ifcfg-bond0"), "DEVICE=bond0\n");
  }

  std::string state() { return exists(spec.dir() + "/state") ? test::read_file(spec.dir() + "/state") : "none"; }

  // The guard ends on its own; waits for its final state.
  std::string wait_for_state(const std::string& wanted, std::chrono::seconds limit = 15s) {
    auto until = clock_type::now() + limit;
    while (state() != wanted + "\n" && clock_type::now() < until) std::this_thread::sleep_for(50ms);
    return state();
  }

  net::Connect local() {
    return [](std::chrono::seconds) { return std::make_unique<exec::LocalSession>("here"); };
  }
};

}  // namespace

TEST_CASE("guard: anvil reconnects and confirms, the new files stay", "[net][guard]") {
  GuardBench b;
  net::prepare_guard(b.node, b.spec);
  CHECK(test::read_file(b.spec.dir() + "/backup/ifcfg-vbr0") == "DEVICE=vbr0\nIPADDR=10.20.0.1\n");
  b.apply_new_files();
  net::launch_guard(b.node, b.spec);
  auto outcome = net::await_confirmation(b.local(), b.spec, clock_type::now(), 5s);
  CHECK(outcome.end == net::GuardEnd::confirmed);
  CHECK(outcome.elapsed < 3s);
  CHECK(b.wait_for_state("confirmed") == "confirmed\n");
  CHECK(test::read_file(b.tmp.file("restarts")) == "IPADDR=10.20.0.99\n");  // one restart, with the new file
  CHECK(test::read_file(b.tmp.file("scripts/ifcfg-vbr0")) == "DEVICE=vbr0\nIPADDR=10.20.0.99\n");
  CHECK(exists(b.tmp.file("scripts/ifcfg-bond0")));
  CHECK(!exists(b.tmp.file("anvil.owner")));  // the guard let go of the lock
}

TEST_CASE("guard: no confirmation, the previous files come back and networking restarts again", "[net][guard]") {
  GuardBench b;
  net::prepare_guard(b.node, b.spec);
  b.apply_new_files();
  net::launch_guard(b.node, b.spec);
  auto launched = clock_type::now();
  // Unreachable until the confirmation time is over: as if the restart cut
  // anvil off and the rollback brought the node back.
  auto outcome = net::await_confirmation(
      [&](std::chrono::seconds) -> std::unique_ptr<exec::Session> {
        if (clock_type::now() < launched + b.spec.confirm_timeout) throw Error(ErrorKind::unreachable, "no route to host");
        return std::make_unique<exec::LocalSession>("here");
      },
      b.spec, launched, 10s);
  CHECK(outcome.end == net::GuardEnd::rolled_back);
  CHECK(outcome.elapsed >= 3s);
  CHECK(b.state() == "rolled-back\n");
  CHECK(test::read_file(b.tmp.file("restarts")) == "IPADDR=10.20.0.99\nIPADDR=10.20.0.1\n");
  CHECK(test::read_file(b.tmp.file("scripts/ifcfg-vbr0")) == "DEVICE=vbr0\nIPADDR=10.20.0.1\n");
  CHECK(!exists(b.tmp.file("scripts/ifcfg-bond0")));  // created by the apply: gone again
  CHECK(exists(b.tmp.file("scripts/ifcfg-lo")));
  CHECK(exists(b.spec.dir() + "/expired"));
}

TEST_CASE("guard: a node that never answers again is reported lost, and the guard still rolls back", "[net][guard]") {
  GuardBench b;
  net::prepare_guard(b.node, b.spec);
  b.apply_new_files();
  net::launch_guard(b.node, b.spec);
  auto outcome = net::await_confirmation(
      [](std::chrono::seconds) -> std::unique_ptr<exec::Session> { throw Error(ErrorKind::unreachable, "no route to host"); },
      b.spec, clock_type::now(), 1s);
  CHECK(outcome.end == net::GuardEnd::lost);
  CHECK(outcome.detail == "no route to host");
  CHECK(b.wait_for_state("rolled-back") == "rolled-back\n");
  CHECK(test::read_file(b.tmp.file("scripts/ifcfg-vbr0")) == "DEVICE=vbr0\nIPADDR=10.20.0.1\n");
}

TEST_CASE("guard: a failing restart command rolls back at once", "[net][guard]") {
  GuardBench b;
  // Fails with the new file only, like a restart that chokes on a bad ifcfg.
  b.spec.restart_command = "if grep -q 10.20.0.99 " + b.spec.scripts_dir + "/ifcfg-vbr0; then echo 'bond0: bad options' >&2; exit 4; fi";
  b.spec.confirm_timeout = 60s;
  net::prepare_guard(b.node, b.spec);
  b.apply_new_files();
  net::launch_guard(b.node, b.spec);
  auto outcome = net::await_confirmation(b.local(), b.spec, clock_type::now(), 5s);
  CHECK(outcome.end == net::GuardEnd::restart_failed);
  CHECK(outcome.detail == "exit 4: bond0: bad options");
  CHECK(outcome.elapsed < 10s);  // not the 60 s confirmation time
  CHECK(test::read_file(b.tmp.file("scripts/ifcfg-vbr0")) == "DEVICE=vbr0\nIPADDR=10.20.0.1\n");
  auto log = test::read_file(b.spec.dir() + "/restart.log");
  CHECK(log.find("bond0: bad options") != std::string::npos);
  CHECK(log.find("the restart command failed (exit 4)") != std::string::npos);
}

TEST_CASE("guard: it waits for the lock and gives up without restarting when it stays taken", "[net][guard]") {
  GuardBench b;
  b.spec.lock_wait = 1s;
  net::prepare_guard(b.node, b.spec);
  b.apply_new_files();
  // Another holder of the lock: flock in a background shell.
  auto r = b.session.run({"(exec 9>>" + b.spec.lock_file + "; flock 9; sleep 4) >/dev/null 2>&1 & sleep 0.3", "", 5s, true});
  REQUIRE(r.ok());
  net::launch_guard(b.node, b.spec);
  auto outcome = net::await_confirmation(b.local(), b.spec, clock_type::now(), 5s);
  CHECK(outcome.end == net::GuardEnd::guard_failed);
  CHECK(outcome.detail.find("did not get the node's lock") != std::string::npos);
  CHECK(!exists(b.tmp.file("restarts")));  // nothing was restarted
}
