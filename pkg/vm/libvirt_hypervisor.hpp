// The default build's transport: the libvirt client library, connected to
// the node's libvirtd by a remote URI (qemu+ssh://root@node/system unless
// the plan says otherwise). Only in builds with ANVIL_WITH_LIBVIRT.
#pragma once

#include <libvirt/libvirt.h>

#include <string>

#include "core/handle.hpp"
#include "vm/hypervisor.hpp"

namespace anvil::vm {

using Connection = Handle<virConnect, virConnectClose>;
using Domain = Handle<virDomain, virDomainFree>;

class LibvirtHypervisor : public Hypervisor {
 public:
  // Connects; throws a failure with libvirt's reason when it cannot.
  LibvirtHypervisor(std::string node, std::string uri);
  const std::string& node() const override { return node_; }
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
  std::string transport() const override { return "libvirt"; }

 private:
  Domain lookup(const std::string& name);  // throws when there is none
  [[noreturn]] void fail(const std::string& what) const;
  std::string node_;
  std::string uri_;
  Connection conn_;
};

}  // namespace anvil::vm
