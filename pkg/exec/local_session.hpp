// The node anvil runs on, as a session: commands through /bin/sh.
#pragma once

#include "exec/session.hpp"

namespace anvil::exec {

class LocalSession : public Session {
 public:
  explicit LocalSession(std::string node) : node_(std::move(node)) {}
  const std::string& node() const override { return node_; }
  CommandResult run(const Command& command) override;
  std::unique_ptr<NodeLock> lock(const std::string& holder, std::chrono::seconds wait) override;

 private:
  std::string node_;
};

}  // namespace anvil::exec
