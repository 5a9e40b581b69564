#include "exec/local_session.hpp"

#include "exec/child_process.hpp"
#include "exec/node_lock_script.hpp"

namespace anvil::exec {
namespace {

class LocalLock : public NodeLock {
 public:
  explicit LocalLock(std::unique_ptr<ChildProcess> holder) : holder_(std::move(holder)) {}
  ~LocalLock() override { holder_->finish(); }  // closing stdin ends the holder

 private:
  std::unique_ptr<ChildProcess> holder_;
};

}  // namespace

CommandResult LocalSession::run(const Command& command) {
  ChildProcess child({"/bin/sh", "-c", command.line});
  return child.communicate(command.input, command.deadline);
}

std::unique_ptr<NodeLock> LocalSession::lock(const std::string& holder, std::chrono::seconds wait) {
  auto child = std::make_unique<ChildProcess>(std::vector<std::string>{"/bin/sh", "-c", lock_script(holder, wait)});
  auto out = child->read_until(lock_taken_line, wait + std::chrono::seconds(5));
  if (out.find(lock_taken_line) != std::string::npos) return std::make_unique<LocalLock>(std::move(child));
  auto result = child->communicate("", std::chrono::seconds(5));
  throw lock_refused(node_, result.exit_status, out + result.out, result.err, wait);
}

}  // namespace anvil::exec
