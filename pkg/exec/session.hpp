// A connection to one node: local or over SSH, behind one interface.
// A session is used by one thread at a time; the fan-out gives each node's
// session to one worker.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "exec/command.hpp"

namespace anvil::exec {

// Held while a run changes a node; released when destroyed (or when the
// connection drops, since the lock lives in a process on the node).
class NodeLock {
 public:
  virtual ~NodeLock() = default;
};

class Session {
 public:
  virtual ~Session() = default;
  virtual const std::string& node() const = 0;
  virtual CommandResult run(const Command& command) = 0;
  // Takes the node's anvil lock (/run/lock/anvil.lock), waiting up to `wait`;
  // throws ErrorKind::locked naming the holder when it stays taken.
  virtual std::unique_ptr<NodeLock> lock(const std::string& holder, std::chrono::seconds wait) = 0;
};

}  // namespace anvil::exec
