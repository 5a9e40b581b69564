// One node's libvirtd, as the vm commands use it. Two transports behind one
// interface (DESIGN.md): the libvirt client library with a remote URI
// (libvirt_hypervisor, the default build) and `virsh` run on the node over
// SSH (virsh_hypervisor, the static build, which cannot link libvirt).
// Both throw anvil::Error with libvirt's own words on failure.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace anvil::vm {

// libvirt's domain states, in virsh's words.
inline constexpr const char* state_running = "running";
inline constexpr const char* state_shut_off = "shut off";
inline constexpr const char* state_paused = "paused";

struct DomainInfo {
  std::string name;
  std::string state;  // "running", "shut off", "paused", "in shutdown", "crashed", "pmsuspended", "blocked"
  bool persistent = false;
  int vcpus = 0;
  std::int64_t max_memory_kib = 0;
  std::string uuid;
};

// A running job (a migration): how far it is. `active` false: no job.
struct JobProgress {
  bool active = false;
  std::string operation;  // "Outgoing migration"
  std::int64_t elapsed_ms = 0;
  std::int64_t data_total = 0;  // bytes
  std::int64_t data_processed = 0;
  std::int64_t data_remaining = 0;
  int percent() const {
    return data_total > 0 ? static_cast<int>(100 * (data_total - data_remaining) / data_total) : 0;
  }
};

class Hypervisor {
 public:
  virtual ~Hypervisor() = default;
  virtual const std::string& node() const = 0;
  // Every domain the node knows: defined ones and transient ones running.
  virtual std::vector<DomainInfo> list() = 0;
  virtual std::optional<DomainInfo> find(const std::string& name) = 0;
  virtual std::string domain_xml(const std::string& name) = 0;
  virtual void define(const std::string& xml) = 0;
  virtual void start(const std::string& name) = 0;
  // Asks the guest to shut down (ACPI); returns at once.
  virtual void request_shutdown(const std::string& name) = 0;
  virtual void destroy(const std::string& name) = 0;
  virtual void undefine(const std::string& name) = 0;
  virtual JobProgress job(const std::string& name) = 0;
  // Live-migrates `name` to `target` (reached there as `target_uri`): the
  // definition goes with it and leaves this node. Blocks until it is done;
  // `progress` is called about once a second meanwhile (from another
  // thread), with the job as the source sees it.
  virtual void migrate(const std::string& name, Hypervisor& target, const std::string& target_uri,
                       const std::function<void(const JobProgress&)>& progress) = 0;
  // The transport, for messages and --version: "libvirt", "virsh".
  virtual std::string transport() const = 0;
};

}  // namespace anvil::vm
