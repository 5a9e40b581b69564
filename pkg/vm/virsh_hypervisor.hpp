// The static build's transport: virsh run on the node over SSH (pkg/exec),
// talking to the node's own libvirtd (virsh's default URI there).
#pragma once

#include <functional>
#include <string>

#include "exec/executor.hpp"
#include "vm/hypervisor.hpp"

namespace anvil::vm {

// Runs a read-only command on the node over a second connection and
// returns its stdout: progress is read while the first is busy migrating.
using SideRunner = std::function<std::string(const std::string& command_line)>;

class VirshHypervisor : public Hypervisor {
 public:
  // `side` may be empty: then a migration shows no progress.
  VirshHypervisor(exec::Executor& node, SideRunner side = {}) : ex_(node), side_(std::move(side)) {}
  const std::string& node() const override { return ex_.node(); }
  std::vector<DomainInfo> list() override;
  std::optional<DomainInfo> find(const std::string& name) override;
  std::string domain_xml(const std::string& name) override;
  void define(const std::string& xml) override;
  void start(const std::string& name) override;
  void request_shutdown(const std::string& name) override;
  void destroy(const std::string& name) override;
  void undefine(const std::string& name) override;
  JobProgress job(const std::string& name) override;
  void migrate(const std::string& name, Hypervisor& target, const std::string& target_uri,
               const std::function<void(const JobProgress&)>& progress) override;
  std::string transport() const override { return "virsh"; }

 private:
  // virsh ARGS... on the node; throws with virsh's error when it fails.
  std::string virsh(const std::vector<std::string>& args, bool changes, const std::string& input = {},
                    std::chrono::milliseconds deadline = std::chrono::minutes(2));
  exec::Executor& ex_;
  SideRunner side_;
};

// virsh's "error: ..." lines as one line, without the prefixes.
std::string virsh_error(const std::string& err);

}  // namespace anvil::vm
