// A guest's libvirt domain XML, from the plan: KVM, its disk a clustered LV
// on virtio (cache='none', as live migration over shared storage needs), a
// virtio NIC on the IFN bridge (vbr2), a serial console. Pure: plan in, XML
// out, written with pugixml so every value is escaped as XML needs.
#pragma once

#include <string>

#include "plan/model.hpp"

namespace anvil::vm {

// Stable across renders, so that a re-render never looks like a new guest:
// the UUID from the cluster's and the guest's names, the MAC from the
// cluster number and the guest's sequence (52:54:00 is QEMU's own prefix).
std::string guest_uuid(const plan::Cluster& c, const plan::Vm& v);
std::string guest_mac(const plan::Cluster& c, const plan::Vm& v);

// Throws a failure naming what is missing (RAM, vCPUs, disk) when the
// guest was put in the plan with its address only.
std::string render_domain_xml(const plan::Cluster& c, const plan::Vm& v);

// The guest's name in a domain XML, or empty when it has none.
std::string domain_name_of(const std::string& xml);

}  // namespace anvil::vm
