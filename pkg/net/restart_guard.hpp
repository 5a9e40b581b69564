// Restarting a node's network without stranding it. A restart that cuts
// anvil off (a wrong address on the BCN, a bond that never comes up) would
// otherwise leave the node unreachable with nobody to undo it. So the
// restart is done by a guard on the node, not by anvil's SSH command (which
// the restart may kill half-way): the guard restarts networking, then waits
// for anvil to reconnect and confirm; without a confirmation within the
// timeout it puts back the ifcfg files it saved before the apply and
// restarts networking again.
//
// The guard's directory on the node, <root>/run-<run id>/, holds:
//   backup/ifcfg-*  the files before the apply
//   guard.sh        the guard itself
//   armed           present until anvil confirms (renamed to confirmed) or
//                   the guard gives up (renamed to expired): whoever renames
//                   it first wins, so a late confirmation can't race a rollback
//   state           restarting, restarted, confirmed, rolling-back,
//                   rolled-back, rollback-failed, lock-timeout
//   restart.log     what the restart command(s) printed
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "exec/executor.hpp"
#include "exec/session.hpp"

namespace anvil::net {

struct GuardSpec {
  std::int64_t run_id = 0;
  std::string restart_command = "service network restart";
  std::chrono::seconds confirm_timeout{120};
  std::string holder;  // written to the lock's owner file while the guard runs
  // The node's paths; tests point them into a temporary directory.
  std::string scripts_dir = "/etc/sysconfig/network-scripts";
  std::string root = "/var/lib/anvil/net-guard";
  std::string lock_file = "/var/lock/anvil.lock";
  std::string lock_owner_file = "/var/lock/anvil.owner";
  // How long the guard waits for anvil's session to let go of the lock.
  std::chrono::seconds lock_wait{60};

  std::string dir() const { return root + "/run-" + std::to_string(run_id); }
};

// The guard's shell script (POSIX sh, EL6's coreutils and util-linux).
std::string guard_script(const GuardSpec& spec);

// Under the run's lock, before any file changes: saves the node's ifcfg-*
// files and writes the guard (not started yet).
void prepare_guard(exec::Executor& node, const GuardSpec& spec);

// Still under the lock, after the files changed: starts the guard detached
// from the session (setsid, no terminal, output to files), so that it
// survives the connection it was started from. The guard waits for the lock,
// which the caller releases by closing its session.
void launch_guard(exec::Executor& node, const GuardSpec& spec);

enum class GuardEnd {
  confirmed,      // anvil reconnected and disarmed the guard: the new network stays
  rolled_back,    // no confirmation in time: the previous files are back and the node is reachable
  restart_failed, // the restart command failed; the guard rolled back at once
  lost,           // the node stayed unreachable, also after the guard's rollback time
  guard_failed,   // the guard could not run (lock not freed, rollback failed, ...)
};

struct GuardOutcome {
  GuardEnd end = GuardEnd::lost;
  std::string detail;  // the guard's state, its restart.log's last line, or the last connection error
  std::chrono::milliseconds elapsed{0};  // from launch to the outcome
};

// A fresh connection to the node (the one that launched the guard is gone).
using Connect = std::function<std::unique_ptr<exec::Session>(std::chrono::seconds connect_timeout)>;

// Reconnects until the guard has restarted networking, then confirms. When
// the timeout passes first, waits (up to `rollback_wait` more) to see the
// rollback's outcome. `launched` is when launch_guard returned.
GuardOutcome await_confirmation(const Connect& connect, const GuardSpec& spec,
                                std::chrono::steady_clock::time_point launched, std::chrono::seconds rollback_wait);

}  // namespace anvil::net
