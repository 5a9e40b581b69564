// The per-node lock, the same on every kind of session: a shell on the node
// takes flock(1) on /var/lock/anvil.lock (/var/lock exists on EL6 and on
// current distributions), writes who holds it, and keeps it until its stdin
// closes, which also happens when anvil dies or the connection drops.
#pragma once

#include <chrono>
#include <string>

#include "core/error.hpp"

namespace anvil::exec {

inline constexpr const char* lock_file = "/var/lock/anvil.lock";
inline constexpr const char* lock_owner_file = "/var/lock/anvil.owner";
// The line the script prints once it holds the lock.
inline constexpr const char* lock_taken_marker = "anvil-lock-taken";
inline const std::string lock_taken_line = std::string(lock_taken_marker) + "\n";
inline constexpr int lock_busy_status = 75;  // EX_TEMPFAIL

std::string lock_script(const std::string& holder, std::chrono::seconds wait);

// The error for a lock that was not taken: who holds it, or why it failed.
Error lock_refused(const std::string& node, int exit_status, const std::string& out, const std::string& err,
                   std::chrono::seconds wait);

}  // namespace anvil::exec
